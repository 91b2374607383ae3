import * as vscode from "vscode";

/** The extension's settings, read in one place. */
export const config = {
  /**
   * The `harmony.kubeconfig` setting as written; empty means KUBECONFIG, else ~/.kube/config,
   * resolved by the engine as the CLI resolves it.
   */
  get kubeconfig(): string {
    return vscode.workspace.getConfiguration("harmony").get<string>("kubeconfig", "").trim();
  },
  get confirmDeploy(): boolean {
    return vscode.workspace.getConfiguration("harmony").get<boolean>("deploy.confirm", true);
  },
  get debounceMs(): number {
    return vscode.workspace.getConfiguration("harmony").get<number>("check.debounceMs", 150);
  },
};
