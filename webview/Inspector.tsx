import { useEffect, useRef, useState } from "react";
import { kindSpec, validateField, type FieldSpec } from "../shared/model/kinds";
import { isInline, isOwnTopLevel } from "../shared/model/ids";
import type { DesignerOp } from "../shared/protocol/webview";
import { isUnevaluated, type SpecValue, type TopologyDiagnostic, type TopologyModel } from "../shared/model";
import { VscodeButton, VscodeOption, VscodeSingleSelect, VscodeTextfield } from "./controls";
import type { Selection } from "./selection";

interface Props {
  selection: Selection;
  model: TopologyModel;
  diagnostics: TopologyDiagnostic[];
  onOp: (op: DesignerOp) => void;
  onWrap: () => void;
  canWrap: boolean;
  /** Wraps the selected topologies in a multisite, when two or more are selected. */
  onWrapMultisite?: () => void;
}

/** Edits what is selected: spec fields (validated as typed), the deployment's topology, and the node's actions. */
export function Inspector({ selection, model, diagnostics, onOp, onWrap, canWrap, onWrapMultisite }: Props) {
  if (selection.kind === "none") {
    return (
      <aside className="inspector" aria-label="Inspector">
        <p className="hint">Select a node to edit it. Ctrl-click (⌘ on macOS) a second topology to wrap both in a failover. Tab moves between nodes, Delete removes, Enter shows the source, P makes a failover side primary.</p>
      </aside>
    );
  }
  if (selection.kind === "many") {
    return (
      <aside className="inspector" aria-label="Inspector">
        <p>{selection.ids.length} selected</p>
        <VscodeButton data-testid="action-wrap" disabled={!canWrap} onClick={onWrap}>
          Wrap in failover
        </VscodeButton>
        <VscodeButton data-testid="action-wrap-multisite" disabled={!onWrapMultisite} onClick={onWrapMultisite}>
          Wrap in multisite
        </VscodeButton>
      </aside>
    );
  }
  if (selection.kind === "deployment") {
    const d = model.deployments.find((x) => x.id === selection.id);
    if (!d) return <aside className="inspector" aria-label="Inspector" />;
    return (
      <aside className="inspector" aria-label="Inspector">
        <h2>Deployment {d.id}</h2>
        <RunsOn model={model} deploymentId={d.id} current={d.topology} onOp={onOp} />
        {d.missing.length > 0 && <p className="problem">Missing: {d.missing.join(", ")}</p>}
        <VscodeButton data-testid="action-delete" secondary onClick={() => onOp({ kind: "delete", id: d.id })}>
          Delete deployment
        </VscodeButton>
      </aside>
    );
  }
  const element =
    selection.kind === "score" ? model.scores.find((s) => s.id === selection.id) : model.topologies.find((t) => t.id === selection.id);
  if (!element) return <aside className="inspector" aria-label="Inspector" />;
  const spec = kindSpec(element.kind);
  const fields: FieldSpec[] = spec?.fields ?? [{ key: "name", type: "string", required: true }];
  const extra = Object.keys(element.spec).filter((k) => !fields.some((f) => f.key === k) && k !== "primary" && k !== "replica");
  const problems = diagnostics.filter((d) => d.subject === element.id || model.deployments.some((dep) => dep.score === element.id && dep.id === d.subject));
  const deployments = model.deployments.filter((d) => d.score === element.id);
  return (
    <aside className="inspector" aria-label="Inspector" data-testid="inspector">
      <h2>
        <span aria-hidden="true">{spec?.icon ?? "◇"}</span> {element.name}
      </h2>
      <p className="subtle">
        {element.kind} · <code>{element.constName ?? element.id}</code>
        {element.external ? " · declared in another file" : ""}
      </p>
      {fields.map((f) => (
        <SpecField key={`${element.id}/${f.key}`} id={element.id} factory={element.kind} field={f} value={element.spec[f.key]} onOp={onOp} readOnly={element.external} />
      ))}
      {extra.map((k) => (
        <div className="field" key={k}>
          <label>{k}</label>
          <code className="readonly" data-testid={`field-${k}`}>
            {JSON.stringify(element.spec[k])}
          </code>
        </div>
      ))}
      {(selection.kind === "topology" || selection.kind === "failover") && !isInline(element.id) && !element.external && (
        <WrapWith model={model} topologyId={element.id} name={element.name} onOp={onOp} />
      )}
      {selection.kind === "score" &&
        deployments.map((d) => <RunsOn key={d.id} model={model} deploymentId={d.id} current={d.topology} onOp={onOp} />)}
      {selection.kind === "score" && deployments.length === 0 && isOwnTopLevel(element.id) && (
        <DeployOn model={model} scoreId={element.id} onOp={onOp} />
      )}
      {problems.length > 0 && (
        <ul className="problems" aria-label="Problems">
          {problems.map((p, i) => (
            <li key={i} className={`problem ${p.severity}`}>
              {p.code}: {p.message}
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        {selection.kind === "failover" && (
          <VscodeButton data-testid="action-unwrap" secondary onClick={() => onOp({ kind: "unwrap", failoverId: element.id })}>
            Unwrap
          </VscodeButton>
        )}
        <VscodeButton data-testid="action-delete" secondary onClick={() => onOp({ kind: "delete", id: element.id })}>
          Delete
        </VscodeButton>
      </div>
    </aside>
  );
}

function display(v: SpecValue | undefined): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

function SpecField({ id, factory, field, value, onOp, readOnly }: { id: string; factory: string; field: FieldSpec; value: SpecValue | undefined; onOp: (op: DesignerOp) => void; readOnly: boolean }) {
  const unevaluated = value !== undefined && isUnevaluated(value);
  const [text, setText] = useState(display(value));
  const [problem, setProblem] = useState<string>();
  // Enter and the change event that follows both commit a typed value: it is sent once. (A refused
  // edit can be sent again a moment later.)
  const sent = useRef<{ text: string; at: number } | undefined>(undefined);
  useEffect(() => {
    setText(display(value));
    setProblem(undefined);
    sent.current = undefined;
  }, [value]);
  const parse = (s: string): SpecValue | undefined => {
    if (s.trim() === "") return undefined;
    if (field.type === "number") return Number.isFinite(Number(s)) ? Number(s) : s;
    if (field.type === "boolean") return s === "true";
    return s;
  };
  const commit = () => {
    const v = parse(text);
    const p = validateField(factory, field.key, v);
    setProblem(p);
    if (p || text === display(value)) return;
    if (sent.current?.text === text && Date.now() - sent.current.at < 1000) return;
    sent.current = { text, at: Date.now() };
    if (field.key === "name" && typeof v === "string") onOp({ kind: "rename", id, newName: v });
    else onOp({ kind: "setField", id, path: [field.key], value: v });
  };
  return (
    <div className="field">
      <label htmlFor={`field-${field.key}`}>
        {field.key}
        {field.required ? " *" : ""}
      </label>
      {unevaluated ? (
        <code className="readonly" title={(value as { $unevaluated: string }).$unevaluated}>
          computed in code
        </code>
      ) : (
        <VscodeTextfield
          id={`field-${field.key}`}
          data-testid={`field-${field.key}`}
          value={text}
          invalid={!!problem}
          disabled={readOnly}
          placeholder={field.hint ?? ""}
          onInput={(e) => {
            const s = (e.target as HTMLInputElement).value;
            setText(s);
            setProblem(validateField(factory, field.key, parse(s)));
          }}
          onChange={commit}
          onKeyDown={(e: React.KeyboardEvent) => {
            if (e.key === "Enter") commit();
            if (e.key === "Escape") {
              setText(display(value));
              setProblem(undefined);
            }
          }}
        />
      )}
      {problem && (
        <span className="field-problem" role="alert" data-testid={`field-problem-${field.key}`}>
          {problem}
        </span>
      )}
      {!problem && field.hint && <span className="field-hint">{field.hint}</span>}
    </div>
  );
}

function topologyOptions(model: TopologyModel) {
  return model.topologies.filter((t) => !isInline(t.id) && !t.external);
}

function RunsOn({ model, deploymentId, current, onOp }: { model: TopologyModel; deploymentId: string; current?: string; onOp: (op: DesignerOp) => void }) {
  return (
    <div className="field">
      <label htmlFor={`runs-on-${deploymentId}`}>runs on</label>
      <VscodeSingleSelect
        id={`runs-on-${deploymentId}`}
        data-testid="field-runs-on"
        value={current ?? ""}
        onChange={(e) => {
          const topologyId = (e.target as HTMLSelectElement).value;
          if (topologyId && topologyId !== current) onOp({ kind: "moveDeployment", deploymentId, topologyId });
        }}
      >
        {topologyOptions(model).map((t) => (
          <VscodeOption key={t.id} value={t.id} selected={t.id === current}>
            {t.name} ({t.kind})
          </VscodeOption>
        ))}
      </VscodeSingleSelect>
    </div>
  );
}

function DeployOn({ model, scoreId, onOp }: { model: TopologyModel; scoreId: string; onOp: (op: DesignerOp) => void }) {
  return (
    <div className="field">
      <label htmlFor="deploy-on">deploy on</label>
      <VscodeSingleSelect
        id="deploy-on"
        data-testid="field-deploy-on"
        value=""
        onChange={(e) => {
          const topologyId = (e.target as HTMLSelectElement).value;
          if (topologyId) onOp({ kind: "attachScore", scoreId, topologyId });
        }}
      >
        <VscodeOption value="">(not deployed)</VscodeOption>
        {topologyOptions(model).map((t) => (
          <VscodeOption key={t.id} value={t.id}>
            {t.name} ({t.kind})
          </VscodeOption>
        ))}
      </VscodeSingleSelect>
    </div>
  );
}

/** The keyboard way to wrap: pick the replica for the selected topology. */
function WrapWith({ model, topologyId, name, onOp }: { model: TopologyModel; topologyId: string; name: string; onOp: (op: DesignerOp) => void }) {
  return (
    <div className="field">
      <label htmlFor="wrap-with">wrap in failover with</label>
      <VscodeSingleSelect
        id="wrap-with"
        data-testid="field-wrap-with"
        value=""
        onChange={(e) => {
          const replica = (e.target as HTMLSelectElement).value;
          if (replica) onOp({ kind: "wrapInFailover", primary: topologyId, replica, name: `${name}-failover` });
        }}
      >
        <VscodeOption value="">(choose the replica)</VscodeOption>
        {topologyOptions(model)
          .filter((t) => t.id !== topologyId)
          .map((t) => (
            <VscodeOption key={t.id} value={t.id}>
              {t.name} ({t.kind})
            </VscodeOption>
          ))}
      </VscodeSingleSelect>
    </div>
  );
}
