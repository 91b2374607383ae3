import type { PlanMark, PlanPreview } from "../shared/protocol/webview";
import { PLAN_MARK_TEXT } from "./flow";
import { PLAN_GLYPH } from "./nodes";

/**
 * The key to a previewed plan's colours, in words as well as colours: which deployment, whether the
 * live cluster was compared, and a way to take the colours off (the button, or Escape on the canvas).
 */
export function PlanLegend({ preview, onClear }: { preview: PlanPreview; onClear: () => void }) {
  const shown = new Set(Object.values(preview.marks));
  const marks = (["create", "change", "unchanged", "apply"] as PlanMark[]).filter((m) => shown.has(m));
  return (
    <section className="plan-legend" role="status" aria-label="Deployment plan legend" data-testid="plan-legend" data-source={preview.source}>
      <header>
        <strong>Plan: {preview.deployment}</strong>
        <button type="button" aria-label="Clear the plan preview (Escape)" title="Clear the plan preview (Escape)" onClick={onClear} data-testid="plan-legend-close">
          ✕
        </button>
      </header>
      <p className="plan-source">
        {preview.source === "live" ? "Compared with the live cluster" : `Offline plan${preview.note ? `: ${preview.note}` : ""}`}
      </p>
      <ul>
        {marks.map((m) => (
          <li key={m}>
            <span className={`plan-swatch ${m}`} aria-hidden="true">
              {PLAN_GLYPH[m]}
            </span>
            {m}: {PLAN_MARK_TEXT[m]}
          </li>
        ))}
      </ul>
      <p className="plan-summary">{preview.summary}</p>
    </section>
  );
}
