export * from "./source";
export * from "./capabilities";
export * from "./diagnostics";
export * from "./topology";
export * from "./ids";
export * from "./mac";
export * from "./nmstate";
export * from "./excerpt";
