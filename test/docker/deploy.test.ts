// Docker on Linux hosts, against two real dockerd behind two real sshd: what a user sees when they
// deploy a dockerApp to a failover of hosts.
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { deployHosts, formatHostSummary, type HostDeployOptions, type HostDeploySummary } from "../../engine/docker";
import { restartSshd, stopSshd } from "../../scripts/env/docker-hosts.mjs";
import { engineOf, freshPort, httpGet, knownHostsFile, pairModel, planOf, testHosts } from "./hosts";

const env = { ...process.env, SSH_AUTH_SOCK: "" };

async function deploy(name: string, spec: Record<string, unknown>, o: Partial<HostDeployOptions> = {}): Promise<HostDeploySummary> {
  const summary = await deployHosts(planOf(pairModel(name, spec as never), name), { env, knownHostsFile: knownHostsFile(), healthTimeoutMs: 15_000, ...o });
  return summary;
}

const outcomes = (s: HostDeploySummary) => s.containers.map((c) => `${c.target.host}:${c.outcome}`);

async function containerOn(i: number, name: string) {
  try {
    return await engineOf(testHosts().hosts[i]).getContainer(name).inspect();
  } catch {
    return undefined;
  }
}

describe("Docker on Linux hosts over SSH", function () {
  it("a failover deploy creates the container on the primary, then the replica, and both published ports answer HTTP", async () => {
    const port = freshPort();
    const order: string[] = [];
    const s = await deploy("web", { image: "harmony-test/httpd:1", ports: [`${port}:8080`] }, { onProgress: (e) => e.kind === "step-start" && order.push(`${e.step.action} ${e.step.target.host}`) });
    assert.ok(s.ok, formatHostSummary(s));
    assert.deepEqual(order, ["apply edge-a", "wait edge-a", "apply edge-b", "wait edge-b"]);
    assert.deepEqual(outcomes(s), ["edge-a:created", "edge-b:created"]);
    const [a, b] = testHosts().hosts;
    assert.equal(await httpGet(a.address, port), "v1");
    assert.equal(await httpGet(b.address, port), "v1");
    const primary = (await containerOn(0, "web"))!;
    const replica = (await containerOn(1, "web"))!;
    assert.ok(Date.parse(primary.State.StartedAt) < Date.parse(replica.Created), "the replica is created after the primary started");
    assert.equal(primary.HostConfig.RestartPolicy?.Name, "unless-stopped");
    assert.equal(primary.Config.Labels["io.harmony.managed-by"], "harmony");
    assert.equal(primary.Config.Labels["io.harmony.deployment"], "web");

    // A second deploy of the same file changes nothing: same containers, still serving.
    const again = await deploy("web", { image: "harmony-test/httpd:1", ports: [`${port}:8080`] });
    assert.ok(again.ok, formatHostSummary(again));
    assert.deepEqual(outcomes(again), ["edge-a:unchanged", "edge-b:unchanged"]);
    assert.equal((await containerOn(0, "web"))!.Id, primary.Id);
    assert.equal((await containerOn(1, "web"))!.Id, replica.Id);
  });

  it("a new image tag replaces the container; a new one that fails leaves the old one serving", async () => {
    const port = freshPort();
    const spec = (image: string) => ({ image, ports: [`${port}:8080`] });
    assert.ok((await deploy("shop", spec("harmony-test/httpd:1"))).ok);
    const [a, b] = testHosts().hosts;

    const v2 = await deploy("shop", spec("harmony-test/httpd:2"));
    assert.ok(v2.ok, formatHostSummary(v2));
    assert.deepEqual(outcomes(v2), ["edge-a:replaced", "edge-b:replaced"]);
    assert.equal(await httpGet(a.address, port), "v2");
    assert.equal(await httpGet(b.address, port), "v2");

    const broken = await deploy("shop", spec("harmony-test/httpd:broken"));
    assert.equal(broken.ok, false);
    assert.deepEqual(outcomes(broken), ["edge-a:failed", "edge-b:skipped"]);
    assert.match(broken.containers[0].reason!, /did not come up .*exit.*; the previous one \(harmony-test\/httpd:2\) keeps running/);
    assert.equal(await httpGet(a.address, port), "v2", "the old container still serves on the primary");
    assert.equal(await httpGet(b.address, port), "v2", "the replica was not touched");
    const names = (await engineOf(a).listContainers({ all: true })).flatMap((c) => c.Names);
    assert.ok(!names.some((n) => n.includes("harmony-next")), `no half-made container is left behind: ${names}`);
  });

  it("an unknown host key is refused with its fingerprint, and accepted with --accept-host-key", async () => {
    const file = knownHostsFile("");
    const spec = { image: "harmony-test/httpd:1", ports: [`${freshPort()}:8080`] };
    const refused = await deploy("keys", spec, { knownHostsFile: file });
    assert.equal(refused.ok, false);
    assert.deepEqual(outcomes(refused), ["edge-a:skipped", "edge-b:skipped"]);
    const fp = refused.hostKey?.fingerprint;
    assert.match(fp ?? "", /^SHA256:[A-Za-z0-9+/]{43}$/);
    assert.match(refused.steps[0].reason!, new RegExp(`host key of \\[127\\.0\\.1\\.1\\]:\\d+ is not known .*${fp!.replace(/[+/]/g, "\\$&")}.*--accept-host-key`));
    assert.equal(await containerOn(0, "keys"), undefined, "nothing reached the host");

    // Accepting host1's key adds it; host2's is still refused.
    const partly = await deploy("keys", spec, { knownHostsFile: file, acceptHostKey: fp });
    assert.deepEqual(outcomes(partly), ["edge-a:created", "edge-b:skipped"]);
    assert.match(readFileSync(file, "utf8"), /^\[127\.0\.1\.1\]:\d+ ssh-ed25519 /m);
    assert.equal(partly.hostKey?.host, "edge-b");
  });

  it("a changed host key is refused, whatever fingerprint is offered", async () => {
    const [a] = testHosts().hosts;
    const other = "AAAAC3NzaC1lZDI1NTE5AAAAIBviJzKurTpCSF5lSEguVJc0rxpPuzMGzMTDk72si81h";
    const file = knownHostsFile(`[${a.address}]:${a.sshPort} ssh-ed25519 ${other}\n`);
    const s = await deploy("changed", { image: "harmony-test/httpd:1" }, { knownHostsFile: file });
    assert.match(s.steps[0].reason!, /HOST KEY CHANGED .*ssh-keygen -R/);
    const again = await deploy("changed", { image: "harmony-test/httpd:1" }, { knownHostsFile: file, acceptHostKey: s.hostKey!.fingerprint });
    assert.equal(again.ok, false);
    assert.match(again.steps[0].reason!, /HOST KEY CHANGED/);
  });

  it("a primary that fails its health check means the replica is skipped", async () => {
    const s = await deploy("sick", { image: "harmony-test/httpd:unhealthy" });
    assert.equal(s.ok, false);
    assert.deepEqual(
      s.steps.map((x) => `${x.id} ${x.outcome}`),
      ["s1 done", "s2 failed", "s3 skipped", "s4 skipped"],
    );
    assert.match(s.steps[1].reason!, /unhealthy: its HEALTHCHECK failed/);
    assert.deepEqual(outcomes(s), ["edge-a:created", "edge-b:skipped"]);
    assert.equal(await containerOn(1, "sick"), undefined, "nothing on the replica");
  });

  it("an image with a passing HEALTHCHECK is waited for until healthy", async () => {
    const s = await deploy("fine", { image: "harmony-test/httpd:healthy" });
    assert.ok(s.ok, formatHostSummary(s));
    assert.equal((await containerOn(0, "fine"))!.State.Health?.Status, "healthy");
  });

  it("cancel mid-deploy: what ran is reported, the rest is skipped", async () => {
    const controller = new AbortController();
    const s = await deploy(
      "stop-me",
      { image: "harmony-test/httpd:healthy" },
      { signal: controller.signal, onProgress: (e) => e.kind === "step-start" && e.step.action === "wait" && controller.abort() },
    );
    assert.equal(s.cancelled, true);
    assert.equal(s.ok, false);
    assert.deepEqual(outcomes(s), ["edge-a:created", "edge-b:skipped"]);
    assert.match(s.containers[1].reason!, /cancelled/);
    assert.equal(await containerOn(1, "stop-me"), undefined);
  });

  it("an image the host lacks is pulled, and a failed pull names the image, the host and the registry's answer", async () => {
    const s = await deploy("nowhere", { image: "registry.invalid/harmony/none:1" });
    assert.equal(s.ok, false);
    assert.match(s.containers[0].reason!, /pulling image registry\.invalid\/harmony\/none:1 on edge-a failed: .+/);
  });

  it("sshd gone mid-deploy: the summary says what was applied and what may have been", async () => {
    const state = testHosts();
    const [a] = state.hosts;
    let stopped: Promise<void> | undefined;
    const s = await deploy(
      "cut",
      { image: "harmony-test/httpd:healthy" },
      { onProgress: (e) => e.kind === "step-start" && e.step.action === "wait" && (stopped ??= stopSshd(a)) },
    );
    await stopped;
    try {
      assert.equal(s.ok, false);
      assert.deepEqual(outcomes(s), ["edge-a:created", "edge-b:skipped"]);
      assert.match(s.steps[1].reason!, /SSH connection to edge-a was lost|connection/i);
      assert.equal(s.steps[2].outcome, "skipped");
    } finally {
      await restartSshd(state.dir, a);
    }
    const text = formatHostSummary(s);
    assert.match(text, /Deploy of cut failed: 1 created, 0 replaced, 0 unchanged, 0 failed, 1 skipped/);
  });
});
