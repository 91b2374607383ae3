// Reading the files a user names or a repository holds: topology files, NodeNetworkState files,
// models. A cloned repository can hold a `*.topology.ts` that is a link to /dev/zero (endless) or a
// FIFO (blocks forever), so a file is read only when it is a regular file under a size cap.
// Hand-written over fs.readFileSync because the check must be made on the opened descriptor: a
// stat before the open could be answered by another file than the one read, and opening a FIFO
// without O_NONBLOCK blocks before any check can run.
import * as fs from "node:fs";

/** The largest input read: far above any real topology, NodeNetworkState list or model. */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

export type InputRead = { ok: true; text: string } | { ok: false; error: string; /** There is no such file (some callers skip those). */ missing?: true };

const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;

/** The text of `path` (UTF-8), or why it cannot be read, naming it `shownAs` (default: the path). */
export function readInputFile(path: string, options: { maxBytes?: number; shownAs?: string } = {}): InputRead {
  const maxBytes = options.maxBytes ?? MAX_INPUT_BYTES;
  const file = options.shownAs ?? path;
  let fd: number;
  try {
    fd = fs.openSync(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { ok: false, error: openError(file, e), ...((e as NodeJS.ErrnoException).code === "ENOENT" ? { missing: true as const } : {}) };
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) return { ok: false, error: `${file} is a folder, not a file` };
    if (!st.isFile()) return { ok: false, error: `${file} is not a regular file (${kindOf(st)}); Harmony reads only regular files` };
    if (st.size > maxBytes) return { ok: false, error: `${file} is larger than ${mb(maxBytes)} (${mb(st.size)}); Harmony does not read files that large` };
    // Read at most one byte past the cap: a file that grows while read is still caught.
    const buffer = Buffer.allocUnsafe(Math.min(st.size, maxBytes) + 1);
    let length = 0;
    for (let n = 1; n > 0 && length < buffer.length; length += n) n = fs.readSync(fd, buffer, length, buffer.length - length, null);
    if (length > maxBytes) return { ok: false, error: `${file} is larger than ${mb(maxBytes)}; Harmony does not read files that large` };
    if (length > st.size) return { ok: false, error: `${file} changed while it was read; try again` };
    const bytes = buffer.subarray(0, length);
    if (bytes.includes(0)) return { ok: false, error: `${file} is not a text file: it holds binary data` };
    return { ok: true, text: bytes.toString("utf8") };
  } catch (e) {
    return { ok: false, error: `cannot read ${file}: ${(e as Error).message}` };
  } finally {
    fs.closeSync(fd);
  }
}

function openError(file: string, e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case "ENOENT":
      return `${file}: no such file`;
    case "EACCES":
    case "EPERM":
      return `${file} cannot be read: permission denied`;
    case "ELOOP":
      return `${file} is a symbolic link that loops`;
    case "EISDIR":
      return `${file} is a folder, not a file`;
    default:
      return `cannot read ${file}: ${(e as Error).message}`;
  }
}

function kindOf(st: fs.Stats): string {
  if (st.isFIFO()) return "a named pipe";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return "not a file";
}
