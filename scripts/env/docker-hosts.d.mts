// Types of docker-hosts.mjs for the TypeScript tests that import it.
export declare const dockerCli: string;
export declare const TEST_IMAGES: Record<string, { index: string; cmd: string[]; healthcheck?: string }>;

export interface TestHost {
  name: string;
  /** `127.0.N.1`: its sshd listens there, its published ports bind there. */
  address: string;
  dir: string;
  /** The host's dockerd socket, for tests that look behind Harmony's back. */
  socket: string;
  sshPort: number;
  sshdPid: number;
  dockerdPid: number;
  /** `ssh-ed25519 AAAA…` */
  hostKey: string;
  sshdConfig: string;
}

export interface RunningHosts {
  dir: string;
  hosts: TestHost[];
  /** The client's private key, authorized on every host as root. */
  clientKey: string;
  /** One `[address]:port type key` line per host. */
  knownHosts: string;
  /** Stops every daemon (dockerd stops its containers) and removes the bridges. */
  stop(): Promise<void>;
  /** Kills a host's sshd and every session it serves. */
  stopSshd(host: TestHost): Promise<void>;
  restartSshd(host: TestHost): Promise<void>;
}

/** `sshPorts`: one per host; default free ports. */
export declare function startDockerHosts(options: { dir: string; count?: number; keepRunning?: boolean; sshPorts?: number[]; log?: (m: string) => void }): Promise<RunningHosts>;
export declare function stopDockerHosts(options: { dir: string }): Promise<boolean>;
export declare function stopSshd(host: TestHost): Promise<void>;
/** Starts the host's sshd again (recorded in DIR/pids.json, so stop() stops it); updates `host.sshdPid`. */
export declare function restartSshd(dir: string, host: TestHost): Promise<void>;
