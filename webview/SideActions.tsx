import { createContext, memo, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { Slot } from "../shared/diagram/graph";
import type { Topology, TopologyModel } from "../shared/model";
import type { DesignerOp, LivePrimaryView } from "../shared/protocol/webview";
import { onHostMessage } from "./host";
import type { Selection } from "./selection";

// The sides of a failover or a multisite: "Make primary" on each side that is not the primary, and
// a badge on the side that claimed to be the live primary at the last read of its Clusters. The op
// goes out through the canvas's own op path, so the language server plans the edit as for any
// gesture; the live primaries come with the host's deploy status.

/** The topology that sits in a group's slot, when the slot holds one. */
function sideOf(group: Topology, slot: Slot): string | undefined {
  if (group.kind === "failover") return slot.side === "primary" ? group.primary : slot.side === "replica" ? group.replica : undefined;
  return slot.site !== undefined ? group.sites?.[slot.site] || undefined : undefined;
}

/** The edit that makes `side` its group's primary; undefined when it already is, or is not a side. */
export function makePrimaryOp(group: Topology, side: string): DesignerOp | undefined {
  if (group.kind === "failover") return group.replica === side && group.primary !== side ? { kind: "makePrimary", failoverId: group.id, topologyId: side } : undefined;
  if (group.kind !== "multisite") return undefined;
  const from = group.sites?.indexOf(side) ?? -1;
  return from > 0 ? { kind: "moveSite", multisiteId: group.id, from, to: 0 } : undefined;
}

/** "Make primary" for the selected topology (the P key): the first group that has it as a side. */
export function makePrimaryOfSelection(model: TopologyModel, selection: Selection): DesignerOp | undefined {
  if (selection.kind !== "topology" && selection.kind !== "failover") return undefined;
  for (const group of model.topologies) {
    const op = makePrimaryOp(group, selection.id);
    if (op) return op;
  }
  return undefined;
}

interface LiveMark {
  deployment: string;
  at: string;
  /** Every site that claimed primary in that read (two is the trouble a switchover refuses). */
  sites: string[];
}

interface SideActionsValue {
  onOp: (op: DesignerOp) => void;
  /** By topology id. */
  live: ReadonlyMap<string, LiveMark>;
  /** The canvas hands in its op path and the model it draws. */
  bind: (onOp: (op: DesignerOp) => void, model: TopologyModel | undefined) => void;
}

const SideActionsContext = createContext<SideActionsValue>({ onOp: () => undefined, live: new Map(), bind: () => undefined });

/** By topology id: which side claimed primary at the newest read that named it. */
export function liveMarks(model: TopologyModel | undefined, primaries: Readonly<Record<string, LivePrimaryView>>): Map<string, LiveMark> {
  const byName = new Map((model?.topologies ?? []).map((t) => [t.name, t.id]));
  const marks = new Map<string, LiveMark>();
  for (const [deployment, p] of Object.entries(primaries)) {
    for (const site of p.sites) {
      const id = byName.get(site);
      const known = id && marks.get(id);
      if (id && (!known || known.at < p.at)) marks.set(id, { deployment, at: p.at, sites: p.sites });
    }
  }
  return marks;
}

/**
 * Gives the side actions of every group the canvas's op path and the live primaries the host sends.
 * It wraps the canvas rather than sitting in it, so a new live status re-renders the side actions only.
 */
export function SideActionsProvider({ children }: { children: ReactNode }) {
  const [primaries, setPrimaries] = useState<Readonly<Record<string, LivePrimaryView>>>({});
  const [bound, setBound] = useState<{ onOp: (op: DesignerOp) => void; model?: TopologyModel }>({ onOp: () => undefined });
  // Subscribed in the same commit as the canvas says it is ready, so the host's first status is not missed.
  useEffect(() => onHostMessage((m) => m.type === "deployStatus" && setPrimaries(m.livePrimaries ?? {})), []);
  const live = useMemo(() => liveMarks(bound.model, primaries), [bound.model, primaries]);
  const bind = useCallback((onOp: (op: DesignerOp) => void, model: TopologyModel | undefined) => setBound({ onOp, model }), []);
  const value = useMemo(() => ({ onOp: bound.onOp, live, bind }), [bound.onOp, live, bind]);
  return <SideActionsContext.Provider value={value}>{children}</SideActionsContext.Provider>;
}

/** Called by the canvas: where "Make primary" sends its op, and the model whose sites the badges name. */
export function useSideActions(onOp: (op: DesignerOp) => void, model: TopologyModel | undefined): void {
  const { bind } = useContext(SideActionsContext);
  useEffect(() => bind(onOp, model), [bind, onOp, model]);
}

const time = (iso: string) => new Date(iso).toLocaleString();

/** In a group's slot, beside its label: the live-primary badge and "Make primary". */
export const SideActions = memo(function SideActions({ group, slot }: { group: Topology; slot: Slot }) {
  const { onOp, live } = useContext(SideActionsContext);
  const side = sideOf(group, slot);
  if (!side) return null;
  const op = makePrimaryOp(group, side);
  const mark = live.get(side);
  const contested = mark && mark.sites.length > 1;
  return (
    <span className="side-actions">
      {mark && (
        <span
          className={`live-primary${contested ? " contested" : ""}`}
          data-testid={`live-primary-${side}`}
          data-at={mark.at}
          title={
            contested
              ? `${mark.sites.join(" and ")} both claimed to be primary at the last read (${time(mark.at)}, ${mark.deployment}): a deploy refuses to switch until one is made a replica`
              : `Live primary of ${mark.deployment} at the last read of its Clusters, ${time(mark.at)}`
          }
        >
          {contested ? "⚠ claims primary" : "● live primary"}
        </span>
      )}
      {op && (
        <button
          type="button"
          className="make-primary nodrag"
          data-testid={`make-primary-${group.id}-${side}`}
          title="Make this side the primary in the file (P); deploying then switches the live clusters over"
          onClick={(e) => {
            e.stopPropagation();
            onOp(op);
          }}
        >
          Make primary
        </button>
      )}
    </span>
  );
});
