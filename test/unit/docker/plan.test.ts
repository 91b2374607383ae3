// The plan of a dockerApp on Linux hosts, as `harmony plan` and Preview show it.
import * as assert from "node:assert/strict";
import { isHostPlan, planAnyDeployment, planToJson, planToYaml, type HostPlan } from "../../../engine/deploy";
import { deployBlocker, type SpecObject, type TopologyModel } from "../../../shared/model";
import { deployment, score, topology } from "../deploy/shop";

/** Two hosts in failover, a web container on the pair and one on the first host alone. */
function hostsModel(web: SpecObject = {}, b: SpecObject = {}): TopologyModel {
  return {
    file: "/hosts.topology.ts",
    topologies: [
      topology("a", "linuxHost", { name: "edge-a", address: "127.0.0.1", port: 2201, user: "root" }),
      topology("b", "linuxHost", { name: "edge-b", address: "127.0.0.1", port: 2202, ...b }),
      topology("pair", "failover", { name: "edge-pair" }, { primary: "a", replica: "b" }),
      topology("site", "k8sAnywhere", { name: "site-a", context: "site-a" }),
    ],
    scores: [score("web.score", "dockerApp", { name: "web", image: "harmony-test/httpd:1", ports: ["18080:8080"], ...web })],
    deployments: [deployment("web", "pair", "web.score"), deployment("single", "a", "web.score"), deployment("onCluster", "site", "web.score")],
    capabilities: [],
  };
}

function hostPlan(m: TopologyModel, name: string): HostPlan {
  const r = planAnyDeployment(m, name);
  if (!r.ok) throw new Error(r.error);
  assert.ok(isHostPlan(r.plan));
  return r.plan;
}

describe("Docker on Linux hosts: the plan", () => {
  it("a failover of hosts: the primary's container, wait, then the replica's", () => {
    const p = hostPlan(hostsModel(), "web");
    assert.deepEqual(
      p.steps.map((s) => [s.id, s.action, s.target.host, s.side, s.after]),
      [
        ["s1", "apply", "edge-a", "primary", []],
        ["s2", "wait", "edge-a", "primary", ["s1"]],
        ["s3", "apply", "edge-b", "replica", ["s2"]],
        ["s4", "wait", "edge-b", "replica", ["s3"]],
      ],
    );
    const json = JSON.parse(planToJson(p));
    assert.deepEqual(json.steps[0].target, { host: "edge-a", address: "127.0.0.1", port: 2201, user: "root" });
    assert.deepEqual(json.steps[2].target, { host: "edge-b", address: "127.0.0.1", port: 2202, user: "" });
    const c = json.steps[0].objects[0];
    assert.equal(c.kind, "Container");
    assert.equal(c.name, "web");
    assert.equal(c.image, "harmony-test/httpd:1");
    assert.deepEqual(c.ports, ["18080:8080"]);
    assert.equal(c.restart, "unless-stopped");
    assert.equal(c.labels["io.harmony.managed-by"], "harmony");
    assert.equal(c.labels["io.harmony.deployment"], "web");
    assert.match(c.labels["io.harmony.spec-hash"], /^[0-9a-f]{16}$/);
    assert.match(planToYaml(p), /over SSH, one host after another/);
  });

  it("the spec hash changes with what the container runs, and only then", () => {
    const hash = (web: SpecObject) => hostPlan(hostsModel(web), "single").steps[0].objects[0].labels["io.harmony.spec-hash"];
    assert.equal(hash({}), hash({}));
    assert.notEqual(hash({}), hash({ image: "harmony-test/httpd:2" }));
    assert.notEqual(hash({}), hash({ env: { MODE: "a" } }));
    assert.equal(hash({ env: { A: "1", B: "2" } }), hash({ env: { B: "2", A: 1 } }));
  });

  it("secret-looking environment values never reach the preview", () => {
    const p = hostPlan(hostsModel({ env: { DB_PASSWORD: "hunter2-long", MODE: "fast" } }), "single");
    const text = planToJson(p) + planToYaml(p);
    assert.doesNotMatch(text, /hunter2/);
    assert.match(text, /MODE/);
  });

  it("what the planner cannot run is a check-time blocker, named", () => {
    const m = hostsModel({ ports: ["80:80:80:80"] });
    assert.match(deployBlocker(m, m.deployments[0])!.message, /a port of score "web" is "80:80:80:80"; expected "hostPort:containerPort"/);
    const same = hostsModel({}, { port: 2201 });
    assert.match(deployBlocker(same, same.deployments[0])!.message, /"edge-a" and "edge-b" are the same host \(127\.0\.0\.1:2201\)/);
    const bad = hostsModel({ restart: "sometimes" });
    assert.match(deployBlocker(bad, bad.deployments[0])!.message, /restart of score "web" is "sometimes"/);
    const cluster = hostsModel();
    assert.match(deployBlocker(cluster, cluster.deployments[2])!.message, /not supported yet: dockerApp on k8sAnywhere "site-a"/);
    assert.equal(deployBlocker(cluster, cluster.deployments[0]), undefined);
  });
});
