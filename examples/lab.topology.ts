// The lab: a bare-metal OKD cluster whose workers get LACP bonds over their two NICs.
// Compare the bonds with the nodes' current network state: "Harmony: Show Bond Diff",
// or offline with the samples in nns/.
import { okdCluster, deploy, hostBonds, k8sApp } from "@harmony/topology";

export const lab = okdCluster({
  name: "okd-lab",
  context: "okd-lab",
  namespace: "lab",
  hosts: [
    {
      name: "worker-0",
      node: "worker-0.lab",
      nics: [
        { name: "eno1", mac: "aa:bb:cc:00:00:01", switchPort: "Ethernet1/1" },
        { name: "eno2", mac: "aa:bb:cc:00:00:02", switchPort: "Ethernet1/2" },
      ],
    },
    {
      name: "worker-1",
      node: "worker-1.lab",
      nics: [
        { name: "eno1", mac: "aa:bb:cc:00:01:01", switchPort: "Ethernet1/3" },
        { name: "eno2", mac: "aa:bb:cc:00:01:02", switchPort: "Ethernet1/4" },
      ],
    },
  ],
});

export const labBonds = deploy(lab, hostBonds({ name: "lab-bonds", bond: "bond0", mode: "802.3ad", miimon: 100 }));

export const monitoring = deploy(lab, k8sApp({ name: "monitoring", image: "quay.io/prometheus/prometheus:v2.54.1", port: 9090 }));
