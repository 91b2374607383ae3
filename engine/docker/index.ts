// What the extension runs for Linux hosts, as one bundle (dist/docker.js) loaded on first use, so
// neither the SSH client nor the Docker client is read at activation: deploy, what-if, host keys.
export { deployHosts, formatHostSummary, hostHeadline, hostCountLine, type HostDeploySummary, type HostDeployOptions, type ContainerResult } from "./deploy";
export { hostWhatIf, type HostWhatIfEntry } from "./whatif";
export { connectHost, HostConnectError, type HostConnection, type SshOptions } from "./ssh";
export { fingerprint, verifyHostKey, addKnownHost, knownHostsName } from "./known-hosts";
