import type { HarmonyContext } from "../context";
import { COMPARE_DIAGRAM, compareDiagram } from "./compare";

export function registerDiagram(ctx: HarmonyContext): void {
  ctx.registerCommand(COMPARE_DIAGRAM, compareDiagram(ctx));
}
