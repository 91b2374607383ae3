import * as vscode from "vscode";
import { headline, type DeploySummary } from "../../engine/deploy/summary";
import type { HostDeploySummary } from "../../engine/docker/deploy";
import type { LivePrimaryView } from "../../shared/protocol/webview";

/** The outcome of a deployment's last run, as the designer shows it. */
export interface DeployStatus {
  outcome: "deployed" | "partial" | "failed" | "cancelled";
  /** ISO time the run ended. */
  at: string;
  /** One line: what was applied, what was not. */
  summary: string;
}

const KEY = "harmony.deployStatus";
const LIVE_KEY = "harmony.livePrimary";
type Stored = Record<string, Record<string, DeployStatus>>;
type StoredLive = Record<string, Record<string, LivePrimaryView>>;

/** The last deploy of each deployment, per topology file; kept in the workspace's state. */
export class DeployStatusStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the uri of the file whose statuses changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly memento: vscode.Memento) {}

  forFile(uri: vscode.Uri | string): Record<string, DeployStatus> {
    return this.memento.get<Stored>(KEY, {})[String(uri)] ?? {};
  }

  /** Records a run's summary (dry runs change nothing in a cluster and are not recorded). */
  async recordSummary(uri: vscode.Uri, deployment: string, summary: DeploySummary): Promise<void> {
    if (summary.dryRun) return;
    const applied = summary.objects.some((o) => o.outcome === "applied" || o.outcome === "unchanged");
    const outcome: DeployStatus["outcome"] = summary.ok ? "deployed" : summary.cancelled ? "cancelled" : applied ? "partial" : "failed";
    await this.record(uri, deployment, { outcome, at: new Date().toISOString(), summary: headline(summary) });
  }

  /** Records a run on Linux hosts (dry runs are not recorded). */
  async recordHostSummary(uri: vscode.Uri, deployment: string, summary: HostDeploySummary, line: string): Promise<void> {
    if (summary.dryRun) return;
    const applied = summary.containers.some((c) => c.outcome !== "failed" && c.outcome !== "skipped");
    const outcome: DeployStatus["outcome"] = summary.ok ? "deployed" : summary.cancelled ? "cancelled" : applied ? "partial" : "failed";
    await this.record(uri, deployment, { outcome, at: new Date().toISOString(), summary: line });
  }

  /** Records a run that stopped before applying anything, with why. */
  async recordFailure(uri: vscode.Uri, deployment: string, why: string): Promise<void> {
    await this.record(uri, deployment, { outcome: "failed", at: new Date().toISOString(), summary: `nothing applied: ${why}` });
  }

  /** Which sites of a failover PostgreSQL claimed primary at the last read of its live Clusters, by deployment. */
  livePrimaries(uri: vscode.Uri | string): Record<string, LivePrimaryView> {
    return this.memento.get<StoredLive>(LIVE_KEY, {})[String(uri)] ?? {};
  }

  /** Records what a read of the live Clusters found: the sites that claimed primary, and when. */
  async recordLivePrimary(uri: vscode.Uri, deployment: string, sites: string[], at = new Date()): Promise<void> {
    const all = { ...this.memento.get<StoredLive>(LIVE_KEY, {}) };
    all[uri.toString()] = { ...(all[uri.toString()] ?? {}), [deployment]: { sites, at: at.toISOString() } };
    await this.memento.update(LIVE_KEY, all);
    this.changed.fire(uri.toString());
  }

  private async record(uri: vscode.Uri, deployment: string, status: DeployStatus): Promise<void> {
    const all = { ...this.memento.get<Stored>(KEY, {}) };
    all[uri.toString()] = { ...(all[uri.toString()] ?? {}), [deployment]: status };
    await this.memento.update(KEY, all);
    this.changed.fire(uri.toString());
  }

  dispose(): void {
    this.changed.dispose();
  }
}
