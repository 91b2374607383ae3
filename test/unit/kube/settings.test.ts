// Settings that weaken safety or bound cluster access are the user's: a repository's
// .vscode/settings.json cannot set them (VS Code ignores workspace values of these scopes).
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const pkg = JSON.parse(readFileSync(resolve(__dirname, "../../../package.json"), "utf8"));
const settings = pkg.contributes.configuration.properties as Record<string, { scope?: string; default?: unknown }>;

describe("Settings a workspace cannot set", () => {
  for (const name of ["harmony.deploy.confirm", "harmony.deploy.requestTimeoutSeconds", "harmony.deploy.timeoutMinutes"]) {
    it(`${name} is application or machine scoped`, () => {
      assert.ok(settings[name], `${name} is declared`);
      assert.ok(["application", "machine"].includes(settings[name].scope ?? ""), `${name} has scope ${settings[name].scope ?? "window (the default)"}`);
    });
  }

  it("harmony.kubeconfig from a workspace is ignored until the workspace is trusted", () => {
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes("harmony.kubeconfig"));
  });
});
