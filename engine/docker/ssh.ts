// One SSH connection per host, reused for a whole deploy, carrying the Docker Engine API. Each HTTP
// connection is a `docker system dial-stdio` channel on that one SSH connection (what `docker -H
// ssh://` runs on the far side), handed to dockerode as its socket. docker-modem's own ssh
// protocol is not used: it opens a new SSH connection for every HTTP connection, which costs a
// handshake per request and cannot verify host keys against known_hosts.
import { readFile } from "node:fs/promises";
import { homedir, userInfo } from "node:os";
import { join } from "node:path";
import Docker from "dockerode";
import { Client, utils, type AnyAuthMethod, type ConnectConfig } from "ssh2";
import type { HostTarget } from "../deploy/plan";
import { describeHost } from "../deploy/plan";
import { DEFAULT_MAX_CHANNELS } from "./channels";
import { DialStdioAgent } from "./dial-stdio";
import { tieToCallerSignal } from "./requests";
import { addKnownHost, describeRefusal, readKnownHosts, verifyHostKey, type HostKeyVerdict } from "./known-hosts";

export interface SshOptions {
  /** Default `~/.ssh/known_hosts`. */
  knownHostsFile?: string;
  /** A fingerprint (`SHA256:…`) the user accepted for a host whose key is not known yet: added to known_hosts when presented. */
  acceptHostKey?: string;
  /** Asked when a host's key is not known (VS Code's modal); true adds it to known_hosts. Never called for a changed key. */
  confirmHostKey?: (question: { host: string; name: string; keyType: string; fingerprint: string }) => Promise<boolean>;
  /** `SSH_AUTH_SOCK` and `HOME` come from here; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** SSH handshake and authentication; default 20 s. */
  connectTimeoutMs?: number;
  signal?: AbortSignal;
  /** How long one Docker API request may go unanswered; default 60 s. */
  requestTimeoutMs?: number;
  /** SSH channels open at once on the connection (one per Docker API request in flight); default 4, below OpenSSH's MaxSessions of 10. */
  maxChannels?: number;
}

/** Why a host could not be reached: `host-key` (refused or changed key), `auth`, or `connect`. */
export class HostConnectError extends Error {
  constructor(
    message: string,
    readonly reason: "host-key" | "auth" | "connect" | "cancelled",
    readonly hostKey?: { fingerprint: string; keyType: string; verdict: HostKeyVerdict["verdict"] },
  ) {
    super(message);
  }
}

/** An open connection to one host's Docker engine. */
export interface HostConnection {
  target: HostTarget;
  docker: Docker;
  /** True once the SSH connection has dropped: nothing more can be sent on it. */
  readonly lost: boolean;
  /** Why it dropped, when it has. */
  readonly lostReason: string | undefined;
  close(): void;
}

const hostKeyName = (t: HostTarget) => `${t.user || "-"}@${t.address}:${t.port}`;

function expandHome(p: string, env: NodeJS.ProcessEnv): string {
  return p === "~" || p.startsWith("~/") ? join(env.HOME || homedir(), p.slice(1)) : p;
}

const DEFAULT_KEYS = ["id_ed25519", "id_ecdsa", "id_rsa"];

/** The authentication methods `ssh` would try, in its order: the agent, then the identity file or the default keys. */
async function authMethods(target: HostTarget, env: NodeJS.ProcessEnv): Promise<{ methods: AnyAuthMethod[]; tried: string[]; problems: string[] }> {
  const username = target.user || userInfo().username;
  const methods: AnyAuthMethod[] = [];
  const tried: string[] = [];
  const problems: string[] = [];
  if (env.SSH_AUTH_SOCK) {
    methods.push({ type: "agent", username, agent: env.SSH_AUTH_SOCK });
    tried.push(`ssh-agent (${env.SSH_AUTH_SOCK})`);
  }
  const files = target.identityFile ? [expandHome(target.identityFile, env)] : DEFAULT_KEYS.map((k) => join(env.HOME || homedir(), ".ssh", k));
  for (const file of files) {
    let text: Buffer;
    try {
      text = await readFile(file);
    } catch (e) {
      if (target.identityFile) problems.push(`identityFile ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? e})`);
      continue;
    }
    const parsed = utils.parseKey(text);
    if (parsed instanceof Error) {
      problems.push(`${file}: ${/encrypted/i.test(parsed.message) ? "encrypted; load it into ssh-agent (ssh-add) instead" : parsed.message}`);
      continue;
    }
    methods.push({ type: "publickey", username, key: text });
    tried.push(file);
  }
  return { methods, tried, problems };
}

