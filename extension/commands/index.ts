import type { HarmonyContext } from "../context";
import { registerBonds } from "../bonds/register";
import { registerDeploy } from "../deploy/register";
import { registerDiagram } from "../diagram/register";

/** Registers every palette command; each lives in its own file beside this one. */
export function registerCommands(ctx: HarmonyContext): void {
  ctx.registerCommand("harmony.showLog", () => ctx.log.show());
  registerBonds(ctx);
  registerDeploy(ctx);
  registerDiagram(ctx);
}
