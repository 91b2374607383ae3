export * from "./source";
export * from "./capabilities";
export * from "./diagnostics";
export * from "./topology";
export * from "./mac";
export * from "./nmstate";
export * from "./excerpt";
