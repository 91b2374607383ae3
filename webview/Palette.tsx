import { CATALOG, HIGHER_ORDER, type KindSpec } from "../shared/model/kinds";

export const PALETTE_MIME = "application/x-harmony-kind";

/** The kinds a user can add: drag one onto the canvas (a score onto a topology deploys it there), or press Enter. */
export function Palette({ onAdd }: { onAdd: (kind: KindSpec) => void }) {
  const groups: [string, KindSpec[]][] = [
    ["Topologies", [...CATALOG.filter((k) => k.role === "topology"), ...HIGHER_ORDER]],
    ["Scores", CATALOG.filter((k) => k.role === "score")],
  ];
  return (
    <nav className="palette" aria-label="Palette">
      {groups.map(([title, kinds]) => (
        <section key={title}>
          <h2>{title}</h2>
          {kinds.map((k) => (
            <button
              key={k.factory}
              type="button"
              className="palette-item"
              draggable
              data-testid={`palette-${k.factory}`}
              title={`Drag onto the canvas, or press Enter to add a ${k.label}${k.role === "score" ? " (on the selected topology)" : ""}`}
              onDragStart={(e) => {
                e.dataTransfer.setData(PALETTE_MIME, k.factory);
                e.dataTransfer.effectAllowed = "copy";
              }}
              onClick={() => onAdd(k)}
            >
              <span className="icon" aria-hidden="true">
                {k.icon}
              </span>
              {k.label}
            </button>
          ))}
        </section>
      ))}
    </nav>
  );
}
