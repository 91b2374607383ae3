// The test server's kubeconfig, as the kube tests see it: contexts `site-a` and `site-b`, each with
// the namespace of the same name, on one kube-apiserver (see setup.ts).
import * as k8s from "@kubernetes/client-node";

export type SiteContext = "site-a" | "site-b";

/** A KubeConfig for the test server, switched to `context`. */
export function testKubeConfig(context: SiteContext = "site-a"): k8s.KubeConfig {
  const path = process.env.HARMONY_TEST_KUBECONFIG;
  if (!path) throw new Error("HARMONY_TEST_KUBECONFIG is not set: run the kube tests with --config test/kube/.mocharc.json");
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(path);
  kc.setCurrentContext(context);
  return kc;
}

/** Creates the namespace unless it exists (a reused server keeps namespaces between runs). */
export async function ensureNamespace(kc: k8s.KubeConfig, name: string): Promise<void> {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  try {
    await core.createNamespace({ body: { metadata: { name } } });
  } catch (error) {
    if (!(error instanceof k8s.ApiException && error.code === 409)) throw error;
  }
}

/** A short random suffix, so runs against a reused server do not see each other's objects. */
export function runSuffix(): string {
  return Math.random().toString(36).slice(2, 7);
}
