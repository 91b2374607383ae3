// The bond differ: desired host bonds (nmstate) against each node's NodeNetworkState.
export * from "./problem";
export { canonicalBondMode, canonicalInterface, canonicalOptionValue } from "./spelling";
export * from "./desired";
export * from "./read";
export * from "./cluster";
export { canonicalOrder, canonicalYaml } from "./canonical";
export { projectCurrent, projectOnto, currentInterfaces } from "./project";
export * from "./diff";
