// A plan as users read it: JSON (the documented shape) or YAML, with Secret data redacted.
import { stringify } from "yaml";
import type { KubeObject, Plan, PlanStep } from "./plan";

export const REDACTED = "<redacted>";

/** A copy of the object with every Secret value replaced by `<redacted>`. */
export function redactObject(o: KubeObject): KubeObject {
  if (o.kind !== "Secret") return o;
  const out: KubeObject = { ...o };
  for (const field of ["data", "stringData"]) {
    const values = o[field];
    if (values && typeof values === "object") {
      out[field] = Object.fromEntries(Object.keys(values).map((k) => [k, REDACTED]));
    }
  }
  return out;
}

/** The public shape of a step: `{action, target: {context, namespace}, description, objects}`. */
export function publicStep(s: PlanStep): { action: string; target: { context: string; namespace: string }; description: string; objects: KubeObject[] } {
  return {
    action: s.action,
    target: { context: s.target.context, namespace: s.target.namespace },
    description: s.description,
    objects: s.objects.map(redactObject),
  };
}

/** `{"deployment", "steps":[...]}`, Secret data redacted. */
export function planToJson(plan: Plan): string {
  return JSON.stringify({ deployment: plan.deployment, steps: plan.steps.map(publicStep) }, null, 2);
}

/** The plan as YAML, a comment per step naming what runs after what. */
export function planToYaml(plan: Plan): string {
  const head =
    `# Deployment plan for ${plan.deployment}: score ${plan.score} on topology ${plan.topology}\n` +
    `# ${plan.steps.length} step${plan.steps.length === 1 ? "" : "s"}; Secret data is redacted. Nothing has been applied.\n`;
  const body = stringify(
    { deployment: plan.deployment, steps: plan.steps.map(publicStep) },
    { lineWidth: 0, indentSeq: true, aliasDuplicateObjects: false },
  );
  return head + body;
}
