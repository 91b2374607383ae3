// What acts on a cluster, as one bundle (dist/kube.js) the extension loads on first use, so the
// Kubernetes client is not read at activation: kubeconfig loading, deploy, what-if, bond reads.
export { loadKubeconfig, resolveKubeconfig, type KubeconfigSource } from "./kubeconfig";
export { openKube, type Kube, type KubeOpen, type RequestLimits, type RetryPolicy } from "../deploy/kube";
export { applyPlan, type ApplyOptions, type ProgressEvent } from "../deploy/apply";
export { whatIf, type WhatIfEntry } from "../deploy/whatif";
export { clusterOf, fetchNodeNetworkStates, type ClusterSource } from "../bonds/cluster";
