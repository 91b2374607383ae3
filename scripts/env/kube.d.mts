// Types of kube.mjs for the TypeScript tests that import it.
export declare const cacheDir: string;
export declare const kubeApiserverBinary: string;
export declare const buildScript: string;
export declare const crdDir: string;
export declare const defaultRunDir: string;
export declare const contexts: readonly ["site-a", "site-b"];

export interface RunningKube {
  /** Path of the kubeconfig with the contexts `site-a` and `site-b` (namespaces of the same names). */
  kubeconfig: string;
  /** `https://127.0.0.1:PORT` */
  server: string;
  /** Bearer token of a `system:masters` user. */
  token: string;
  dir: string;
  /** Stops the kube-apiserver and etcd and waits until both have exited. */
  stop(): Promise<void>;
}

export interface StartKubeOptions {
  /** Folder for etcd data, keys, logs, pids.json and the kubeconfig. */
  dir: string;
  /** How long to wait for etcd, /readyz and the CRDs; default 90 s. */
  readyTimeoutMs?: number;
  /** Leave the servers running when this process exits (the CLI's `start`). */
  keepRunning?: boolean;
  /** Folder of CRD manifests to install; default test/kube/crds. */
  crds?: string;
  log?: (message: string) => void;
}

export declare function ensureKubeApiserver(options?: { stdio?: "inherit" | "ignore" | "pipe" }): Promise<string>;
export declare function startKube(options: StartKubeOptions): Promise<RunningKube>;
export declare function stopKube(options: { dir: string }): Promise<boolean>;

export interface KubeProcess {
  pid: number;
  name: "etcd" | "kube-apiserver";
  args: string;
}
export declare function kubeStatus(options?: { dir?: string }): {
  recorded:
    | (Record<string, unknown> & { server: string; kubeconfig: string; etcdRunning: boolean; apiserverRunning: boolean })
    | null;
  others: KubeProcess[];
};
