import * as vscode from "vscode";
import { homedir } from "node:os";
import { join } from "node:path";

/** The extension's settings, read in one place. */
export const config = {
  get kubeconfig(): string {
    const setting = vscode.workspace.getConfiguration("harmony").get<string>("kubeconfig", "").trim();
    if (setting) return setting.replace(/^~(?=$|\/)/, homedir());
    const env = process.env.KUBECONFIG;
    if (env) return env;
    return join(homedir(), ".kube", "config");
  },
  get confirmDeploy(): boolean {
    return vscode.workspace.getConfiguration("harmony").get<boolean>("deploy.confirm", true);
  },
  get debounceMs(): number {
    return vscode.workspace.getConfiguration("harmony").get<number>("check.debounceMs", 150);
  },
};
