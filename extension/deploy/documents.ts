import * as vscode from "vscode";
import { ReadOnlyDocuments } from "../readonly-documents";

export const PLAN_SCHEME = "harmony-plan";

/** The read-only texts of plan previews and what-if sides. */
export class PlanDocuments extends ReadOnlyDocuments {}

const segment = (s: string) => s.replace(/[/\\]/g, "_") || "_";

/** `harmony-plan:/<deployment>.plan.yaml?file=…` */
export function planUri(file: vscode.Uri, deployment: string): vscode.Uri {
  return vscode.Uri.from({ scheme: PLAN_SCHEME, path: `/${segment(deployment)}.plan.yaml`, query: new URLSearchParams({ file: file.toString() }).toString() });
}

/** One side of an object's what-if: `harmony-plan:/<deployment>/<context>/<Kind ns/name>.yaml?side=…` */
export function whatIfUri(file: vscode.Uri, deployment: string, context: string, ref: string, side: "live" | "planned"): vscode.Uri {
  return vscode.Uri.from({
    scheme: PLAN_SCHEME,
    path: `/${segment(deployment)}/${segment(context || "current-context")}/${segment(ref)}.yaml`,
    query: new URLSearchParams({ file: file.toString(), side }).toString(),
  });
}
