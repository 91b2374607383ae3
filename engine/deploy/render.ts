// A plan as users read it: JSON (the documented shape) or YAML, with Secret data redacted.
import { stringify } from "yaml";
import { redact } from "../../shared/redact";
import type { ContainerObject, DeployPlan, HostStep, KubeObject, PlanStep } from "./plan";

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

/** A container with the values of secret-looking environment variables (`DB_PASSWORD`, `API_TOKEN`…) redacted. */
export function redactContainer(c: ContainerObject): ContainerObject {
  const env = Object.fromEntries(Object.entries(c.env).map(([k, v]) => [k, redact(`${k}=x`) === `${k}=x` ? redact(v) : REDACTED]));
  return { ...c, env };
}

/** The public shape of a host step: `{action, target: {host, address, port, user}, description, objects}`. */
export function publicHostStep(s: HostStep): { action: string; target: { host: string; address: string; port: number; user: string }; description: string; objects: ContainerObject[] } {
  const { host, address, port, user } = s.target;
  return { action: s.action, target: { host, address, port, user }, description: s.description, objects: s.objects.map(redactContainer) };
}

function publicPlan(plan: DeployPlan) {
  return "via" in plan ? { deployment: plan.deployment, steps: plan.steps.map(publicHostStep) } : { deployment: plan.deployment, steps: plan.steps.map(publicStep) };
}

/** `{"deployment", "steps":[...]}`, Secret data (and secret-looking container env) redacted. */
export function planToJson(plan: DeployPlan): string {
  return JSON.stringify(publicPlan(plan), null, 2);
}

/** The plan as YAML, a comment per step naming what runs after what. */
export function planToYaml(plan: DeployPlan): string {
  const head =
    `# Deployment plan for ${plan.deployment}: score ${plan.score} on topology ${plan.topology}\n` +
    ("via" in plan
      ? `# ${plan.steps.length} steps over SSH, one host after another; secret-looking env values are redacted. Nothing has been applied.\n`
      : `# ${plan.steps.length} step${plan.steps.length === 1 ? "" : "s"}; Secret data is redacted. Nothing has been applied.\n`);
  const body = stringify(
    publicPlan(plan),
    { lineWidth: 0, indentSeq: true, aliasDuplicateObjects: false },
  );
  return head + body;
}
