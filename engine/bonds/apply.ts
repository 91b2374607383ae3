// Creates or updates a deployment's NodeNetworkConfigurationPolicies on a cluster by server-side
// apply (field manager `harmony`). Stands in until the deploy engine exports an applier.
import type { NodeNetworkConfigurationPolicy } from "../../language/model";
import type { ClusterSource } from "./cluster";

export const FIELD_MANAGER = "harmony";

/** What happened to one policy. */
export interface PolicyApplied {
  name: string;
  /** The node the policy selects. */
  node: string;
  outcome: "created" | "configured" | "unchanged" | "failed";
  /** Why it failed, in words a user can act on. */
  error?: string;
}

export type BondApplyResult =
  | { ok: true; context: string; server: string; policies: PolicyApplied[] }
  | { ok: false; error: string; context?: string; server?: string; policies: PolicyApplied[] };

function statusOf(e: unknown): number | undefined {
  const code = (e as { code?: unknown })?.code;
  return typeof code === "number" ? code : undefined;
}

/** The Status message of an ApiException (its body is a raw JSON string), else the error's first line. */
function messageOf(e: unknown): string {
  const body = (e as { body?: unknown })?.body;
  if (typeof body === "string") {
    try {
      const status = JSON.parse(body) as { message?: unknown };
      if (typeof status.message === "string" && status.message) return status.message;
    } catch {
      // Not a Status body: fall through to the error's own message.
    }
  }
  return e instanceof Error ? e.message.split("\n")[0] : String(e);
}

/** The node a policy selects, for messages. */
function nodeOf(p: NodeNetworkConfigurationPolicy): string {
  return p.spec.nodeSelector?.["kubernetes.io/hostname"] ?? "(any node)";
}

/**
 * Server-side applies `policies` (in order, stopping at none) on the cluster of `source`;
 * each policy's outcome is reported, failures as values, nothing throws.
 */
export async function applyBondPolicies(
  policies: readonly NodeNetworkConfigurationPolicy[],
  source: ClusterSource,
): Promise<BondApplyResult> {
  const k8s = await import("@kubernetes/client-node");
  const kc = new k8s.KubeConfig();
  const where = source.kubeconfig || "the default kubeconfig";
  try {
    if (source.kubeconfig) kc.loadFromFile(source.kubeconfig);
    else kc.loadFromDefault();
  } catch (e) {
    return { ok: false, error: `cannot read kubeconfig ${where}: ${e instanceof Error ? e.message : String(e)}`, policies: [] };
  }
  if (source.context) {
    if (!kc.getContexts().some((c) => c.name === source.context)) {
      const names = kc.getContexts().map((c) => c.name);
      return { ok: false, error: `context \`${source.context}\` not found in ${where}; contexts there: ${names.join(", ") || "none"}`, policies: [] };
    }
    kc.setCurrentContext(source.context);
  }
  const cluster = kc.getCurrentCluster();
  const context = kc.getCurrentContext();
  if (!cluster) return { ok: false, error: `${where} has no current context; pass one that names a cluster`, policies: [] };
  const api = k8s.KubernetesObjectApi.makeApiClient(kc);

  const applied: PolicyApplied[] = [];
  for (const policy of policies) {
    const name = policy.metadata.name;
    const node = nodeOf(policy);
    // The version before tells created, configured and unchanged apart, as kubectl does.
    let before: string | undefined;
    try {
      const existing = await api.read({ apiVersion: policy.apiVersion, kind: policy.kind, metadata: { name } });
      before = existing.metadata?.resourceVersion ?? "";
    } catch {
      // Not there (404), or a failure the apply itself reports with a better message.
    }
    try {
      const after = await api.patch(
        policy as unknown as Parameters<typeof api.patch>[0],
        undefined,
        undefined,
        FIELD_MANAGER,
        false,
        k8s.PatchStrategy.ServerSideApply,
      );
      const outcome = before === undefined ? "created" : before === after.metadata?.resourceVersion ? "unchanged" : "configured";
      applied.push({ name, node, outcome });
    } catch (e) {
      const status = statusOf(e);
      const reason = messageOf(e);
      let error: string;
      if (status === 404 || /resource .* not found|could not find|no matches for kind/i.test(reason)) {
        error = `the cluster has no ${policy.apiVersion} ${policy.kind} resource; is the kubernetes-nmstate operator installed?`;
      } else if (status === 401 || status === 403) {
        error = `access denied (HTTP ${status}); the user needs patch and create on nodenetworkconfigurationpolicies.nmstate.io`;
      } else if (status === 409) {
        error = `${reason}; it was changed outside Harmony: review it with \`kubectl get nncp ${name} -o yaml\`, then delete it or hand its fields back to Harmony`;
      } else {
        error = reason;
      }
      applied.push({ name, node, outcome: "failed", error });
    }
  }
  const failed = applied.filter((p) => p.outcome === "failed");
  if (failed.length) {
    return {
      ok: false,
      error: failed.map((p) => `${p.name}: ${p.error}`).join("; "),
      context,
      server: cluster.server,
      policies: applied,
    };
  }
  return { ok: true, context, server: cluster.server, policies: applied };
}
