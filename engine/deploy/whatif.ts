// What-if: each object of a plan's apply steps, live against a server-side dry run, both cut down
// to the fields Harmony writes. Nothing is written; Secret data never leaves redacted.
import { stringify } from "yaml";
import { hasAddressPlaceholder, readAddress, substituteAddresses } from "./addresses";
import { projectOnto, sameJson } from "./fields";
import { isAbort, KubeError, type Kube } from "./kube";
import { objectRef, type KubeObject, type KubeTarget, type Plan } from "./plan";
import { redactObject } from "./render";

export interface WhatIfEntry {
  step: string;
  target: KubeTarget;
  ref: string;
  /** The live object on Harmony's fields, YAML; empty when it does not exist. */
  live: string;
  /** What the server says it would become, same fields, YAML. */
  planned: string;
  changed: boolean;
  /** Why the dry run could not say (the planned side then shows the object as planned). */
  note?: string;
}

const yaml = (v: unknown) => (v === undefined ? "" : stringify(v, { lineWidth: 0, indentSeq: true, aliasDuplicateObjects: false }));

/** The per-object what-if of a plan's apply and copy-secrets steps. */
export async function whatIf(plan: Plan, opts: { kube: Kube; signal?: AbortSignal; concurrency?: number }): Promise<WhatIfEntry[]> {
  const addresses = await learnAddresses(plan, opts);
  const work: { step: string; target: KubeTarget; object: KubeObject }[] = [];
  for (const s of plan.steps) {
    if (s.action === "wait") continue;
    for (const object of s.objects) work.push({ step: s.id, target: s.target, object });
  }
  const out: WhatIfEntry[] = new Array(work.length);
  let next = 0;
  const worker = async () => {
    while (next < work.length) {
      const i = next++;
      const { step, target, object } = work[i];
      const client = opts.kube.client(target.context);
      const obj: KubeObject = substituteAddresses(object, (p) => addresses.get(p) ?? p);
      const unresolved = hasAddressPlaceholder(obj);
      if ("namespace" in obj.metadata && !obj.metadata.namespace) obj.metadata.namespace = target.namespace || client.defaultNamespace;
      const shape = obj.kind === "Secret" ? { ...obj, data: Object.fromEntries(Object.keys((obj.data as object) ?? {}).map((k) => [k, ""])) } : obj;
      const cut = (v: KubeObject | undefined) => (v === undefined ? undefined : redactObject(projectOnto(v, shape) as KubeObject));
      let live: KubeObject | undefined;
      let planned: KubeObject | undefined;
      let note: string | undefined;
      try {
        live = await client.get(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name, opts.signal);
        if (obj.kind === "Secret") {
          planned = obj;
          note = "copied from the primary at deploy time";
        } else if (obj.kind === "Namespace" && live) {
          planned = live;
        } else {
          planned = await client.apply(obj, { dryRun: true, signal: opts.signal });
        }
      } catch (e) {
        if (isAbort(e)) throw e;
        planned = obj;
        note = e instanceof KubeError && e.conflicts.length
          ? `field-manager conflict: ${e.conflicts.map((c) => `${c.field} (owned by ${c.manager})`).join(", ")}; a deploy fails here unless it takes these fields over`
          : e instanceof KubeError && e.status === 404 && /namespaces? "[^"]+" not found/.test(e.message) ? `namespace ${obj.metadata.namespace} does not exist yet` : e instanceof Error ? e.message.split("\n")[0] : String(e);
      }
      if (unresolved && !note) note = "the primary's address is learnt when it is deployed";
      const l = cut(live);
      const p = cut(planned);
      out[i] = { step, target, ref: objectRef(obj), live: yaml(l), planned: yaml(p), changed: !sameJson(l, p), ...(note ? { note } : {}) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 8, work.length) }, worker));
  return out;
}

/** The addresses the plan's waits would learn, as deploy learns them, from the exposures live now. */
async function learnAddresses(plan: Plan, opts: { kube: Kube; signal?: AbortSignal }): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const s of plan.steps) {
    const source = s.wait?.address;
    if (!source) continue;
    const client = opts.kube.client(s.target.context);
    try {
      const address = await readAddress(client, source, s.target.namespace || client.defaultNamespace, opts.signal);
      if (address !== undefined) out.set(source.placeholder, address);
    } catch (e) {
      if (isAbort(e)) throw e;
      // Not deployed or not readable yet: the objects keep the placeholder and say so.
    }
  }
  return out;
}
