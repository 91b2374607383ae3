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
  /** Bounds on talking to API servers, from user settings (workspaces cannot set them). */
  get kubeLimits(): { requestTimeoutMs: number } {
    const s = vscode.workspace.getConfiguration("harmony").get<number>("deploy.requestTimeoutSeconds", 30);
    return { requestTimeoutMs: Math.max(1, Number.isFinite(s) ? s : 30) * 1000 };
  },
  /** `harmony.ssh.knownHostsFile`; undefined means ~/.ssh/known_hosts. */
  get knownHostsFile(): string | undefined {
    return vscode.workspace.getConfiguration("harmony").get<string>("ssh.knownHostsFile", "").trim() || undefined;
  },
  get deployDeadlineMs(): number {
    const m = vscode.workspace.getConfiguration("harmony").get<number>("deploy.timeoutMinutes", 30);
    return Math.max(1, Number.isFinite(m) ? m : 30) * 60_000;
  },
  /** How long Apply Bonds follows nmstate on the nodes before saying which have not settled. */
  get bondFollowTimeoutMs(): number {
    const m = vscode.workspace.getConfiguration("harmony").get<number>("bonds.followTimeoutMinutes", 5);
    return Math.max(0.05, Number.isFinite(m) ? m : 5) * 60_000;
  },
  get confirmDeploy(): boolean {
    return vscode.workspace.getConfiguration("harmony").get<boolean>("deploy.confirm", true);
  },
  get debounceMs(): number {
    return vscode.workspace.getConfiguration("harmony").get<number>("check.debounceMs", 150);
  },
};
