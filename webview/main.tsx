import { createRoot } from "react-dom/client";

function Designer() {
  return <div role="application" aria-label="Topology Designer">Topology Designer</div>;
}

createRoot(document.getElementById("root")!).render(<Designer />);
