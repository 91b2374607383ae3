// What reading a NodeNetworkState relies on, checked where it enters (a file or the cluster), so a
// malformed one is an error naming the field instead of a failure deep in the differ. Every
// spelling nmstate has used passes; fields Harmony does not read pass unchecked.
import { z } from "zod";
import type { NodeNetworkState } from "../../shared/model";
import { describeIssues } from "../../shared/protocol/issues";

const ports = z.array(z.union([z.string(), z.looseObject({ name: z.string() })]));
const optionValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const flag = z.union([z.boolean(), z.enum(["true", "false"])]);

const linkAggregation = z.looseObject({
  mode: z.union([z.string(), z.number()]).optional(),
  options: z.record(z.string(), optionValue).nullish(),
  "bond-options": z.record(z.string(), optionValue).nullish(),
  port: ports.nullish(),
  ports: ports.nullish(),
  slaves: ports.nullish(),
});

const ipStack = z.looseObject({ enabled: flag.optional(), dhcp: flag.optional(), autoconf: flag.optional() });

const networkInterface = z.looseObject({
  name: z.string().min(1),
  type: z.string().optional(),
  state: z.string().optional(),
  description: z.string().nullish(),
  "mac-address": z.string().nullish(),
  "permanent-mac-address": z.string().nullish(),
  mtu: z.number().nullish(),
  ipv4: ipStack.nullish(),
  ipv6: ipStack.nullish(),
  "link-aggregation": linkAggregation.nullish(),
  bond: linkAggregation.nullish(),
});

const nodeNetworkState = z.looseObject({
  kind: z.literal("NodeNetworkState"),
  metadata: z.looseObject({ name: z.string().min(1) }),
  status: z.looseObject({ currentState: z.looseObject({ interfaces: z.array(networkInterface).nullish() }).nullish() }).nullish(),
});

/** The object as a NodeNetworkState, or what is wrong with it, field by field. */
export function checkNodeNetworkState(o: unknown): { ok: true; state: NodeNetworkState } | { ok: false; error: string } {
  const r = nodeNetworkState.safeParse(o);
  return r.success ? { ok: true, state: o as NodeNetworkState } : { ok: false, error: describeIssues(r.error) };
}
