// Activation does not pay for the Kubernetes client: the extension bundle leaves it out, and the
// cluster-facing commands load dist/kube.js, which has it, on first use.
import { strict as assert } from "node:assert";
import { resolve } from "node:path";
import * as esbuild from "esbuild";

const root = resolve(__dirname, "..", "..", "..");

async function bundle(entry: string, external: string[] = [], minify = false): Promise<{ inputs: string[]; bytes: number }> {
  const r = await esbuild.build({
    minify,
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    format: "cjs",
    external,
    write: false,
    metafile: true,
    outfile: "out.js",
    logLevel: "silent",
  });
  // node_modules may be a link to another checkout's: name inputs from node_modules/ on.
  return { inputs: Object.keys(r.metafile.inputs).map((i) => i.replace(/^.*?(?=node_modules\/)/, "")), bytes: r.outputFiles[0].contents.length };
}

describe("The Kubernetes client's bundle", () => {
  it("is not in the extension bundle, which requires dist/kube.js at run time instead", async function () {
    this.timeout(60_000);
    const { inputs } = await bundle("extension/main.ts", ["vscode"]);
    assert.deepEqual(inputs.filter((i) => i.includes("@kubernetes/client-node") || i.startsWith("engine/kube/") || i === "engine/deploy/kube.ts"), []);
    assert.ok(inputs.includes("extension/kube.ts"), "the extension reaches the kube engine through extension/kube.ts");
  });

  it("holds the kube engine with the client's kubeconfig module, not the package's every API (1.2 MB minified, not 4.1)", async function () {
    this.timeout(60_000);
    const { inputs, bytes } = await bundle("engine/kube/index.ts", [], true);
    assert.ok(inputs.includes("node_modules/@kubernetes/client-node/dist/config.js"));
    assert.ok(!inputs.includes("node_modules/@kubernetes/client-node/dist/index.js"));
    assert.ok(bytes < 2_000_000, `dist/kube.js is ${bytes} bytes minified`);
  });
});
