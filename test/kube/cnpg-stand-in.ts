// Stands in for the CloudNativePG operator, which cannot run on the test kube-apiserver (no kubelet):
// it writes through /status what CloudNativePG would. Used by the kube tests and by the integration
// test that runs Switch Over… in VS Code against the same server.
import * as k8s from "@kubernetes/client-node";
import type { Kube } from "../../engine/deploy";
import { claimsPrimary } from "../../engine/deploy/postgres-live";
import { testKubeConfig, type SiteContext } from "./kubeconfig";

const CNPG = { group: "postgresql.cnpg.io", version: "v1", plural: "clusters" };
const b64 = (s: string) => Buffer.from(s).toString("base64");
const mergePatch = k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch);

/**
 * Stands in for the CloudNativePG operator of a set of Clusters, polling them: certificates once a
 * Cluster exists, a healthy phase, `status.demotionToken` when a primary is demoted (unless told
 * not to), `status.lastPromotionToken` and a new timeline when a side is promoted with a token it
 * issued, or without a token.
 */
export class CloudNativePgStandIn {
  private readonly roles = new Map<string, boolean>();
  private readonly everPrimary = new Set<string>();
  private readonly issued = new Set<string>();
  private stopped = false;
  private readonly loop: Promise<void>;
  demotes = true;

  constructor(private readonly clusters: { context: SiteContext; namespace: string }[]) {
    this.loop = this.run();
  }

  private async tick(context: SiteContext, namespace: string): Promise<void> {
    const kc = testKubeConfig(context);
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    const c = (await custom.getNamespacedCustomObject({ ...CNPG, namespace, name: "pg" }).catch(() => undefined)) as any;
    if (!c) return;
    const key = `${context}/${namespace}`;
    if (!this.roles.has(key)) {
      const core = kc.makeApiClient(k8s.CoreV1Api);
      await core.createNamespacedSecret({ namespace, body: { metadata: { name: "pg-ca" }, data: { "ca.crt": b64(`CA ${key}`), "ca.key": b64("CA KEY") } } }).catch(() => undefined);
      await core
        .createNamespacedSecret({ namespace, body: { metadata: { name: "pg-replication" }, type: "kubernetes.io/tls", data: { "tls.crt": b64("CLIENT CERT"), "tls.key": b64("CLIENT KEY") } } })
        .catch(() => undefined);
    }
    const primary = claimsPrimary(c);
    const was = this.roles.get(key);
    const status: Record<string, unknown> = { phase: "Cluster in healthy state", readyInstances: 1, instances: 1 };
    const timeline = c.status?.timelineID ?? 1;
    if (primary) this.everPrimary.add(key);
    const demoted = was === true || (this.everPrimary.has(key) && !c.status?.demotionToken);
    if (!primary && demoted && this.demotes) {
      const token = b64(JSON.stringify({ cluster: key, timeline, at: Date.now() }));
      this.issued.add(token);
      status.demotionToken = token;
    }
    const token = c.spec.replica?.promotionToken;
    if (was === false && primary) {
      if (token && this.issued.has(token)) Object.assign(status, { lastPromotionToken: token, timelineID: timeline + 1 });
      else if (!token) status.timelineID = timeline + 1;
      else return; // CloudNativePG refuses a token it cannot verify: the side stays a replica.
    }
    if (was === undefined || was !== primary || c.status?.phase !== status.phase || status.demotionToken) {
      await custom.patchNamespacedCustomObjectStatus({ ...CNPG, namespace, name: "pg", body: { status } }, mergePatch);
    }
    this.roles.set(key, primary);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      for (const c of this.clusters) await this.tick(c.context, c.namespace).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }
}


/**
 * What a test of this describe block opens, closed after each test: its kube clients and its
 * stand-ins (stopped first, so nothing writes to a cluster the next test reads).
 */
export function closedAfterEach(): { kubes: Kube[]; standIns: CloudNativePgStandIn[] } {
  const opened = { kubes: [] as Kube[], standIns: [] as CloudNativePgStandIn[] };
  afterEach(async () => {
    for (const s of opened.standIns.splice(0)) await s.stop();
    for (const k of opened.kubes.splice(0)) k.close();
  });
  return opened;
}