/**
 * Opens the SSH connection to a host, its key verified against known_hosts; resolves once
 * authenticated. Refusals say what the key is and how to accept it.
 */
export async function connectHost(target: HostTarget, o: SshOptions = {}): Promise<HostConnection> {
  const env = o.env ?? process.env;
  const knownHostsFile = o.knownHostsFile ?? join(env.HOME || homedir(), ".ssh", "known_hosts");
  const { methods, tried, problems } = await authMethods(target, env);
  const where = describeHost(target);
  if (!methods.length) {
    throw new HostConnectError(`cannot log in to ${where}: no SSH key to offer (no SSH_AUTH_SOCK, no ~/.ssh/id_ed25519, id_ecdsa or id_rsa${problems.length ? `; ${problems.join("; ")}` : ""}); set identityFile on the host`, "auth");
  }
  if (o.signal?.aborted) throw new HostConnectError(`cancelled before connecting to ${where}`, "cancelled");

  const client = new Client();
  let refusal: HostConnectError | undefined;
  let lostReason: string | undefined;
  const hostVerifier = (key: Buffer, verify: (ok: boolean) => void) => {
    void (async () => {
      const v = verifyHostKey(await readKnownHosts(knownHostsFile), target.address, target.port, key);
      if (v.verdict === "known") return verify(true);
      const refuse = () => {
        refusal = new HostConnectError(describeRefusal(v, target.address, target.port, knownHostsFile), "host-key", { fingerprint: v.fingerprint, keyType: v.keyType, verdict: v.verdict });
        verify(false);
      };
      if (v.verdict !== "unknown") return refuse();
      const accepted =
        (o.acceptHostKey !== undefined && o.acceptHostKey === v.fingerprint) ||
        (o.confirmHostKey !== undefined && (await o.confirmHostKey({ host: target.host, name: `${target.address}:${target.port}`, keyType: v.keyType, fingerprint: v.fingerprint })));
      if (!accepted) return refuse();
      await addKnownHost(knownHostsFile, target.address, target.port, key);
      verify(true);
    })().catch((e) => {
      refusal = new HostConnectError(`cannot check the host key of ${where} against ${knownHostsFile}: ${(e as Error).message}`, "host-key");
      verify(false);
    });
  };
  const config: ConnectConfig = {
    host: target.address,
    port: target.port,
    username: target.user || userInfo().username,
    readyTimeout: o.connectTimeoutMs ?? 20_000,
    // A host that stops answering is noticed within seconds, not at the TCP timeout.
    keepaliveInterval: 5_000,
    keepaliveCountMax: 3,
    hostVerifier,
    authHandler: methods,
  };

  await new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      client.end();
      reject(new HostConnectError(`cancelled while connecting to ${where}`, "cancelled"));
    };
    o.signal?.addEventListener("abort", onAbort, { once: true });
    client.once("ready", () => {
      o.signal?.removeEventListener("abort", onAbort);
      resolve();
    });
    client.once("error", (e: Error & { level?: string }) => {
      o.signal?.removeEventListener("abort", onAbort);
      if (refusal) return reject(refusal);
      if (e.level === "client-authentication") {
        return reject(new HostConnectError(`${where} refused every key offered (tried: ${tried.join(", ")})${problems.length ? `; ${problems.join("; ")}` : ""}`, "auth"));
      }
      reject(new HostConnectError(`cannot reach ${where}: ${e.message}`, "connect"));
    });
    client.connect(config);
  });

  client.on("error", (e) => (lostReason ??= e.message));
  client.on("close", () => (lostReason ??= "the SSH connection closed"));

  const agent = new DialStdioAgent(client, where, o.maxChannels ?? DEFAULT_MAX_CHANNELS, o.requestTimeoutMs);
  // A socket path, never opened (the agent makes every connection): VS Code's proxy support
  // replaces the agent of any request that names a host, and then looks that host up in DNS; it
  // leaves requests to a socket path alone.
  const docker = new Docker({ socketPath: `/harmony/ssh/${hostKeyName(target)}`, agent } as Docker.DockerOptions);
  tieToCallerSignal(docker);
  return {
    target,
    docker,
    get lost() {
      return lostReason !== undefined;
    },
    get lostReason() {
      return lostReason;
    },
    close() {
      agent.destroy();
      client.end();
    },
  };
}
