import type { CliCommand } from "../command";

/** Every CLI command; each lives in its own file beside this one. */
export const commands: CliCommand[] = [];
import { bonds } from "./bonds"; commands.push(bonds);
import { plan } from "./plan"; commands.push(plan);
import { deploy } from "./deploy"; commands.push(deploy);
import { check } from "./check"; commands.push(check);
