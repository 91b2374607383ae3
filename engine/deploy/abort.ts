// Cancellation for many requests at once. One deploy shares one signal across hundreds of requests
// and waits; adding a listener per request to it trips Node's MaxListenersExceededWarning past ten.
// Here each signal gets one listener, which fans out to the requests in flight.
const waiting = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `f` once when `signal` aborts; the returned function unsubscribes. */
export function onAbort(signal: AbortSignal | undefined, f: () => void): () => void {
  if (!signal) return () => {};
  let set = waiting.get(signal);
  if (!set) {
    const fresh = new Set<() => void>();
    set = fresh;
    waiting.set(signal, fresh);
    signal.addEventListener(
      "abort",
      () => {
        waiting.delete(signal);
        for (const g of [...fresh]) g();
      },
      { once: true },
    );
  }
  const entry = () => f();
  set.add(entry);
  return () => set.delete(entry);
}

/** The error an aborted request or wait throws. */
export function abortError(): Error {
  const e = new Error("cancelled");
  e.name = "AbortError";
  return e;
}

/** True for the error an aborted request or wait throws. */
export function isAbort(e: unknown): boolean {
  return (e as Error)?.name === "AbortError";
}

/** Sleeps, or rejects with an AbortError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const off = onAbort(signal, () => {
      clearTimeout(timer);
      reject(abortError());
    });
    const timer = setTimeout(() => {
      off();
      resolve();
    }, ms);
  });
}

/** Why a run stopped early: the user cancelled, or its deadline passed. */
export type StopReason = "cancelled" | "deadline";

/**
 * A signal that aborts when `parent` does or when `deadlineMs` has passed, and says which.
 * `dispose` clears the timer.
 */
export function runSignal(parent: AbortSignal | undefined, deadlineMs: number | undefined): { signal: AbortSignal; stopped: () => StopReason | undefined; dispose: () => void } {
  const controller = new AbortController();
  let reason: StopReason | undefined;
  const stop = (r: StopReason) => {
    if (reason) return;
    reason = r;
    controller.abort();
  };
  const off = onAbort(parent, () => stop("cancelled"));
  if (parent?.aborted) stop("cancelled");
  const timer = deadlineMs !== undefined && deadlineMs > 0 ? setTimeout(() => stop("deadline"), deadlineMs) : undefined;
  timer?.unref?.();
  return {
    signal: controller.signal,
    stopped: () => reason,
    dispose: () => {
      off();
      if (timer) clearTimeout(timer);
    },
  };
}
