// Addresses a failover learns from the cluster (the primary's Route host, its load balancer's
// address) and puts into the replica's objects. The address is cluster data, not ours: it is
// substituted into string values of the parsed objects, never pasted into serialised text, so
// whatever characters it holds it stays one string value and cannot add or change fields.
import type { ContextClient } from "./kube";
import type { KubeObject, PlanStep } from "./plan";

const PLACEHOLDER = /\$\(harmony:address:[^)]+\)/g;

/** The exposure a wait step learns an address from. */
export type AddressSource = NonNullable<NonNullable<PlanStep["wait"]>["address"]>;

/** A copy of `object` with every placeholder in its string values replaced by `lookup`'s answer. */
export function substituteAddresses<T>(object: T, lookup: (placeholder: string) => string): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return v.replace(PLACEHOLDER, (p) => lookup(p));
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(object) as T;
}

/** True when some string value of `object` still waits for an address. */
export function hasAddressPlaceholder(object: KubeObject): boolean {
  let found = false;
  substituteAddresses(object, (p) => {
    found = true;
    return p;
  });
  return found;
}

/** The address the live exposure reports, or undefined while it has none (or does not exist). */
export async function readAddress(client: ContextClient, source: AddressSource, namespace: string, signal?: AbortSignal): Promise<string | undefined> {
  const o = (await client.get(source.kind === "Route" ? "route.openshift.io/v1" : "v1", source.kind, namespace, source.name, signal)) as any;
  const address =
    source.kind === "Route"
      ? (o?.status?.ingress?.[0]?.host ?? o?.spec?.host)
      : (o?.status?.loadBalancer?.ingress?.[0]?.hostname ?? o?.status?.loadBalancer?.ingress?.[0]?.ip);
  return typeof address === "string" && address ? address : undefined;
}
