import * as vscode from "vscode";
import type { HarmonyContext } from "../context";
import { APPLY_BONDS, applyBonds } from "./apply";
import { BONDS_SCHEME, BondDocuments } from "./documents";
import { IMPORT_HOSTS, importHosts } from "./import-hosts";
import { LockoutDiagnostics } from "./lockout";
import { SHOW_BOND_DIFF, showBondDiff } from "./show";
import { ShownBondDiffs } from "./shown";

/** Host bonds: the read-only documents, Show Bond Diff, its lockout warnings, Apply Bonds, and Import Hosts from Cluster. */
export function registerBonds(ctx: HarmonyContext): void {
  const documents = ctx.own(new BondDocuments());
  const shown = ctx.own(new ShownBondDiffs());
  ctx.own(vscode.workspace.registerTextDocumentContentProvider(BONDS_SCHEME, documents));
  const lockout = ctx.own(new LockoutDiagnostics(ctx.asset()));
  ctx.registerCommand(SHOW_BOND_DIFF, showBondDiff(ctx, documents, shown, lockout));
  ctx.registerCommand(APPLY_BONDS, applyBonds(ctx, shown));
  ctx.registerCommand(IMPORT_HOSTS, importHosts(ctx, documents));
}
