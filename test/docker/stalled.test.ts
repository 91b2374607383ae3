// A host whose Docker engine stops answering (its dockerd frozen with SIGSTOP, a real stall): every
// request is bounded, so a deploy ends with the host and the operation named, and cancel is prompt.
import * as assert from "node:assert/strict";
import { deployHosts, formatHostSummary, type HostDeploySummary } from "../../engine/docker";
import { freshPort, knownHostsFile, pairModel, planOf, testHosts } from "./hosts";

const env = { ...process.env, SSH_AUTH_SOCK: "" };

async function withFrozenEngine<T>(hostIndex: number, f: () => Promise<T>): Promise<T> {
  const pid = testHosts().hosts[hostIndex].dockerdPid;
  process.kill(pid, "SIGSTOP");
  try {
    return await f();
  } finally {
    process.kill(pid, "SIGCONT");
  }
}

describe("A host whose Docker engine stalls", function () {
  it("a request it never answers ends the deploy with the host and the operation named, and nothing waits on", async () => {
    const plan = planOf(pairModel("frozen", { image: "harmony-test/httpd:1", ports: [`${freshPort()}:8080`] }), "frozen");
    const t0 = Date.now();
    const s: HostDeploySummary = await withFrozenEngine(0, () => deployHosts(plan, { env, knownHostsFile: knownHostsFile(), requestTimeoutMs: 3000 }));
    const took = Date.now() - t0;
    assert.equal(s.ok, false, formatHostSummary(s));
    assert.deepEqual(
      s.containers.map((c) => `${c.target.host}:${c.outcome}`),
      ["edge-a:failed", "edge-b:skipped"],
    );
    assert.match(s.containers[0].reason!, /^root@127\.0\.1\.1:\d+ \(edge-a\) did not answer "inspect container frozen" within 3 s: its Docker engine or the SSH channel to it stalled$/);
    assert.ok(took < 15_000, `ended after ${took} ms`);
  });

  it("cancel while the engine does not answer stops the deploy at once", async () => {
    const plan = planOf(pairModel("frozen-cancel", { image: "harmony-test/httpd:1", ports: [`${freshPort()}:8080`] }), "frozen-cancel");
    const controller = new AbortController();
    let t0 = 0;
    const s = await withFrozenEngine(0, () =>
      deployHosts(plan, {
        env,
        knownHostsFile: knownHostsFile(),
        signal: controller.signal,
        onProgress: (e) => {
          if (e.kind === "step-start" && !t0) {
            t0 = Date.now();
            setTimeout(() => controller.abort(), 1500);
          }
        },
      }),
    );
    const took = Date.now() - t0;
    assert.equal(s.cancelled, true, formatHostSummary(s));
    assert.match(s.containers[0].reason!, /cancelled while it was being changed/);
    assert.equal(s.containers[1].outcome, "skipped");
    assert.ok(took < 6000, `cancel took effect after ${took} ms (the request timeout is 60 s)`);
  });
});
