// The one place a kubeconfig is found and read, for the CLI and every VS Code command alike: the
// setting or argument, else every path of KUBECONFIG merged the way kubectl merges them, else
// ~/.kube/config. The client library's own merge differs from kubectl's (it lets the last file's
// current-context win and throws on a name two files share), so the merge is done here.
// Errors never quote the file: a YAML error near `token:` names the line, not the token.
import { readInputFile } from "../../language/input-file";
import { homedir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { redact } from "../../shared/redact";
import type * as KubeConfigModule from "@kubernetes/client-node/dist/config.js";
import type { Cluster, Context, User } from "@kubernetes/client-node/dist/config_types.js";

/**
 * The client library's kubeconfig module alone: only KubeConfig is used (requests are made by
 * deploy/kube.ts), and the package's index drags in every generated API: 4.1 MB minified against
 * 1.1 MB for this module. The version is pinned in package-lock.json.
 */
export type K8s = typeof KubeConfigModule;
export type KubeConfig = KubeConfigModule.KubeConfig;

/** Where the kubeconfig comes from: its paths in merge order, and how messages name it. */
export interface KubeconfigSource {
  paths: string[];
  label: string;
  /** True when the paths come from KUBECONFIG, whose missing entries kubectl skips. */
  fromEnv: boolean;
}

/** A kubeconfig larger than this is not a kubeconfig (and `/dev/zero` never ends). */
export const MAX_KUBECONFIG_BYTES = 16 * 1024 * 1024;

const expandHome = (p: string) => p.replace(/^~(?=$|[\\/])/, homedir());

/** The kubeconfig to use: the setting or argument, else `KUBECONFIG` (every path), else `~/.kube/config`. */
export function resolveKubeconfig(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): KubeconfigSource {
  const given = explicit?.trim();
  if (given) {
    const path = resolve(cwd, expandHome(given));
    return { paths: [path], label: given, fromEnv: false };
  }
  const list = env.KUBECONFIG?.split(delimiter).filter((p) => p.trim());
  if (list?.length) {
    return { paths: list.map((p) => resolve(cwd, expandHome(p.trim()))), label: list.length > 1 ? `KUBECONFIG (${list.join(delimiter)})` : list[0], fromEnv: true };
  }
  return { paths: [join(homedir(), ".kube", "config")], label: "~/.kube/config", fromEnv: false };
}

export type KubeconfigRead =
  | { ok: true; kc: KubeConfig; source: KubeconfigSource; k8s: K8s }
  | { ok: false; error: string };

/** What went wrong parsing a kubeconfig, without its text: YAML errors carry a code frame of it. */
function parseError(e: unknown): string {
  const err = e as { name?: string; reason?: unknown; mark?: { line?: number; column?: number } };
  if (err?.name === "YAMLException") {
    const at = typeof err.mark?.line === "number" ? ` at line ${err.mark.line + 1}, column ${(err.mark.column ?? 0) + 1}` : "";
    return `invalid YAML${at}: ${typeof err.reason === "string" ? err.reason : "syntax error"}`;
  }
  // The library's shape errors name the field (`users[0].name is missing`), never its value.
  return e instanceof Error ? e.message.split("\n")[0] : "not a kubeconfig";
}

/**
 * Reads and merges the kubeconfig of `resolveKubeconfig`: for each cluster, user and context name
 * the first file that has it wins, and the first current-context set wins; a KUBECONFIG entry that
 * does not exist is skipped, as kubectl does. The client library is loaded here, on first use.
 */
export async function loadKubeconfig(explicit: string | undefined, opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<KubeconfigRead> {
  const source = resolveKubeconfig(explicit, opts.env, opts.cwd);
  const k8s: K8s = await import("@kubernetes/client-node/dist/config.js");
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let current: string | undefined;
  let found = 0;
  for (const path of source.paths) {
    const read = readInputFile(path, { maxBytes: MAX_KUBECONFIG_BYTES, shownAs: `kubeconfig ${path}` });
    if (!read.ok) {
      if (read.missing && (source.fromEnv || source.paths.length > 1)) continue;
      if (read.missing) break;
      return { ok: false, error: read.error };
    }
    found++;
    if (!read.text.trim()) continue;
    const one = new k8s.KubeConfig();
    try {
      one.loadFromString(read.text);
      one.makePathsAbsolute(dirname(path));
    } catch (e) {
      return { ok: false, error: redact(`cannot read kubeconfig ${path}: ${parseError(e)}`) };
    }
    for (const c of one.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of one.getUsers()) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of one.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, c);
    current ||= one.getCurrentContext() || undefined;
  }
  if (!found) return { ok: false, error: `no kubeconfig at ${source.label}; set harmony.kubeconfig, pass --kubeconfig, or set KUBECONFIG` };
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({ clusters: [...clusters.values()], users: [...users.values()], contexts: [...contexts.values()], currentContext: current ?? "" });
  return { ok: true, kc, source, k8s };
}
