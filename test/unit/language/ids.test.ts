import * as assert from "node:assert/strict";
import * as path from "node:path";
import { TopologyWorkspace } from "../../../language/analyzer";
import {
  deploymentNodeId,
  deploymentOfNodeId,
  externalId,
  formatId,
  inlineId,
  isExternal,
  isInline,
  isOwnTopLevel,
  ownerOf,
  parseId,
} from "../../../shared/model/ids";
import { analyzeFixture, fixtures } from "./fixtures";

describe("Ids of topologies, scores and deployments", () => {
  it("name a const by its name, another file's const by path and name, and what is inline by its owner and slot", () => {
    assert.deepEqual(parseId("siteA"), { root: "siteA", slots: [] });
    assert.deepEqual(parseId("./sites.topology.ts#pair"), { file: "./sites.topology.ts", root: "pair", slots: [] });
    assert.deepEqual(parseId("global.primary.replica"), { root: "global", slots: ["primary", "replica"] });
    assert.deepEqual(parseId("../x.y/sites.topology.ts#pair.primary"), { file: "../x.y/sites.topology.ts", root: "pair", slots: ["primary"] });
  });

  it("read back what they were built from", () => {
    const ids = [
      "siteA",
      "default",
      "deploy@12",
      inlineId("db", "score"),
      inlineId(inlineId("global", "primary"), "replica"),
      externalId("./sites.topology.ts", "pair"),
      inlineId(externalId("../a.b/sites.topology.ts", "pair"), "primary"),
    ];
    for (const id of ids) assert.equal(formatId(parseId(id)), id);
  });

  it("tell inline, external and own top-level ids apart", () => {
    assert.deepEqual([isInline("db.score"), isExternal("db.score"), isOwnTopLevel("db.score")], [true, false, false]);
    // A file path has dots: it does not make an id inline.
    const external = externalId("./sites.topology.ts", "pair");
    assert.deepEqual([isInline(external), isExternal(external), isOwnTopLevel(external)], [false, true, false]);
    assert.deepEqual([isInline("shop"), isExternal("shop"), isOwnTopLevel("shop")], [false, false, true]);
  });

  it("find the owner of an inline id, and none for a const", () => {
    assert.equal(ownerOf("global.primary.replica"), "global.primary");
    assert.equal(ownerOf("./sites.topology.ts#pair.primary"), "./sites.topology.ts#pair");
    assert.equal(ownerOf("./sites.topology.ts#pair"), undefined);
    assert.equal(ownerOf("shop"), undefined);
  });

  it("keep the canvas's deployment ids apart from entity ids", () => {
    assert.equal(deploymentOfNodeId(deploymentNodeId("db")), "db");
    assert.equal(deploymentOfNodeId("db"), undefined);
    assert.equal(deploymentOfNodeId("db.score"), undefined);
  });

  describe("as the analyzer builds them", () => {
    it("marks what is written inline with its owner, which the model holds", () => {
      const file = path.join(fixtures, "inline-ids.topology.ts").replace(/\\/g, "/");
      const workspace = new TopologyWorkspace();
      workspace.setDocument(
        file,
        [
          `import { k8sAnywhere, failover, deploy, postgres } from "@harmony/topology";`,
          `export const site = k8sAnywhere({ name: "site" });`,
          `export const global = failover({ name: "global", primary: failover({ name: "metro", primary: k8sAnywhere({ name: "a" }), replica: k8sAnywhere({ name: "b" }) }), replica: site });`,
          `export const db = deploy(k8sAnywhere({ name: "lone" }), postgres({ name: "db" }));`,
        ].join("\n"),
        1,
      );
      const { model } = workspace.analyze(file);
      const owners = Object.fromEntries([...model.topologies, ...model.scores].map((e) => [e.id, e.inline ? e.owner : "-"]));
      assert.deepEqual(owners, {
        site: "-",
        global: "-",
        "global.primary": "global",
        "global.primary.primary": "global.primary",
        "global.primary.replica": "global.primary",
        "db.topology": "db",
        "db.score": "db",
      });
      const db = model.deployments.find((d) => d.id === "db")!;
      assert.deepEqual([db.topology, db.score], [inlineId("db", "topology"), inlineId("db", "score")]);
    });

    it("names another file's consts by their path from the model's file", () => {
      const { model } = analyzeFixture("apps.topology.ts");
      const pair = model.topologies.find((t) => t.name === "pair")!;
      assert.equal(pair.id, externalId("./sites.topology.ts", "pair"));
      assert.ok(pair.external && !pair.inline);
      for (const t of model.topologies.filter((x) => x.external)) assert.ok(isExternal(t.id), t.id);
    });
  });
});
