import { strict as assert } from "node:assert";
import { planDeployment, type KubeObject, type Plan } from "../../../engine/deploy";
import { postgresSides, type LiveCluster, type LiveSide } from "../../../engine/deploy/postgres-live";
import { decideSwitchover, DEMOTED_ANNOTATION, demotedCluster, headline, livePlan, promotedCluster, REJOIN_ANNOTATION } from "../../../engine/deploy/switchover";
import { modelWithPrimary } from "../../../engine/deploy/switchover-target";
import { shopModel } from "./shop";
import { livePrimarySites, switchoverPreview } from "../../../engine/deploy/switchover-preview";
import { formatSwitchover } from "../../../engine/deploy/switchover-run";

// The switchover a deploy runs first, decided from what each side's live Cluster says.

function planFor(primary: "site-a" | "site-b"): Plan {
  const m = modelWithPrimary(shopModel({ failover: { publicHost: "db.example.com" } }), "ordersDb", primary);
  assert.ok(m.ok);
  const r = planDeployment(m.model, "ordersDb");
  assert.ok(r.ok, r.ok ? "" : r.error);
  return r.plan;
}

type Live = { primary?: string; enabled?: boolean; token?: string; annotations?: Record<string, string> } | "absent" | "unreachable";

function cluster(self: string, l: Exclude<Live, string>): KubeObject {
  const replica = l.enabled !== undefined ? { enabled: l.enabled, source: "orders-db-primary" } : l.primary ? { primary: l.primary, self, source: l.primary } : undefined;
  return {
    apiVersion: "postgresql.cnpg.io/v1",
    kind: "Cluster",
    metadata: { name: "orders-db", namespace: "shop", ...(l.annotations ? { annotations: l.annotations } : {}) },
    spec: { instances: 2, ...(replica ? { replica } : {}), ...(l.enabled ? { bootstrap: { pg_basebackup: { source: "orders-db-primary" } } } : {}) },
    status: { phase: "Cluster in healthy state", ...(l.token ? { demotionToken: l.token } : {}) },
  };
}

function live(plan: Plan, state: Record<string, Live>): LiveSide[] {
  return postgresSides(plan).map((s) => {
    const l = state[s.site];
    const liveCluster: LiveCluster = l === "absent" ? { state: "absent" } : l === "unreachable" ? { state: "unreachable", reason: "connect ECONNREFUSED 127.0.0.1:1" } : { state: "present", object: cluster(s.entry, l) };
    return { ...s, live: liveCluster };
  });
}

const A = "orders-db-site-a";
const B = "orders-db-site-b";

