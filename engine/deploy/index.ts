// Deploying: the planner (model -> steps with objects), the plan's renderings, and the kube applier.
export * from "./plan";
export * from "./planner";
export * from "./render";
export { CNPG_API_VERSION, CNPG_HEALTHY, dnsLabel } from "./manifests";
