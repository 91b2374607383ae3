import { strict as assert } from "node:assert";
import { applyEdits, planEdits, planOp, type EditPlan } from "../../../language/edits";
import type { DesignerOp } from "../../../shared/protocol/webview";

const SHOP = `// Shop: two sites in failover, an edge host.
import { k8sAnywhere, linuxHost, failover, deploy, postgres } from "@harmony/topology";

export const siteA = k8sAnywhere({ name: "site-a", context: "site-a", namespace: "shop" });
export const siteB = k8sAnywhere({
  name: "site-b", // the DR site
  context: "site-b",
  namespace: "shop",
});
export const edge = linuxHost({ name: "edge-1", address: "10.0.0.5" });
export const shop = failover({ name: "shop", primary: siteA, replica: siteB });

/** Orders live on the failover so they survive a site. */
export const db = deploy(shop, postgres({ name: "orders-db", instances: 2, storage: "10Gi" }));
`;

function apply(text: string, op: DesignerOp): { text: string; plan: Extract<EditPlan, { ok: true }> } {
  const plan = planEdits(text, op);
  assert.ok(plan.ok, plan.ok ? "" : plan.message);
  return { text: applyEdits(text, plan.edits), plan };
}

/** Applying the op again on its own result changes nothing. */
function assertIdempotent(text: string, op: DesignerOp): void {
  const again = planEdits(text, op);
  if (again.ok) assert.equal(applyEdits(text, again.edits), text, "the second application changed the text");
}

/** Lines the edit did not touch are all still there, in order (comments and formatting kept). */
function assertKeeps(before: string, after: string, except: RegExp[] = []): void {
  const kept = before.split("\n").filter((l) => !except.some((r) => r.test(l)));
  let i = 0;
  for (const line of after.split("\n")) if (line === kept[i]) i++;
  assert.equal(i, kept.length, `lost line: ${JSON.stringify(kept[i])}`);
}

