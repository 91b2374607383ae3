// The plan that applies a bond diff: one step, the changed hosts' policies server-side applied on
// the topology's context — what the diff showed, not a fresh reading of the file.
import type { NodeNetworkConfigurationPolicy } from "../../shared/model";
import type { KubeObject, Plan } from "../deploy/plan";
import type { BondDiffReport } from "./diff";
import type { FollowTarget } from "./follow";

/** A one-step plan: server-side apply `policies` on the report's context. */
export function bondPlan(report: BondDiffReport, policies: readonly NodeNetworkConfigurationPolicy[], file: string): Plan {
  return {
    deployment: report.deployment,
    file,
    topology: report.cluster,
    score: report.deployment,
    steps: [
      {
        id: "s1",
        action: "apply",
        target: { context: report.context ?? "", namespace: "" },
        description: `${policies.length} NodeNetworkConfigurationPolic${policies.length === 1 ? "y" : "ies"} (one per changed host) on ${report.cluster}`,
        objects: policies as unknown as KubeObject[],
        after: [],
      },
    ],
  };
}

/** Which node each policy configures, for following the apply. */
export function followTargets(report: BondDiffReport, policies: readonly NodeNetworkConfigurationPolicy[]): FollowTarget[] {
  return policies.map((p) => {
    const node = p.spec.nodeSelector?.["kubernetes.io/hostname"] ?? "";
    return { host: report.hosts.find((h) => h.node === node)?.host ?? node, node, policy: p.metadata.name };
  });
}
