// Two Linux hosts in failover running a web container over SSH: the primary's container is
// created and healthy before the replica's is touched. The hosts are the test hosts of
// `node scripts/env/docker-hosts.mjs start`; point address, user and identityFile at your own.
import { linuxHost, failover, deploy, dockerApp } from "@harmony/topology";

const key = "~/.cache/harmony-topology-designer/docker-hosts/run/id_ed25519";

export const edgeA = linuxHost({ name: "edge-a", address: "127.0.1.1", port: 2201, user: "root", identityFile: key });
export const edgeB = linuxHost({ name: "edge-b", address: "127.0.2.1", port: 2202, user: "root", identityFile: key });

/** edge-a serves; edge-b runs the same container, started only once edge-a's is healthy. */
export const edge = failover({ name: "edge", primary: edgeA, replica: edgeB });

export const web = deploy(edge, dockerApp({ name: "web", image: "harmony-test/httpd:1", ports: ["8080:8080"], env: { MODE: "edge" } }));
