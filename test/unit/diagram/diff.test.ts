import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { harmony } from "./goldens";

const fixtures = resolve(__dirname, "..", "..", "fixtures", "diagrams");

describe("harmony diagram --diff", function () {
  this.timeout(60_000);
  let repo: string;
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=Reviewer", "-c", "user.email=reviewer@example.com", "-c", "commit.gpgsign=false", ...args], { cwd: repo, encoding: "utf8" });

  // A repository with two commits of shop.topology.ts: v1, then v2.
  before(() => {
    repo = mkdtempSync(join(tmpdir(), "harmony-diagram-git-"));
    git("init", "-q", "-b", "main");
    copyFileSync(join(fixtures, "shop.v1.topology.ts"), join(repo, "shop.topology.ts"));
    git("add", "shop.topology.ts");
    git("commit", "-q", "-m", "the shop");
    copyFileSync(join(fixtures, "shop.v2.topology.ts"), join(repo, "shop.topology.ts"));
    git("commit", "-q", "-am", "a second edge host");
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  it("summarises the changes since a revision as Markdown beside the picture", async () => {
    const r = await harmony(repo, "shop.topology.ts", "--diff", "HEAD~1", "--format", "md", "--out", "review.md");
    assert.equal(r.code, 0, r.err);
    const md = readFileSync(join(repo, "review.md"), "utf8");
    assert.match(md, /^### shop\.topology\.ts: changes since HEAD~1\n\n!\[Diagram of the changes to shop\.topology\.ts\]\(review\.svg\)/);
    assert.match(md, /3 added, 3 removed, 1 changed, 1 moved\./);
    const rows = md.split("\n").filter((l) => /^\| [+−~→]/.test(l));
    assert.deepEqual(rows, [
      "| + added | topology (linuxHost) | edge-2 |  |",
      "| − removed | topology (linuxHost) | backup-1 |  |",
      "| ~ changed | score (k8sApp) | storefront | `image`, `replicas` |",
      "| + added | score (k8sApp) | search |  |",
      "| − removed | score (dockerApp) | restic |  |",
      "| → moved | deployment | cache | edge-1 → edge-2 |",
      "| + added | deployment | search |  |",
      "| − removed | deployment | nightly |  |",
    ]);
    const svg = readFileSync(join(repo, "review.svg"), "utf8");
    assert.match(svg, /<title>linuxHost edge-2<\/title><rect [^>]*stroke="#388a34"/, "added in green");
    assert.match(svg, /<title>linuxHost backup-1<\/title><rect [^>]*stroke="#e51400" stroke-width="2" stroke-dasharray="6 3"/, "removed in red, dashed");
    assert.match(svg, /changed: image, replicas/, "changed fields listed");
    assert.match(svg, />moved from edge-1</, "the moved deployment is labelled");
    assert.match(svg, /Changes since HEAD~1:/);
  });

  it("compares the working tree with HEAD: nothing changed, then an edit", async () => {
    const same = await harmony(repo, "shop.topology.ts", "--diff", "HEAD", "--format", "md");
    assert.equal(same.code, 0, same.err);
    assert.match(same.out, /No topology, score or deployment changed\./);
    assert.ok(existsSync(join(repo, "diagram.svg")), "the picture is written beside, as the Markdown says");
    const text = readFileSync(join(repo, "shop.topology.ts"), "utf8");
    writeFileSync(join(repo, "shop.topology.ts"), text.replace('instances: 2', 'instances: 3'));
    try {
      const edited = await harmony(repo, "shop.topology.ts", "--diff", "HEAD", "--format", "md");
      assert.match(edited.out, /\| ~ changed \| score \(postgres\) \| orders-db \| `instances` \|/);
    } finally {
      writeFileSync(join(repo, "shop.topology.ts"), text);
    }
  });

  it("draws everything as added when the file is new since the revision", async () => {
    copyFileSync(join(fixtures, "shop.v1.topology.ts"), join(repo, "new.topology.ts"));
    try {
      const r = await harmony(repo, "new.topology.ts", "--diff", "HEAD", "--format", "md");
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /new\.topology\.ts is new since HEAD/);
      assert.match(r.out, /^13 added\.$/m, "5 topologies, 4 scores, 4 deployments");
      assert.doesNotMatch(r.out, /removed|changed/);
    } finally {
      rmSync(join(repo, "new.topology.ts"));
    }
  });

  it("names a revision git does not know", async () => {
    const r = await harmony(repo, "shop.topology.ts", "--diff", "no-such-branch");
    assert.equal(r.code, 2);
    assert.match(r.err, /git knows no revision "no-such-branch"/);
  });

  it("reads the old version without running it", async () => {
    const marker = join(repo, "ran");
    writeFileSync(
      join(repo, "shop.topology.ts"),
      `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(marker)}, "x");\n` + readFileSync(join(fixtures, "shop.v1.topology.ts"), "utf8"),
    );
    git("commit", "-q", "-am", "a file that would write if it ran");
    copyFileSync(join(fixtures, "shop.v2.topology.ts"), join(repo, "shop.topology.ts"));
    const r = await harmony(repo, "shop.topology.ts", "--diff", "HEAD", "--format", "md");
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /→ moved \| deployment \| cache/);
    assert.equal(existsSync(marker), false);
  });
});
