import { strict as assert } from "node:assert";
import { buildGraph } from "../../../shared/diagram/graph";
import { deploymentMark, planPreview } from "../../../shared/diagram/planMarks";
import { parseHostMessage, type HostMessage } from "../../../shared/protocol/webview";
import { flowEdges, flowNodes, withPlanMarks } from "../../../webview/flow";
import { canvasReducer, initialCanvasState, type CanvasEvent, type CanvasState } from "../../../webview/state";
import { shopModel } from "./canvas-model";

const run = (...events: (HostMessage | CanvasEvent)[]): CanvasState => events.reduce(canvasReducer, initialCanvasState);
const created = { live: "", changed: true };
const changed = { live: "spec: {}\n", changed: true };
const same = { live: "spec: {}\n", changed: false };

describe("the plan on the canvas", () => {
  it("marks a deployment by what its objects would become in the cluster", () => {
    assert.equal(deploymentMark([created, created]), "create");
    assert.equal(deploymentMark([same, same]), "unchanged");
    assert.equal(deploymentMark([same, changed]), "change");
    assert.equal(deploymentMark([created, same]), "change", "part new, part there: the deployment changes");
    assert.equal(deploymentMark(undefined), "apply", "without a what-if only 'would be applied' is known");
  });

  it("colours the deployment's edge and score, not its topology nor other deployments, and says what it compared", () => {
    const offline = planPreview(shopModel(), "cache", { planned: 3, note: "the cluster could not be reached: no kubeconfig" })!;
    assert.deepEqual(offline.marks, { "deployment:cache": "apply", redis: "apply" });
    assert.equal(offline.source, "offline");
    assert.match(offline.summary, /^3 objects would be applied; the cluster was not compared/);
    assert.ok(parseHostMessage({ type: "planPreview", preview: offline }).ok, "the preview crosses to the webview as it is");

    const live = planPreview(shopModel(), "cache", { planned: 3, objects: [created, same, changed], note: "ignored" })!;
    assert.equal(live.source, "live");
    assert.equal(live.note, undefined);
    assert.equal(live.marks.redis, "change");
    assert.equal(live.summary, "1 to create, 1 to change, 1 unchanged");
    assert.equal(planPreview(shopModel(), "nothere", { planned: 0 }), undefined);
  });

  it("speaks of containers and hosts for a plan on Linux hosts, and marks it as any other", () => {
    const offline = planPreview(shopModel(), "cache", { planned: 2, on: "hosts", note: "the hosts could not be compared: host key not known" })!;
    assert.deepEqual(offline.marks, { "deployment:cache": "apply", redis: "apply" });
    assert.match(offline.summary, /^2 containers would be applied; the hosts were not compared/);
    const live = planPreview(shopModel(), "cache", { planned: 2, on: "hosts", objects: [same, created] })!;
    assert.equal(live.marks.redis, "change");
    assert.equal(live.summary, "1 to create, 0 to change, 1 unchanged");
  });

  it("draws the marks on React Flow's edges and nodes, in words for screen readers", () => {
    const graph = buildGraph(shopModel(), []);
    const { marks } = planPreview(shopModel(), "cache", { planned: 1, objects: [created] })!;
    const [orders, cache] = flowEdges(graph, {}, new Set(), marks);
    assert.equal(orders.className, undefined);
    assert.equal(orders.data!.planMark, undefined);
    assert.equal(cache.className, "plan-create");
    assert.equal(cache.data!.planMark, "create");
    assert.match(cache.ariaLabel!, /plan: would be created$/);

    const nodes = flowNodes(graph, new Map(), new Set());
    const shown = withPlanMarks(nodes, marks);
    assert.equal(shown.find((n) => n.id === "redis")!.className, "plan-create");
    assert.equal(shown.find((n) => n.id === "edge")!.className, undefined, "the topology is where, not what");
    assert.equal(withPlanMarks(nodes, undefined), nodes, "no preview, the very same nodes");
  });

  it("keeps the preview until it is cleared, or until a deploy of that deployment ends", () => {
    const preview = planPreview(shopModel(), "cache", { planned: 1 })!;
    const before = { cache: { outcome: "failed" as const, at: "2026-01-01T10:00:00Z", summary: "nothing applied" } };
    const shown = run({ type: "deployStatus", statuses: before }, { type: "planPreview", preview });
    assert.equal(shown.planPreview, preview);
    assert.equal(canvasReducer(shown, { type: "planPreviewCleared" }).planPreview, undefined);
    assert.equal(canvasReducer(shown, { type: "planPreview", preview: null }).planPreview, undefined);

    const otherDeployed = canvasReducer(shown, { type: "deployStatus", statuses: { ...before, ordersDb: { outcome: "deployed", at: "2026-01-01T11:00:00Z", summary: "ok" } } });
    assert.equal(otherDeployed.planPreview, preview, "another deployment's deploy leaves it");
    const deployed = canvasReducer(shown, { type: "deployStatus", statuses: { cache: { outcome: "deployed", at: "2026-01-01T11:00:00Z", summary: "ok" } } });
    assert.equal(deployed.planPreview, undefined, "the status marks take over");
    assert.equal(deployed.deployStatus.cache.outcome, "deployed");
  });
});
