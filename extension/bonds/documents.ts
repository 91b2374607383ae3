import * as vscode from "vscode";
import { ReadOnlyDocuments } from "../readonly-documents";

export const BONDS_SCHEME = "harmony-bonds";

/** The read-only texts of bond diffs. */
export class BondDocuments extends ReadOnlyDocuments {}

/**
 * The URI of one side of a host's bond diff: `harmony-bonds:/<deployment>/<bond>/<host>.yaml`, so
 * the multi-diff editor labels each entry with its host; the query keeps files and sides apart.
 */
export function bondUri(file: vscode.Uri, deployment: string, bond: string, host: string, side: "current" | "desired"): vscode.Uri {
  const segment = (s: string) => s.replace(/[/\\]/g, "_");
  return vscode.Uri.from({
    scheme: BONDS_SCHEME,
    path: `/${segment(deployment)}/${segment(bond)}/${segment(host)}.yaml`,
    query: new URLSearchParams({ file: file.toString(), side }).toString(),
  });
}