describe("edit planner", () => {
  describe("adding from the palette", () => {
    it("appends a topology and extends the import by one name", () => {
      const { text, plan } = apply(SHOP, { kind: "addTopology", factory: "okdCluster", name: "bare-metal" });
      assert.deepEqual(plan.createdIds, ["bareMetal"]);
      assert.equal(plan.edits.length, 2);
      assert.match(text, /import \{ k8sAnywhere, linuxHost, failover, deploy, postgres, okdCluster \} from "@harmony\/topology";/);
      assert.ok(text.endsWith(`export const bareMetal = okdCluster({ name: "bare-metal", hosts: [] });\n`));
      assertKeeps(SHOP, text, [/^import/]);
      assertIdempotent(text, { kind: "addTopology", factory: "okdCluster", name: "bare-metal" });
    });

    it("adds a score deployed on the topology it was dropped on", () => {
      const op: DesignerOp = { kind: "addScore", factory: "postgres", name: "edge-db", topologyId: "edge" };
      const { text, plan } = apply(SHOP, op);
      assert.deepEqual(plan.createdIds, ["edgeDb", "edgeDb.score"]);
      assert.ok(text.endsWith(`export const edgeDb = deploy(edge, postgres({ name: "edge-db" }));\n`));
      assert.equal(plan.edits.length, 1, "postgres and deploy are already imported");
      assertIdempotent(text, op);
    });

    it("adds an unattached score as its own const", () => {
      const { text } = apply(SHOP, { kind: "addScore", factory: "dockerApp", name: "redis", spec: { image: "redis:7" } });
      assert.match(text, /export const redis = dockerApp\(\{ name: "redis", image: "redis:7" \}\);\n$/);
      assert.match(text, /postgres, dockerApp \}/);
    });

    it("picks a fresh const name and keeps the file's quote style", () => {
      const src = `import { linuxHost } from '@harmony/topology';\nexport const edge = linuxHost({ name: 'edge', address: '10.0.0.1' });\n`;
      const { text, plan } = apply(src, { kind: "addTopology", factory: "linuxHost", name: "edge-2", constName: "edge" });
      assert.deepEqual(plan.createdIds, ["edge2"]);
      assert.match(text, /export const edge2 = linuxHost\(\{ name: 'edge-2', address: '192\.0\.2\.10' \}\);/);
    });

    it("writes the import when a file has none, below its header comment", () => {
      const src = `// empty site\n`;
      const { text } = apply(src, { kind: "addTopology", factory: "k8sAnywhere", name: "lab" });
      assert.equal(text, `// empty site\nimport { k8sAnywhere } from "@harmony/topology";\nexport const lab = k8sAnywhere({ name: "lab" });\n`);
    });

    it("uses a namespace import as written", () => {
      const src = `import * as h from "@harmony/topology";\nexport const a = h.k8sAnywhere({ name: "a" });\n`;
      const { text } = apply(src, { kind: "addScore", factory: "postgres", name: "pg", topologyId: "a" });
      assert.match(text, /export const pg = h\.deploy\(a, h\.postgres\(\{ name: "pg" \}\)\);\n$/);
    });

    it("adds a missing trailing newline before appending", () => {
      const src = `import { k8sAnywhere } from "@harmony/topology";\nexport const a = k8sAnywhere({ name: "a" });`;
      const { text } = apply(src, { kind: "addTopology", factory: "k8sAnywhere", name: "b" });
      assert.ok(text.includes(`({ name: "a" });\nexport const b = k8sAnywhere({ name: "b" });\n`));
    });
  });

  describe("wrapping in failover", () => {
    const src = SHOP.replace(/export const shop[^\n]*\n/, "").replace(/deploy\(shop/, "deploy(siteA");
    it("appends a failover of the two topologies", () => {
      const op: DesignerOp = { kind: "wrapInFailover", primary: "siteA", replica: "siteB", name: "shop" };
      const { text, plan } = apply(src, op);
      assert.deepEqual(plan.createdIds, ["shop"]);
      assert.ok(text.endsWith(`export const shop = failover({ name: "shop", primary: siteA, replica: siteB });\n`));
      assert.equal(plan.edits.length, 1);
      assertIdempotent(text, op);
    });
    it("refuses to wrap a score or a topology with itself", () => {
      assert.equal(planEdits(src, { kind: "wrapInFailover", primary: "db", replica: "siteB", name: "x" }).ok, false);
      assert.equal(planEdits(src, { kind: "wrapInFailover", primary: "siteB", replica: "siteB", name: "x" }).ok, false);
    });
  });

  describe("failover slots", () => {
    it("adds an empty failover from the palette and fills its slots", () => {
      const src = SHOP.replace(/export const shop[^\n]*\n/, "").replace(/deploy\(shop/, "deploy(siteA");
      const { text: withEmpty, plan } = apply(src, { kind: "addTopology", factory: "failover", name: "pair" });
      assert.deepEqual(plan.createdIds, ["pair"]);
      assert.ok(withEmpty.endsWith(`export const pair = failover({ name: "pair" });\n`));
      const fillPrimary: DesignerOp = { kind: "fillSlot", failoverId: "pair", side: "primary", topologyId: "siteA" };
      const one = apply(withEmpty, fillPrimary).text;
      const both = apply(one, { kind: "fillSlot", failoverId: "pair", side: "replica", topologyId: "siteB" }).text;
      assert.ok(both.endsWith(`export const pair = failover({ name: "pair", primary: siteA, replica: siteB });\n`));
      assertIdempotent(both, fillPrimary);
      const swapped = apply(both, { kind: "fillSlot", failoverId: "pair", side: "replica", topologyId: "edge" }).text;
      assert.ok(swapped.endsWith(`failover({ name: "pair", primary: siteA, replica: edge });\n`));
    });
    it("refuses a topology declared after the failover", () => {
      const src = SHOP + `export const late = k8sAnywhere({ name: "late" });\n`;
      const plan = planEdits(src, { kind: "fillSlot", failoverId: "shop", side: "replica", topologyId: "late" });
      assert.ok(!plan.ok && /declared after shop/.test(plan.message));
    });
  });

  describe("unwrapping", () => {
    it("removes the failover and moves its deployments to the primary", () => {
      const { text, plan } = apply(SHOP, { kind: "unwrap", failoverId: "shop" });
      assert.doesNotMatch(text, /failover\(\{/);
      assert.match(text, /export const db = deploy\(siteA, postgres/);
      assert.deepEqual(plan.createdIds, ["siteA", "siteB"]);
      assertKeeps(SHOP, text, [/export const shop/, /export const db/]);
      assertIdempotent(text, { kind: "unwrap", failoverId: "shop" });
    });
    it("hoists sides written inline into their own consts", () => {
      const src = `import { k8sAnywhere, failover } from "@harmony/topology";\n` +
        `export const pair = failover({\n  name: "pair",\n  primary: k8sAnywhere({ name: "a" }), // main\n  replica: k8sAnywhere({ name: "b" }),\n});\n`;
      const { text } = apply(src, { kind: "unwrap", failoverId: "pair" });
      assert.equal(
        text,
        `import { k8sAnywhere, failover } from "@harmony/topology";\nexport const pairPrimary = k8sAnywhere({ name: "a" });\nexport const pairReplica = k8sAnywhere({ name: "b" });\n`,
      );
    });
  });

  describe("deployments", () => {
    it("moves a deployment by rewriting only its topology argument", () => {
      const op: DesignerOp = { kind: "moveDeployment", deploymentId: "db", topologyId: "edge" };
      const { text, plan } = apply(SHOP, op);
      assert.deepEqual(plan.edits.map((e) => e.newText), ["edge"]);
      assert.equal(text, SHOP.replace("deploy(shop,", "deploy(edge,"));
      assertIdempotent(text, op);
    });
    it("moves the deployment below a topology declared after it", () => {
      const src = SHOP + `export const late = k8sAnywhere({ name: "late" });\n`;
      const { text } = apply(src, { kind: "moveDeployment", deploymentId: "db", topologyId: "late" });
      assert.ok(text.endsWith(`export const late = k8sAnywhere({ name: "late" });\nexport const db = deploy(late, postgres({ name: "orders-db", instances: 2, storage: "10Gi" }));\n`));
      assert.match(text, /\/\*\* Orders live on the failover/, "the comment above stays");
    });
    it("attaches a score const to a second topology", () => {
      const src = SHOP + `export const web = k8sApp({ name: "web", image: "nginx" });\n`;
      const op: DesignerOp = { kind: "attachScore", scoreId: "web", topologyId: "siteA" };
      const { text, plan } = apply(src, op);
      assert.deepEqual(plan.createdIds, ["webOnSiteA"]);
      assert.ok(text.endsWith(`export const webOnSiteA = deploy(siteA, web);\n`));
      assertIdempotent(text, op);
    });
    it("refuses to attach a score written inside its deployment", () => {
      const plan = planEdits(SHOP, { kind: "attachScore", scoreId: "db.score", topologyId: "edge" });
      assert.equal(plan.ok, false);
    });
  });

  describe("inspector fields", () => {
    it("replaces one value and nothing else", () => {
      const op: DesignerOp = { kind: "setField", id: "db.score", path: ["instances"], value: 3 };
      const { text, plan } = apply(SHOP, op);
      assert.deepEqual(plan.edits, [{ offset: SHOP.indexOf("instances: 2") + "instances: ".length, length: 1, newText: "3" }]);
      assert.equal(text, SHOP.replace("instances: 2", "instances: 3"));
      assertIdempotent(text, op);
    });
    it("adds a field to a multi-line spec on its own line, after a trailing comma", () => {
      const { text } = apply(SHOP, { kind: "setField", id: "siteB", path: ["kubeconfig"], value: "/etc/kube" });
      assert.match(text, /  namespace: "shop",\n  kubeconfig: "\/etc\/kube",\n\}\);/);
      assert.match(text, /name: "site-b", \/\/ the DR site/);
    });
    it("adds a field to a one-line spec inline", () => {
      const { text } = apply(SHOP, { kind: "setField", id: "edge", path: ["user"], value: "ops" });
      assert.match(text, /linuxHost\(\{ name: "edge-1", address: "10\.0\.0\.5", user: "ops" \}\)/);
    });
    it("removes a field with its comma", () => {
      const first = apply(SHOP, { kind: "setField", id: "siteA", path: ["context"], value: undefined }).text;
      assert.match(first, /k8sAnywhere\(\{ name: "site-a", namespace: "shop" \}\)/);
      const last = apply(SHOP, { kind: "setField", id: "siteB", path: ["namespace"], value: undefined }).text;
      assert.match(last, /  context: "site-b",\n\}\);/);
      assertIdempotent(last, { kind: "setField", id: "siteB", path: ["namespace"], value: undefined });
    });
    it("edits a field of a failover side and creates nested objects", () => {
      const src = `import { okdCluster } from "@harmony/topology";\nexport const dc = okdCluster({ name: "dc", hosts: [{ name: "h1", nics: [] }] });\n`;
      const { text } = apply(src, { kind: "setField", id: "dc", path: ["hosts", 0, "node"], value: "worker-1" });
      assert.match(text, /hosts: \[\{ name: "h1", nics: \[\], node: "worker-1" \}\]/);
      const nested = apply(src, { kind: "setField", id: "dc", path: ["labels", "zone"], value: "a" }).text;
      assert.match(nested, /, labels: \{ zone: "a" \} \}\);/);
    });
    it("refuses to remove a name or edit a value defined elsewhere", () => {
      assert.equal(planEdits(SHOP, { kind: "setField", id: "edge", path: ["name"], value: undefined }).ok, false);
      const src = `import { k8sAnywhere } from "@harmony/topology";\nconst base = { name: "a" };\nexport const a = k8sAnywhere(base);\n`;
      const plan = planEdits(src, { kind: "setField", id: "a", path: ["context"], value: "x" });
      assert.equal(plan.ok, false);
    });
  });

  describe("renaming", () => {
    it("changes the name field only", () => {
      const op: DesignerOp = { kind: "rename", id: "edge", newName: "edge-east" };
      const { text } = apply(SHOP, op);
      assert.equal(text, SHOP.replace(`name: "edge-1"`, `name: "edge-east"`));
      assertIdempotent(text, op);
    });
    it("renames the const and every use of it in the file", () => {
      const { text } = apply(SHOP, { kind: "rename", id: "siteA", newName: "site-east", newConstName: "siteEast" });
      assert.match(text, /export const siteEast = k8sAnywhere\(\{ name: "site-east"/);
      assert.match(text, /primary: siteEast, replica: siteB/);
    });
    it("expands a shorthand property when renaming the const it names", () => {
      const src = `import { k8sAnywhere, failover } from "@harmony/topology";\nexport const primary = k8sAnywhere({ name: "p" });\nexport const replica = k8sAnywhere({ name: "r" });\nexport const f = failover({ name: "f", primary, replica });\n`;
      const { text } = apply(src, { kind: "rename", id: "primary", newName: "p", newConstName: "east" });
      assert.match(text, /failover\(\{ name: "f", primary: east, replica \}\)/);
    });
  });

  describe("deleting", () => {
    it("refuses to delete a topology still in use, naming its users", () => {
      const plan = planEdits(SHOP, { kind: "delete", id: "siteA" });
      assert.equal(plan.ok, false);
      assert.ok(!plan.ok && plan.message.includes("shop (failover)") && plan.message.includes("db (deploy)"), !plan.ok ? plan.message : "");
      assert.deepEqual(!plan.ok && plan.references, ["shop", "db"]);
    });
    it("deletes it together with its users when asked to cascade", () => {
      const { text } = apply(SHOP, { kind: "delete", id: "shop", cascade: true });
      assert.doesNotMatch(text, /failover\(|deploy\(/);
      assert.match(text, /\/\*\* Orders live on the failover/, "comments stay");
      assertKeeps(SHOP, text, [/export const (shop|db)/]);
    });
    it("deletes an unused topology as whole lines", () => {
      const op: DesignerOp = { kind: "delete", id: "edge" };
      const { text } = apply(SHOP, op);
      assert.equal(text, SHOP.replace(`export const edge = linuxHost({ name: "edge-1", address: "10.0.0.5" });\n`, ""));
      assertIdempotent(text, op);
    });
    it("deletes a deployment when its inline score is deleted, without leaving two blank lines", () => {
      const src = `import { k8sAnywhere, deploy, postgres } from "@harmony/topology";\nexport const a = k8sAnywhere({ name: "a" });\n\nexport const pg = deploy(a, postgres({ name: "pg" }));\n\nexport const b = k8sAnywhere({ name: "b" });\n`;
      const { text } = apply(src, { kind: "delete", id: "pg.score" });
      assert.equal(text, `import { k8sAnywhere, deploy, postgres } from "@harmony/topology";\nexport const a = k8sAnywhere({ name: "a" });\n\nexport const b = k8sAnywhere({ name: "b" });\n`);
    });
    it("refuses what another file declares", () => {
      const plan = planEdits(SHOP, { kind: "delete", id: "/w/sites.topology.ts#siteC" });
      assert.ok(!plan.ok && plan.message.includes("/w/sites.topology.ts"));
    });
  });

  describe("versions", () => {
    it("refuses an op made against an older version of the document", () => {
      const plan = planOp({ text: SHOP, version: 7 }, { kind: "rename", id: "edge", newName: "x" }, 6);
      assert.ok(!plan.ok && /version 7/.test(plan.message));
      assert.ok(planOp({ text: SHOP, version: 7 }, { kind: "rename", id: "edge", newName: "x" }, 7).ok);
    });
  });

  it("keeps CRLF line endings", () => {
    const src = SHOP.replace(/\n/g, "\r\n");
    const { text } = apply(src, { kind: "addScore", factory: "dockerApp", name: "redis", topologyId: "edge" });
    assert.doesNotMatch(text.replace(/\r\n/g, ""), /\n/);
  });
});
