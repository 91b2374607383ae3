// Many containers on one host go over one SSH connection, whose sessions sshd limits (MaxSessions,
// 10 by default): what a user sees when a step holds more containers than that.
import * as assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { deployHosts, formatHostSummary } from "../../engine/docker";
import { restartSshd, stopSshd } from "../../scripts/env/docker-hosts.mjs";
import { freshPort, httpGet, knownHostsFile, manyContainersPlan, testHosts } from "./hosts";

const env = { ...process.env, SSH_AUTH_SOCK: "" };

function ports(count: number): number {
  const first = freshPort();
  for (let i = 1; i < count; i++) freshPort();
  return first;
}

describe("Many containers on one host over one SSH connection", function () {
  it("a step with more containers than sshd's MaxSessions creates them all, and every published port answers", async () => {
    const count = 14;
    const first = ports(count);
    const s = await deployHosts(manyContainersPlan(0, "crowd", count, first), { env, knownHostsFile: knownHostsFile(), healthTimeoutMs: 30_000 });
    assert.ok(s.ok, formatHostSummary(s));
    assert.deepEqual(
      s.containers.map((c) => c.outcome),
      Array(count).fill("created"),
    );
    const a = testHosts().hosts[0];
    const bodies = await Promise.all(Array.from({ length: count }, (_, i) => httpGet(a.address, first + i)));
    assert.deepEqual(bodies, Array(count).fill("v1"));
  });

  it("a host whose sshd allows fewer sessions than Harmony opens fails with an error naming MaxSessions", async () => {
    const state = testHosts();
    const b = state.hosts[1];
    const config = readFileSync(b.sshdConfig, "utf8");
    writeFileSync(b.sshdConfig, `${config}MaxSessions 2\n`);
    await stopSshd(b);
    await restartSshd(state.dir, b);
    try {
      const s = await deployHosts(manyContainersPlan(1, "narrow", 6, ports(6)), { env, knownHostsFile: knownHostsFile(), healthTimeoutMs: 30_000 });
      assert.equal(s.ok, false);
      const failed = s.containers.filter((c) => c.outcome === "failed");
      assert.ok(failed.length > 0, formatHostSummary(s));
      assert.match(failed[0].reason!, /\(edge-1\) refused a new SSH session with [0-2] open on the connection: .*MaxSessions \d+ or more in the host's sshd_config/);
    } finally {
      writeFileSync(b.sshdConfig, config);
      await stopSshd(b);
      await restartSshd(state.dir, b);
    }
  });
});
