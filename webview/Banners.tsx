/** Why the drawing is not current or not there, and what the last op had to say. */
export function Banners({ parseError, drawn, unavailable, notice, onDismiss }: { parseError?: string; drawn: boolean; unavailable?: string; notice?: string; onDismiss: () => void }) {
  return (
    <>
      {parseError && (
        <div className="banner" role="status" data-testid="parse-banner">
          {parseError}
          {drawn ? " Showing the last version that parsed." : ""}
        </div>
      )}
      {unavailable && (
        <div className="banner" role="status" data-testid="unavailable-banner">
          {unavailable}
        </div>
      )}
      {notice && (
        <div className="notice" role="alert" data-testid="op-message">
          {notice}
          <button type="button" aria-label="Dismiss" onClick={onDismiss}>
            ✕
          </button>
        </div>
      )}
    </>
  );
}
