import "@xyflow/react/dist/style.css";
import "./designer.css";
import { createRoot } from "react-dom/client";
import { Designer } from "./Designer";
import { postToHost } from "./host";

window.addEventListener("error", (e) => postToHost({ type: "error", message: `${e.message} at ${e.filename}:${e.lineno}` }));
window.addEventListener("unhandledrejection", (e) => postToHost({ type: "error", message: String(e.reason?.stack ?? e.reason) }));

createRoot(document.getElementById("root")!).render(<Designer />);
