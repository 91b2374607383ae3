// Secrets in a kubeconfig never reach a message: not through a YAML error's code frame, a server
// URL with credentials, an answer that quotes a token, or a key in any spelling.
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliIO } from "../../../engine/cli/command";
import { runCli } from "../../../engine/cli/main";
import { redact } from "../../../shared/redact";
import { labModel } from "../bonds/lab";
import { shopModel } from "../deploy/shop";

const MARKERS = {
  token: "MARKERTOKEN0b1c2d3e",
  password: "MARKERPASSWORD9f8e",
  urlPassword: "MARKERURLPASS7a6b",
  key: Buffer.from("-----BEGIN RSA PRIVATE KEY-----\nMARKERKEYBYTES5c4d\n-----END RSA PRIVATE KEY-----\n").toString("base64"),
  keyText: "MARKERKEYBYTES5c4d",
};
const leaks = (text: string) => Object.entries(MARKERS).filter(([, v]) => text.includes(v)).map(([k]) => k);

async function harmony(cwd: string, ...argv: string[]): Promise<string> {
  let all = "";
  const io: CliIO = { out: (t) => (all += t + "\n"), err: (t) => (all += t + "\n"), cwd, env: {} };
  await runCli(argv, io);
  return all;
}

describe("redaction", () => {
  it("hides URL credentials, bearer tokens, secret fields, PEM keys and JWTs, and keeps the rest", () => {
    assert.equal(redact("cannot reach https://admin:hunter22@10.0.0.1:6443/api"), "cannot reach https://<redacted>@10.0.0.1:6443/api");
    assert.equal(redact("Authorization: Bearer abc.def-ghi"), "Authorization: Bearer <redacted>");
    assert.equal(redact('    token: s3cr3t-value\n    client-key-data: LS0tLS1CRUdJTiBSU0E=\n'), "    token: <redacted>\n    client-key-data: <redacted>\n");
    assert.equal(redact('{"password":"p\\"w","name":"x"}'), '{"password":<redacted>,"name":"x"}');
    assert.equal(redact("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY----- after"), "<redacted> after");
    assert.equal(redact("id eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJl end"), "id <redacted> end");
    assert.equal(redact("context `site-a` not found in ~/.kube/config; contexts there: kind-dev"), "context `site-a` not found in ~/.kube/config; contexts there: kind-dev");
    assert.equal(redact("leaked MARKERTOKEN0b1c2d3e here", [MARKERS.token]), "leaked <redacted> here");
  });

  describe("across the CLI, with a kubeconfig full of marker secrets", () => {
    let tmp: string;
    before(() => {
      tmp = mkdtempSync(join(tmpdir(), "harmony-redact-"));
      writeFileSync(join(tmp, "shop.model.json"), JSON.stringify(shopModel({ failover: { publicHost: "db.example.com" } })));
      writeFileSync(join(tmp, "lab.model.json"), JSON.stringify(labModel({ context: "site-a" })));
      const user = `{name: u, user: {token: ${MARKERS.token}, username: admin, password: ${MARKERS.password}}}`;
      const contexts = "[{name: site-a, context: {cluster: c, user: u}}, {name: site-b, context: {cluster: c, user: u}}]";
      writeFileSync(join(tmp, "good.yaml"), `clusters: [{name: c, cluster: {server: "https://admin:${MARKERS.urlPassword}@127.0.0.1:1"}}]\nusers: [${user}]\ncontexts: ${contexts}\ncurrent-context: site-a\n`);
      // A YAML error right after the secrets: the parser's code frame would quote them.
      writeFileSync(
        join(tmp, "broken.yaml"),
        `clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers:\n- name: u\n  user:\n    token: ${MARKERS.token}\n    client-key-data: ${MARKERS.key}\n  bad: [\n  password: ${MARKERS.password}\n`,
      );
    });
    after(() => rmSync(tmp, { recursive: true, force: true }));

    for (const [name, argv] of [
      ["deploy, broken kubeconfig", ["deploy", "shop.model.json", "--deployment", "storefront", "--kubeconfig", "broken.yaml", "--dry-run"]],
      ["bonds, broken kubeconfig", ["bonds", "lab.model.json", "--kubeconfig", "broken.yaml"]],
      ["deploy, refused server", ["deploy", "shop.model.json", "--deployment", "storefront", "--kubeconfig", "good.yaml", "--dry-run"]],
      ["deploy --yes, refused server", ["deploy", "shop.model.json", "--deployment", "ordersDb", "--kubeconfig", "good.yaml", "--yes"]],
      ["bonds, refused server", ["bonds", "lab.model.json", "--kubeconfig", "good.yaml"]],
      ["deploy with bounds, refused server", ["deploy", "shop.model.json", "--deployment", "storefront", "--kubeconfig", "good.yaml", "--yes", "--request-timeout", "1s", "--timeout", "2s"]],
    ] as const) {
      it(`${name}: no secret in the output`, async function () {
        this.timeout(30_000);
        const text = await harmony(tmp, ...argv);
        assert.deepEqual(leaks(text), [], text);
        assert.ok(text.trim(), "the command said something");
        if (name.includes("broken")) assert.match(text, /cannot read kubeconfig .*broken\.yaml: invalid YAML at line \d+, column \d+/);
        if (name.includes("refused")) assert.match(text, /connection to 127\.0\.0\.1:1 refused/);
      });
    }
  });
});
