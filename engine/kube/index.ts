// What the extension runs on demand, as one bundle (dist/kube.js) loaded on first use, so neither
// the Kubernetes client nor the YAML library is read at activation: kubeconfig loading, deploy,
// what-if, bond reads from clusters and from NodeNetworkState files, following a bond apply, plans written as YAML.
export { loadKubeconfig, resolveKubeconfig, type KubeconfigSource } from "./kubeconfig";
export { openKube, type Kube, type KubeOpen, type RequestLimits, type RetryPolicy } from "../deploy/kube";
export { applyPlan, type ApplyOptions, type ProgressEvent } from "../deploy/apply";
export { whatIf, type WhatIfEntry } from "../deploy/whatif";
export { deployWithSwitchover, formatSwitchover, readSwitchover, type SwitchoverDeploy } from "../deploy/switchover-run";
export { postgresSides } from "../deploy/postgres-live";
export { livePrimarySites, switchoverPreview } from "../deploy/switchover-preview";
export { clusterOf, fetchNodeNetworkStates, type ClusterSource } from "../bonds/cluster";
export { readNodeNetworkStates } from "../bonds/read";
export { followBondApply, formatFollow, type FollowResult, type NodeOutcome } from "../bonds/follow";
export { planToYaml } from "../deploy/render";
