import { strict as assert } from "node:assert";
import { applyEdits, planEdits } from "../../../language/edits";
import type { DesignerOp } from "../../../shared/protocol/webview";

/** The text after planning and applying each op in turn, as the canvas would; fails on a refused op. */
export function applyOps(text: string, ...ops: DesignerOp[]): string {
  for (const op of ops) {
    const plan = planEdits(text, op);
    assert.ok(plan.ok, plan.ok ? "" : plan.message);
    text = applyEdits(text, plan.edits);
  }
  return text;
}
