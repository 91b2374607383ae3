import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { analyzeFiles } from "../../../language/analyzer";
import { planDeployment, planToJson, planToYaml, type KubeObject, type Plan } from "../../../engine/deploy";
import { labModel } from "../bonds/lab";
import { shopModel } from "./shop";

function planOf(result: ReturnType<typeof planDeployment>): Plan {
  assert.ok(result.ok, result.ok ? "" : result.error);
  return result.plan;
}

const spec = (o: KubeObject) => o.spec as Record<string, any>;

describe("deploy planner", () => {
  describe("failover PostgreSQL", () => {
    const plan = planOf(planDeployment(shopModel({ failover: { publicHost: "orders-db.site-a.example.com" } }), "ordersDb"));

    it("runs primary, wait, copy-secrets and replica in that order, with the replica namespace alongside", () => {
      assert.deepEqual(
        plan.steps.map((s) => [s.id, s.action, s.target.context, s.side, s.after]),
        [
          ["s1", "apply", "site-a", "primary", []],
          ["s2", "apply", "site-b", "replica", []],
          ["s3", "wait", "site-a", "primary", ["s1"]],
          ["s4", "copy-secrets", "site-b", "replica", ["s3", "s2"]],
          ["s5", "apply", "site-b", "replica", ["s4"]],
        ],
      );
    });

    it("creates the namespace, the CloudNativePG cluster and its exposure on the primary", () => {
      const [ns, cluster, lb] = plan.steps[0].objects;
      assert.deepEqual([ns.kind, ns.metadata.name], ["Namespace", "shop"]);
      assert.equal(cluster.apiVersion, "postgresql.cnpg.io/v1");
      assert.equal(cluster.kind, "Cluster");
      assert.equal(cluster.metadata.namespace, "shop");
      assert.equal(spec(cluster).instances, 2);
      assert.deepEqual(spec(cluster).storage, { size: "10Gi" });
      assert.equal(spec(cluster).imageName, "ghcr.io/cloudnative-pg/postgresql:16");
      assert.deepEqual(spec(cluster).certificates, { serverAltDNSNames: ["orders-db.site-a.example.com"] });
      // Distributed topology: the primary names itself primary, and the replica it would follow once demoted.
      assert.deepEqual(spec(cluster).replica, { primary: "orders-db-site-a", self: "orders-db-site-a", source: "orders-db-site-b" });
      assert.deepEqual(spec(cluster).externalClusters, [{ name: "orders-db-site-a" }, { name: "orders-db-site-b" }]);
      assert.deepEqual([lb.kind, spec(lb).type, lb.metadata.name], ["Service", "LoadBalancer", "orders-db-primary"]);
      assert.deepEqual(spec(lb).selector, { "cnpg.io/cluster": "orders-db", "cnpg.io/instanceRole": "primary" });
    });

    it("waits for the primary to report healthy", () => {
      assert.deepEqual(plan.steps[2].wait, { cluster: { name: "orders-db", instances: 2 } });
    });

    it("copies only the CA certificate and the streaming_replica client certificate", () => {
      const copy = plan.steps[3].copy!;
      assert.deepEqual(copy.from, { context: "site-a", namespace: "shop" });
      assert.deepEqual(
        copy.secrets.map((s) => [s.from, s.to, s.keys]),
        [
          ["orders-db-ca", "orders-db-primary-ca", ["ca.crt"]],
          ["orders-db-replication", "orders-db-primary-replication", ["tls.crt", "tls.key"]],
        ],
      );
    });

    it("bootstraps the replica with pg_basebackup from the primary's public host", () => {
      const [replica] = plan.steps[4].objects;
      assert.equal(replica.metadata.namespace, "shop");
      assert.deepEqual(spec(replica).replica, { primary: "orders-db-site-a", self: "orders-db-site-b", source: "orders-db-site-a" });
      assert.deepEqual(spec(replica).bootstrap, { pg_basebackup: { source: "orders-db-site-a" } });
      const [ext, self] = spec(replica).externalClusters;
      assert.equal(ext.name, "orders-db-site-a");
      assert.deepEqual(self, { name: "orders-db-site-b" });
      assert.deepEqual(ext.connectionParameters, {
        host: "orders-db.site-a.example.com",
        port: "5432",
        user: "streaming_replica",
        dbname: "postgres",
        sslmode: "verify-full",
      });
      assert.deepEqual(ext.sslRootCert, { name: "orders-db-primary-ca", key: "ca.crt" });
      assert.deepEqual(ext.sslCert, { name: "orders-db-primary-replication", key: "tls.crt" });
    });

    it("with no public host, waits for the load balancer's address and streams from it", () => {
      const p = planOf(planDeployment(shopModel(), "ordersDb"));
      const wait = p.steps.find((s) => s.action === "wait")!;
      assert.deepEqual(wait.wait?.address, { kind: "Service", name: "orders-db-primary", placeholder: "$(harmony:address:Service/orders-db-primary)" });
      const replica = p.steps.at(-1)!.objects[0];
      const ext = spec(replica).externalClusters[0];
      assert.equal(ext.connectionParameters.host, "$(harmony:address:Service/orders-db-primary)");
      assert.equal(ext.connectionParameters.sslmode, "verify-ca");
    });

    it("exposes an OKD primary through a TLS-passthrough Route, with direct SSL, from PostgreSQL 17", () => {
      const p = planOf(planDeployment(shopModel({ primaryKind: "okdCluster", failover: { publicHost: "db.apps.okd" }, postgres: { version: "17" } }), "ordersDb"));
      const route = p.steps[0].objects.find((o) => o.kind === "Route")!;
      assert.deepEqual(spec(route).tls, { termination: "passthrough" });
      assert.equal(spec(route).host, "db.apps.okd");
      assert.deepEqual(spec(route).to, { kind: "Service", name: "orders-db-rw", weight: 100 });
      const ext = spec(p.steps.at(-1)!.objects[0]).externalClusters[0];
      assert.equal(ext.connectionParameters.port, "443");
      assert.equal(ext.connectionParameters.sslnegotiation, "direct");
    });
  });

  it("puts in the replica's connection parameters only what the chosen PostgreSQL version's libpq accepts", () => {
    const cases: [string | undefined, "Route" | "Service", boolean][] = [
      ["13", "Service", false],
      ["15.8", "Service", false],
      ["16", "Service", false],
      ["16.4-bookworm", "Service", false],
      ["17", "Route", true],
      ["17.2", "Route", true],
      ["18", "Route", true],
      // No version: CloudNativePG's default image, PostgreSQL 17.
      [undefined, "Route", true],
    ];
    for (const [version, exposure, direct] of cases) {
      const model = shopModel({ primaryKind: "okdCluster", postgres: { version: version ?? null } });
      const p = planOf(planDeployment(model, "ordersDb"));
      const kinds = p.steps[0].objects.map((o) => o.kind);
      assert.ok(kinds.includes(exposure), `${version}: ${kinds.join(", ")}`);
      const params = spec(p.steps.at(-1)!.objects[0]).externalClusters[0].connectionParameters;
      assert.equal("sslnegotiation" in params, direct, `${version}: ${JSON.stringify(params)}`);
      assert.equal(params.port, direct ? "443" : "5432", String(version));
      if (!direct) assert.match(p.steps[0].description, /PostgreSQL .* cannot connect through a TLS-passthrough Route: direct SSL needs 17\+/);
    }
  });

  it("a single-site PostgreSQL is one apply step: namespace and cluster", () => {
    const p = planOf(planDeployment(shopModel(), "singleDb"));
    assert.deepEqual(p.steps.map((s) => [s.action, s.objects.map((o) => o.kind)]), [["apply", ["Namespace", "Cluster"]]]);
  });

  it("a k8sApp on a failover runs on both sides as a Deployment and a Service, in parallel", () => {
    const p = planOf(planDeployment(shopModel(), "storefront"));
    assert.deepEqual(
      p.steps.map((s) => [s.target.context, s.after, s.objects.map((o) => o.kind)]),
      [
        ["site-a", [], ["Namespace", "Deployment", "Service"]],
        ["site-b", [], ["Namespace", "Deployment", "Service"]],
      ],
    );
    const deployment = p.steps[0].objects[1];
    assert.equal(spec(deployment).replicas, 3);
    assert.equal(spec(deployment).template.spec.containers[0].image, "ghcr.io/acme/storefront:1.4.2");
    assert.equal(spec(p.steps[0].objects[2]).ports[0].port, 8080);
  });

  it("hostBonds becomes one NodeNetworkConfigurationPolicy per host, from the bond differ", () => {
    const p = planOf(planDeployment(labModel(), "labBonds"));
    assert.equal(p.steps.length, 1);
    assert.equal(p.steps[0].target.context, "okd-lab");
    assert.deepEqual(
      p.steps[0].objects.map((o) => [o.apiVersion, o.kind, o.metadata.name]),
      [
        ["nmstate.io/v1", "NodeNetworkConfigurationPolicy", "harmony-bond0-worker-0"],
        ["nmstate.io/v1", "NodeNetworkConfigurationPolicy", "harmony-bond0-worker-1"],
      ],
    );
  });

  describe("deployments with no plan", () => {
    it("a checker error: the plan says which capability is missing", () => {
      const r = planDeployment(shopModel(), "metrics");
      assert.ok(!r.ok);
      assert.match(r.error, /deployment "metrics" has no plan: topology "shop" \(failover\) does not provide Docker, which score "metrics" requires/);
    });

    it("an error diagnostic about the deployment", () => {
      const d = { code: "HARMONY1101", severity: "error" as const, message: "duplicate name \"orders-db\"", file: "/shop.topology.ts", range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, related: [], subject: "ordersDb.score" };
      const r = planDeployment(shopModel(), "ordersDb", [d]);
      assert.ok(!r.ok);
      assert.match(r.error, /HARMONY1101 duplicate name/);
    });

    it("Docker on a Linux host has no cluster plan: it is planned for hosts, never a silent skip", () => {
      const r = planDeployment(shopModel(), "cache");
      assert.ok(!r.ok);
      assert.match(r.error, /deployment "cache" runs on Linux hosts over SSH, not on a cluster/);
    });

    it("Helm charts are not supported yet", () => {
      const r = planDeployment(shopModel(), "charts");
      assert.ok(!r.ok);
      assert.match(r.error, /not supported yet: .*helmChart/);
    });

    it("an unknown deployment lists the ones there are", () => {
      const r = planDeployment(shopModel(), "nope");
      assert.ok(!r.ok);
      assert.match(r.error, /no deployment "nope" .*deployments there: ordersDb, storefront, cache/);
    });

    it("a value that cannot be evaluated statically", () => {
      const r = planDeployment(shopModel({ postgres: { instances: { $unevaluated: "call of count()" } } }), "ordersDb");
      assert.ok(!r.ok);
      assert.match(r.error, /instances of score "orders-db" cannot be evaluated statically/);
    });
  });

  describe("renderings", () => {
    const plan = planOf(planDeployment(shopModel(), "ordersDb"));

    it("JSON is {deployment, steps: [{action, target: {context, namespace}, description, objects}]}", () => {
      const json = JSON.parse(planToJson(plan));
      assert.deepEqual(Object.keys(json), ["deployment", "steps"]);
      assert.equal(json.deployment, "ordersDb");
      for (const s of json.steps) {
        assert.deepEqual(Object.keys(s), ["action", "target", "description", "objects"]);
        assert.deepEqual(Object.keys(s.target), ["context", "namespace"]);
      }
    });

    it("Secret data is redacted", () => {
      const withData = { ...plan, steps: plan.steps.map((s) => ({ ...s, objects: s.objects.map((o) => (o.kind === "Secret" ? { ...o, data: { "tls.key": "LS0tLS1CRUdJTi..." } } : o)) })) };
      const yaml = planToYaml(withData);
      const json = planToJson(withData);
      assert.ok(!yaml.includes("LS0tLS1CRUdJTi") && !json.includes("LS0tLS1CRUdJTi"));
      assert.match(yaml, /tls\.key: <redacted>/);
    });

    it("YAML parses back to the JSON plan", () => {
      assert.deepEqual(parse(planToYaml(plan)), JSON.parse(planToJson(plan)));
    });
  });

  it("plans the examples' shop through the analyzer, offline", function () {
    this.timeout(60000);
    const file = join(__dirname, "../../../examples/shop.topology.ts");
    const [analysis] = analyzeFiles([file]).values();
    const p = planOf(planDeployment(analysis.model, "ordersDb", analysis.diagnostics));
    assert.deepEqual(p.steps.map((s) => s.action), ["apply", "apply", "wait", "copy-secrets", "apply"]);
    const metrics = planDeployment(analysis.model, "metrics", analysis.diagnostics);
    assert.ok(!metrics.ok && /Docker/.test(metrics.error));
  });

  it("takes the public host a failover names in its topology file, with no checker complaint", function () {
    this.timeout(60000);
    const dir = mkdtempSync(join(tmpdir(), "harmony-public-host-"));
    const file = join(dir, "ha.topology.ts");
    writeFileSync(
      file,
      [
        `import { k8sAnywhere, failover, deploy, postgres } from "@harmony/topology";`,
        `export const a = k8sAnywhere({ name: "a", context: "a", publicHost: "pg.a.example.com" });`,
        `export const b = k8sAnywhere({ name: "b", context: "b" });`,
        `export const ha = failover({ name: "ha", primary: a, replica: b, publicHost: "pg.example.com" });`,
        `export const db = deploy(ha, postgres({ name: "pg" }));`,
      ].join("\n"),
    );
    const [analysis] = analyzeFiles([file]).values();
    rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(analysis.diagnostics.map((d) => `${d.code} ${d.message}`), []);
    const p = planOf(planDeployment(analysis.model, "db", analysis.diagnostics));
    const replica = p.steps.at(-1)!.objects.find((o) => o.kind === "Cluster") as KubeObject & { spec: any };
    assert.equal(replica.spec.externalClusters[0].connectionParameters.host, "pg.example.com");
  });
});