describe("failover PostgreSQL switchover", () => {
  it("a first deploy, or a live primary that is the file's, needs no switchover", () => {
    assert.equal(decideSwitchover(live(planFor("site-a"), { "site-a": "absent", "site-b": "absent" })).kind, "none");
    assert.equal(decideSwitchover(live(planFor("site-a"), { "site-a": { primary: A }, "site-b": { primary: A } })).kind, "none");
  });

  it("a swapped file plans demote, demotion token, promote with it, and the old side following", () => {
    const d = decideSwitchover(live(planFor("site-b"), { "site-a": { primary: A }, "site-b": { primary: A } }));
    assert.equal(d.kind, "switch");
    if (d.kind !== "switch") return;
    assert.equal(headline(d.switchover), "switchover: site-a → site-b");
    assert.deepEqual(d.switchover.steps.map((s) => `${s.action} ${s.entry}${s.afterPlan ? " (after the plan)" : ""}`), [
      `demote ${A}`,
      `wait-demotion-token ${A}`,
      `promote ${B}`,
      `wait-promoted ${B}`,
      `wait-following ${A} (after the plan)`,
    ]);
  });

  it("failback is the same sequence the other way", () => {
    const d = decideSwitchover(live(planFor("site-a"), { "site-a": { primary: B }, "site-b": { primary: B } }));
    assert.ok(d.kind === "switch" && headline(d.switchover) === "switchover: site-b → site-a");
  });

  it("refuses when both sides claim primary, naming both and how to recover", () => {
    const d = decideSwitchover(live(planFor("site-b"), { "site-a": { primary: A }, "site-b": { primary: B } }));
    assert.equal(d.kind, "refused");
    assert.match(d.kind === "refused" ? d.reason : "", /site-b \(context site-b, namespace shop\) and site-a \(context site-a, namespace shop\) both claim to be primary.*nothing was changed.*replica\.primary/);
  });

  it("refuses a switchover when the live primary cannot be read, and offers the lost-primary path", () => {
    const state = { "site-a": "unreachable", "site-b": { primary: A } } as const;
    const d = decideSwitchover(live(planFor("site-b"), state));
    assert.equal(d.kind, "refused");
    assert.match(d.kind === "refused" ? d.reason : "", /site-a .*cannot be read.*demotion token.*--primary-lost.*are lost/);
    const lost = decideSwitchover(live(planFor("site-b"), state), { primaryLost: true });
    assert.ok(lost.kind === "switch");
    if (lost.kind !== "switch") return;
    assert.equal(headline(lost.switchover), "FAILOVER (primary lost): site-a → site-b");
    assert.deepEqual(lost.switchover.steps.map((s) => s.action), ["promote", "wait-promoted"]);
    assert.match(lost.switchover.risk ?? "", /without site-a's demotion token: every write .* is lost/);
  });

  it("the file's primary unreadable: the plan runs when nothing readable claims primary, else nothing is written", () => {
    const quiet = decideSwitchover(live(planFor("site-a"), { "site-a": "unreachable", "site-b": { primary: A } }));
    assert.equal(quiet.kind, "none");
    assert.match(quiet.notes.join(), /site-a .* cannot be read .*the plan runs and reports what it could not apply/);
    const blind = decideSwitchover(live(planFor("site-a"), { "site-a": "unreachable", "site-b": { primary: B } }));
    assert.equal(blind.kind, "refused");
  });

  it("the lost primary, back and still claiming primary, rejoins as a replica instead of being refused", () => {
    const d = decideSwitchover(live(planFor("site-b"), { "site-a": { primary: A }, "site-b": { primary: B, annotations: { [REJOIN_ANNOTATION]: A } } }));
    assert.ok(d.kind === "switch" && d.switchover.kind === "rejoin");
    if (d.kind !== "switch") return;
    assert.deepEqual(d.switchover.steps.map((s) => s.action), ["demote", "wait-following"]);
  });

  it("after a cancel between demote and promote, the next deploy resumes from the demotion token", () => {
    const state = { "site-a": { primary: B, token: "t1", annotations: { [DEMOTED_ANNOTATION]: B } }, "site-b": { primary: A } };
    const d = decideSwitchover(live(planFor("site-b"), state));
    assert.ok(d.kind === "switch" && d.switchover.kind === "resume");
    if (d.kind !== "switch") return;
    assert.deepEqual(d.switchover.steps.map((s) => s.action), ["wait-demotion-token", "promote", "wait-promoted", "wait-following"]);
    // The same live state with the file back on site-a: site-a takes its writes back, no token needed.
    const back = decideSwitchover(live(planFor("site-a"), state));
    assert.ok(back.kind === "switch" && back.switchover.kind === "revert");
  });

  it("refuses when no side claims primary and nothing says which holds the latest data", () => {
    const d = decideSwitchover(live(planFor("site-b"), { "site-a": { primary: B }, "site-b": { primary: A } }));
    assert.equal(d.kind, "refused");
  });

  it("notes a replica.enabled deployment, which this deploy migrates", () => {
    const d = decideSwitchover(live(planFor("site-a"), { "site-a": {}, "site-b": { enabled: true } }));
    assert.equal(d.kind, "none");
    assert.deepEqual(d.notes, ["site-b (context site-b, namespace shop) uses replica.enabled: this deploy migrates it to the distributed topology (replica.primary/self/source)"]);
  });

  it("demotes to the file's replica manifest and promotes still streaming, with the token, keeping live bootstraps", () => {
    const sides = live(planFor("site-b"), { "site-a": { primary: A }, "site-b": { enabled: true } });
    const [b, a] = sides;
    const demoted = demotedCluster(a, B) as any;
    assert.deepEqual(demoted.spec.replica, { primary: B, self: A, source: B });
    assert.equal(demoted.spec.bootstrap, undefined, "site-a was created by initdb: no pg_basebackup bootstrap added");
    const promoted = promotedCluster(b, "t1") as any;
    assert.deepEqual(promoted.spec.replica, { primary: B, self: B, source: "orders-db-primary", promotionToken: "t1" });
    assert.deepEqual(promoted.spec.bootstrap, { pg_basebackup: { source: "orders-db-primary" } });
    assert.deepEqual(promoted.spec.externalClusters.map((e: any) => e.name), [B, A]);
    const plan = livePlan(planFor("site-b"), sides, { kind: "none", notes: [] });
    assert.ok(plan.steps.flatMap((s) => s.objects).every((o) => !JSON.stringify(o).includes("promotionToken")), "the token is never applied twice");
  });

  it("--to names a side; a side that is not there is an error listing the sides", () => {
    const m = modelWithPrimary(shopModel(), "ordersDb", "site-c");
    assert.deepEqual(m, { ok: false, error: `"site-c" is not a side of shop; its sides: site-a, site-b` });
  });

  it("--to on a multisite moves that site first, the others keeping their order; on one leaf there is nothing to switch", () => {
    const base = shopModel();
    const siteC = { ...base.topologies.find((t) => t.id === "siteB")!, id: "siteC", name: "site-c", constName: "siteC" };
    const world = { ...base.topologies.find((t) => t.id === "shop")!, id: "world", name: "world", kind: "multisite", primary: undefined, replica: undefined, sites: ["siteA", "siteB", "siteC"] };
    const model = { ...base, topologies: [...base.topologies, siteC, world], deployments: [...base.deployments, { ...base.deployments[0], id: "worldDb", constName: "worldDb", topology: "world" }] };
    const m = modelWithPrimary(model, "worldDb", "site-c");
    assert.ok(m.ok && m.changed);
    assert.deepEqual(m.ok && m.model.topologies.find((t) => t.id === "world")?.sites, ["siteC", "siteA", "siteB"]);
    const same = modelWithPrimary(model, "worldDb", "site-a");
    assert.ok(same.ok && !same.changed);
    const single = modelWithPrimary(model, "singleDb", "site-a");
    assert.ok(!single.ok && /runs on k8sAnywhere "site-a", not on a failover or a multisite/.test(single.error), JSON.stringify(single));
  });
});

describe("the preview of a switchover", () => {
  const at = new Date("2026-12-02T01:30:00.000Z");

  it("names the current and the new primary by site, with the sequence, as comments above the plan", () => {
    const sides = live(planFor("site-b"), { "site-a": { primary: A }, "site-b": { primary: A } });
    const header = switchoverPreview({ sides, decision: decideSwitchover(sides) }, at);
    assert.ok(header.split("\n").slice(0, -1).every((l) => l.startsWith("#")), header);
    assert.match(header, /read at 2026-12-02T01:30:00.000Z/);
    assert.match(header, /site-a \(context site-a, namespace shop\): live primary\n/);
    assert.match(header, /site-b \(context site-b, namespace shop\): replica of orders-db-site-a — the file's primary/);
    assert.match(header, /switches over before this plan: current primary site-a \(context site-a, namespace shop\) → new primary site-b \(context site-b, namespace shop\)/);
    assert.match(header, /w1 demote: .*\n.*w2 wait-demotion-token.*\n.*w3 promote.*\n.*w4 wait-promoted.*\n.*w5 wait-following \(after the plan\)/);
    assert.deepEqual(livePrimarySites(sides), ["site-a"]);
  });

  it("says when nothing switches, and when a deploy would be refused, naming both primaries", () => {
    const same = live(planFor("site-a"), { "site-a": { primary: A }, "site-b": { primary: A } });
    assert.match(switchoverPreview({ sides: same, decision: decideSwitchover(same) }, at), /No switchover: the live primary is the file's/);
    const both = live(planFor("site-a"), { "site-a": { primary: A }, "site-b": { primary: B } });
    assert.match(switchoverPreview({ sides: both, decision: decideSwitchover(both) }, at), /writes nothing: switchover refused: .*site-a.* and .*site-b.* both claim/);
    assert.deepEqual(livePrimarySites(both), ["site-a", "site-b"]);
  });

  it("the deploy's report says current primary → new primary too", () => {
    const sides = live(planFor("site-b"), { "site-a": { primary: A }, "site-b": { primary: A } });
    assert.match(formatSwitchover({ decision: decideSwitchover(sides), sequence: [] }), /^switchover: site-a → site-b\n  current primary site-a .* → new primary site-b /);
  });
});
