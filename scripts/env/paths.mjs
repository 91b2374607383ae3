// Where the test environments live: outside the project, built once and reused.
import { homedir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const cache = process.env.HARMONY_CACHE || join(homedir(), ".cache", "harmony-topology-designer");
