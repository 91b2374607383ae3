// The bond differ: desired host bonds (nmstate) against each node's NodeNetworkState.
// Entry points (pure unless said; problems are values, nothing throws):
//   desiredPolicies(model, deployment)      -> {policies: NodeNetworkConfigurationPolicy[], problems}  (deploy planner)
//   desiredBonds(model, deployment)         -> BondDeployment: settings, context, per-host state + policy
//   readNodeNetworkStates(text, file)       -> {ok, states} | {ok: false, error: "file:line:col: …"}
//   diffBonds(model, deployment, states)    -> BondDiffReport: per host {host, node, bond, changed, current, desired, problems}
//   unifiedBondDiff(diff)                   -> "--- <host> (current)\n+++ <host> (desired)…", "" when unchanged
// `deployment` is a deployment id, its const name, or its score's name.
// Reading them from a cluster is the kube engine's (engine/kube: fetchNodeNetworkStates), so the
// pure differ never loads the Kubernetes client.
export * from "./problem";
export { canonicalBondMode, canonicalInterface, canonicalOptionValue } from "./spelling";
export * from "./desired";
export * from "./read";
export { canonicalOrder, canonicalYaml } from "./canonical";
export { projectCurrent, projectOnto, currentInterfaces } from "./project";
export * from "./diff";
export * from "./lockout";
export { hostsFromStates, hostOfNode, isPhysicalNic } from "./inventory";
