import * as assert from "node:assert/strict";
import { analyzeFixture, codes, fixture, only } from "./fixtures";

describe("The topology analyzer", () => {
  describe("the model", () => {
    const { model, diagnostics } = analyzeFixture("shop.topology.ts");

    it("lists every topology with its name, kind, spec and the capabilities its type provides", () => {
      const siteA = model.topologies.find((t) => t.id === "siteA")!;
      assert.equal(siteA.name, "site-a");
      assert.equal(siteA.kind, "k8sAnywhere");
      assert.deepEqual(siteA.spec, { name: "site-a", context: "site-a", namespace: "shop" });
      assert.deepEqual(siteA.capabilities, ["K8sClient", "HelmCommand", "PostgreSQL", "TlsRouter"]);
      assert.equal(siteA.external, false);
      assert.equal(siteA.nameLocation.range.start.line, 3);
    });

    it("gives a failover its sides and exactly the capabilities both share that have a strategy", () => {
      const shop = model.topologies.find((t) => t.id === "shop")!;
      assert.equal(shop.kind, "failover");
      assert.equal(shop.primary, "siteA");
      assert.equal(shop.replica, "siteB");
      assert.deepEqual(shop.capabilities, ["K8sClient", "HelmCommand", "PostgreSQL"]);
      assert.deepEqual(shop.spec, { name: "shop" });
    });

    it("reads inline scores as <deployment>.score and links each deployment", () => {
      const db = model.deployments.find((d) => d.id === "db")!;
      assert.equal(db.topology, "shop");
      assert.equal(db.score, "db.score");
      assert.deepEqual(db.missing, []);
      const score = model.scores.find((s) => s.id === "db.score")!;
      assert.deepEqual(score.spec, { name: "orders-db", instances: 2, storage: "10Gi" });
      assert.deepEqual(score.requires, ["PostgreSQL"]);
      assert.ok(db.topologyArgument && db.scoreArgument);
    });

    it("lists the known capabilities and which have a failover strategy", () => {
      assert.deepEqual(
        model.capabilities.filter((c) => c.failover).map((c) => c.name).sort(),
        ["Docker", "HelmCommand", "K8sClient", "PostgreSQL"],
      );
      assert.equal(model.capabilities.length, 6);
    });

    it("reports the design's example: Docker on a failover of two Kubernetes clusters", () => {
      assert.deepEqual(codes(diagnostics.filter((d) => d.code !== "HARMONY1004")), ["HARMONY1001"]);
      const [d] = only(diagnostics, "HARMONY1001");
      assert.equal(d.range.start.line, 12);
      assert.match(d.message, /^topology "shop" \(failover of k8sAnywhere, k8sAnywhere\) does not provide Docker, which score "web" requires: neither side provides Docker: "site-a" \(k8sAnywhere\) and "site-b" \(k8sAnywhere\); a failover provides a capability only when both sides do and it has a failover strategy$/);
      assert.deepEqual(d.related.map((r) => [r.location.range.start.line, r.message]), [
        [3, `primary "site-a" (k8sAnywhere) is defined here; it provides K8sClient, HelmCommand, PostgreSQL, TlsRouter`],
        [4, `replica "site-b" (k8sAnywhere) is defined here; it provides K8sClient, HelmCommand, PostgreSQL, TlsRouter`],
      ]);
      assert.equal(d.subject, "web");
      assert.deepEqual(model.deployments.find((x) => x.id === "web")!.missing, ["Docker"]);
    });

    it("does not also show TypeScript's assignability error for that deploy", () => {
      assert.equal(diagnostics.filter((d) => d.code.startsWith("TS")).length, 0);
    });
  });

  describe("capability diagnostics", () => {
    it("HARMONY1003 names the side of a failover that lacks the capability and points at its definition", () => {
      const { diagnostics } = analyzeFixture("apps.topology.ts");
      const [d] = only(diagnostics, "HARMONY1003");
      assert.match(d.message, /its primary "east" \(k8sAnywhere\) does not provide Docker, while its replica "box" does/);
      assert.equal(d.related.length, 1);
      assert.equal(d.related[0].location.file, fixture("sites.topology.ts"));
      assert.equal(d.related[0].location.range.start.line, 5);
      assert.deepEqual(codes(diagnostics), ["HARMONY1003"]);
    });

    it("HARMONY1002 when both sides provide it but failover has no strategy (NetworkManager)", () => {
      const { diagnostics } = analyzeFixture("nested.topology.ts");
      assert.deepEqual(codes(diagnostics), ["HARMONY1004", "HARMONY1002"]);
      assert.match(only(diagnostics, "HARMONY1002")[0].message, /both sides provide NetworkManager, but failover has no strategy for NetworkManager/);
    });

    it("HARMONY1001 for a plain topology lacking it", () => {
      const { diagnostics } = analyzeFixture("kafka.topology.ts");
      assert.deepEqual(codes(diagnostics), ["HARMONY1004", "HARMONY1004", "HARMONY1001"]);
      assert.match(only(diagnostics, "HARMONY1001")[0].message, /topology "plain" \(k8sAnywhere\) does not provide Kafka/);
    });
  });

  describe("following the code", () => {
    it("follows imports, renamed imports, namespace imports and aliases across files", () => {
      const { model } = analyzeFixture("apps.topology.ts");
      const worker = model.deployments.find((d) => d.id === "worker")!;
      assert.equal(worker.topology, "./sites.topology.ts#east");
      const east = model.topologies.find((t) => t.id === "./sites.topology.ts#east")!;
      assert.equal(east.external, true);
      assert.deepEqual(east.spec, { name: "east", context: "ctx-east", namespace: "payments" });
      const mixed = model.topologies.find((t) => t.id === "mixed")!;
      assert.equal(mixed.kind, "failover");
      assert.equal(mixed.replica, "./sites.topology.ts#box");
      assert.deepEqual(mixed.capabilities, []);
      const ledger = model.deployments.find((d) => d.id === "ledger")!;
      assert.equal(ledger.topology, "./sites.topology.ts#pair");
      assert.equal(model.scores.find((s) => s.id === "worker.score")!.spec.name, "worker-payments");
    });

    it("reads nested failovers and inline sides", () => {
      const { model } = analyzeFixture("nested.topology.ts");
      const global = model.topologies.find((t) => t.id === "global")!;
      assert.equal(global.primary, "metro");
      assert.equal(global.replica, "dcs");
      const metro = model.topologies.find((t) => t.id === "metro")!;
      assert.equal(metro.primary, "metro.primary");
      assert.equal(model.topologies.find((t) => t.id === "metro.replica")!.name, "metro-b");
      assert.deepEqual(global.capabilities, ["K8sClient", "HelmCommand", "PostgreSQL"]);
      const pg = model.deployments.find((d) => d.id === "pg")!;
      assert.deepEqual(pg.missing, []);
    });

    it("reads a user capability by declaration merging: with a failover strategy it fails over", () => {
      const { model } = analyzeFixture("kafka.topology.ts");
      assert.ok(model.capabilities.some((c) => c.name === "Kafka" && c.failover));
      assert.deepEqual(model.topologies.find((t) => t.id === "events")!.capabilities, ["K8sClient", "Kafka"]);
      assert.deepEqual(model.deployments.find((d) => d.id === "ordersOnEvents")!.missing, []);
    });

    it("reads a user capability without a failover strategy: HARMONY1002", () => {
      const { model, diagnostics } = analyzeFixture("kafka-no-strategy.topology.ts");
      assert.ok(model.capabilities.some((c) => c.name === "Kafka" && !c.failover));
      assert.deepEqual(codes(diagnostics), ["HARMONY1002"]);
    });

    it("reads user-defined topologies and scores, and helpers that return them, from their types", () => {
      const { model } = analyzeFixture("kafka.topology.ts");
      const a = model.topologies.find((t) => t.id === "eventsA")!;
      assert.equal(a.kind, "kafkaCluster");
      assert.equal(a.userDefined, true);
      assert.deepEqual(a.spec, { kind: "kafkaCluster", name: "events-a", brokers: 3 });
      const spare = model.topologies.find((t) => t.id === "spare")!;
      assert.deepEqual(spare.capabilities, ["Kafka"]);
      assert.equal(spare.userDefined, true);
      const orders = model.scores.find((s) => s.id === "orders")!;
      assert.equal(orders.kind, "kafkaTopic");
      assert.deepEqual(orders.requires, ["Kafka"]);
    });
  });

  describe("values and names", () => {
    const { model, diagnostics } = analyzeFixture("values.topology.ts");

    it("evaluates spreads, as const, templates, arithmetic and references to consts", () => {
      assert.deepEqual(model.topologies.find((t) => t.id === "lab")!.spec, { name: "lab", context: "lab", namespace: "tools" });
      const grafana = model.scores.find((s) => s.id === "grafana.score")!;
      assert.equal(grafana.spec.version, "8.3.0");
      assert.deepEqual((grafana.spec.values as Record<string, unknown>).replicas, 6);
    });

    it("HARMONY1102 warns where a value cannot be read, and keeps its text", () => {
      const warnings = only(diagnostics, "HARMONY1102");
      assert.equal(warnings.length, 2);
      assert.ok(warnings.every((w) => w.severity === "warning"));
      const grafana = model.scores.find((s) => s.id === "grafana.score")!;
      assert.deepEqual((grafana.spec.values as Record<string, unknown>).tag, { $unevaluated: "process.env.TAG" });
    });

    it("HARMONY1101 reports two topologies sharing a name, pointing at the other", () => {
      const [d] = only(diagnostics, "HARMONY1101");
      assert.match(d.message, /"lab"/);
      assert.equal(d.range.start.line, 17);
      assert.equal(d.related[0].location.range.start.line, 7);
    });

    it("HARMONY1201 reports a MAC address that is not six octets, and accepts any case and `-`", () => {
      const macs = only(diagnostics, "HARMONY1201");
      assert.equal(macs.length, 1);
      assert.match(macs[0].message, /"aa:bb:cc:dd:ee" is not a MAC address/);
      assert.equal(only(analyzeFixture("nested.topology.ts").diagnostics, "HARMONY1201").length, 0);
    });
  });

  describe("syntax errors", () => {
    it("still yields every declaration that can be read, after a half-typed one", () => {
      const { model, diagnostics } = analyzeFixture("syntax-error.topology.ts");
      assert.deepEqual(model.topologies.map((t) => t.id), ["before", "after"]);
      assert.deepEqual(model.deployments.map((d) => d.id), ["ok", "wrong"]);
      assert.deepEqual(codes(diagnostics), ["TS1109", "HARMONY1001"]);
    });
  });
});
