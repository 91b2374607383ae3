// Deploying: the planner (model -> steps with objects), the plan's renderings, and the kube applier.
export * from "./plan";
export * from "./planner";
export * from "./render";
export { CNPG_API_VERSION, CNPG_HEALTHY, dnsLabel } from "./manifests";
export * from "./summary";
export { applyPlan, type ApplyOptions, type ProgressEvent } from "./apply";
export { resolveKubeconfig, loadKubeconfig, type KubeconfigSource } from "../kube/kubeconfig";
export { openKube, Kube, KubeError, FIELD_MANAGER, type KubeOpen, type FieldConflict, type RetryPolicy } from "./kube";
export { projectOnto, sameJson } from "./fields";
export { whatIf, type WhatIfEntry } from "./whatif";
