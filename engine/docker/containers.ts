// A container made to match its score on one host's Docker engine: unchanged -> nothing; absent ->
// created and started; changed -> the new one created beside the old, started, waited healthy, and
// only then the old one removed. A new one that fails is removed and the old one keeps running.
import type Docker from "dockerode";
import { parsePort } from "../../shared/model/container";
import type { ContainerObject } from "../deploy/plan";
import { sleep } from "../deploy/abort";
import { DEPLOYMENT_LABEL, MANAGED_BY, SPEC_HASH } from "./plan";

export type ContainerOutcome = "created" | "replaced" | "unchanged" | "failed" | "skipped";

/** What happened, and where a failure left the host: `sent` when a change may have reached it. */
export interface ContainerChange {
  outcome: ContainerOutcome;
  reason?: string;
}

export interface HealthOptions {
  signal: AbortSignal;
  /** How long a container may take to be running and healthy; default 60 s. */
  healthTimeoutMs?: number;
  /** How long a container without a HEALTHCHECK must stay running to count; default 1 s. */
  settleMs?: number;
  dryRun?: boolean;
}

/** The suffix of the container that is started beside the old one during a replacement. */
const NEXT = "-harmony-next";

/** A Docker API error as a sentence: the engine's own message, not a stack. */
export function dockerMessage(e: unknown): string {
  const err = e as { statusCode?: number; json?: { message?: string }; message?: string; reason?: string };
  return (err?.json?.message ?? err?.message ?? String(e)).replace(/^\(HTTP code \d+\) [^-]*- /, "").split("\n")[0].trim();
}

function statusOf(e: unknown): number | undefined {
  return (e as { statusCode?: number })?.statusCode;
}

/** The create-container body of a container object, under `name`. */
export function createOptions(c: ContainerObject, name: string): Docker.ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp?: string; HostPort: string }[]> = {};
  for (const p of c.ports) {
    const m = parsePort(p)!;
    const key = `${m.containerPort}/${m.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ ...(m.hostIp ? { HostIp: m.hostIp } : {}), HostPort: String(m.hostPort) });
  }
  return {
    name,
    Image: c.image,
    ...(c.command ? { Cmd: c.command } : {}),
    Env: Object.entries(c.env).map(([k, v]) => `${k}=${v}`),
    Labels: c.labels,
    ExposedPorts: exposed,
    HostConfig: { PortBindings: bindings, RestartPolicy: { Name: c.restart } },
  };
}

/** The container called `name` on the engine, or undefined. */
export async function inspectByName(docker: Docker, name: string, signal: AbortSignal): Promise<Docker.ContainerInspectInfo | undefined> {
  try {
    return await docker.getContainer(name).inspect({ abortSignal: signal });
  } catch (e) {
    if (statusOf(e) === 404) return undefined;
    throw e;
  }
}

/** Pulls `image` when the host lacks it (or always, when the score says so). */
async function ensureImage(docker: Docker, c: ContainerObject, host: string, signal: AbortSignal): Promise<void> {
  if (c.pull === "missing") {
    try {
      await docker.getImage(c.image).inspect();
      return;
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
  }
  try {
    const stream = await docker.pull(c.image, { abortSignal: signal });
    await new Promise<void>((resolve, reject) =>
      docker.modem.followProgress(stream, (err: Error | null, events: { error?: string; errorDetail?: { message?: string } }[]) => {
        const failed = events?.find((ev) => ev.error || ev.errorDetail);
        if (err || failed) reject(new Error(err ? dockerMessage(err) : (failed!.errorDetail?.message ?? failed!.error)));
        else resolve();
      }),
    );
  } catch (e) {
    throw new Error(`pulling image ${c.image} on ${host} failed: ${dockerMessage(e)}`);
  }
}

function hostPorts(info: Docker.ContainerInspectInfo): Set<string> {
  const out = new Set<string>();
  for (const list of Object.values(info.HostConfig?.PortBindings ?? {})) for (const b of (list as { HostPort?: string }[]) ?? []) if (b.HostPort) out.add(b.HostPort);
  return out;
}

/**
 * Waits until the container runs, and is `healthy` where its image has a HEALTHCHECK (without
 * one: still running after `settleMs`). Throws with what it saw last.
 */
export async function waitHealthy(docker: Docker, name: string, o: HealthOptions): Promise<void> {
  const timeout = o.healthTimeoutMs ?? 60_000;
  const settle = o.settleMs ?? 1_000;
  const deadline = Date.now() + timeout;
  let last = "not started";
  for (;;) {
    const info = await inspectByName(docker, name, o.signal);
    if (!info) throw new Error(`container ${name} is gone`);
    const st = info.State;
    const health = st.Health?.Status;
    if (st.Restarting || (!st.Running && st.Status === "exited")) {
      throw new Error(`container ${name} ${st.Restarting ? "keeps restarting" : "exited"} (exit code ${st.ExitCode}${st.Error ? `, ${st.Error}` : ""})`);
    }
    if (health === "unhealthy") {
      const log = st.Health?.Log?.at(-1);
      throw new Error(`container ${name} is unhealthy: its HEALTHCHECK failed${log ? ` (exit ${log.ExitCode}${log.Output?.trim() ? `: ${log.Output.trim().slice(0, 200)}` : ""})` : ""}`);
    }
    if (st.Running) {
      if (health === "healthy") return;
      if (!health && Date.now() - Date.parse(st.StartedAt) >= settle) return;
      last = health ? `health "${health}"` : "running";
    } else last = st.Status;
    if (Date.now() >= deadline) throw new Error(`container ${name} not healthy after ${Math.round(timeout / 1000)} s: ${last}`);
    await sleep(Math.min(250, Math.max(0, deadline - Date.now())), o.signal);
  }
}

/** Makes the container on `host` match `c`. Failures come back as outcomes, never thrown (a cancel still throws). */
export async function ensureContainer(docker: Docker, host: string, c: ContainerObject, o: HealthOptions): Promise<ContainerChange> {
  const signal = o.signal;
  const old = await inspectByName(docker, c.name, signal);
  if (old) {
    const labels = old.Config.Labels ?? {};
    if (labels[MANAGED_BY] !== "harmony") {
      return { outcome: "failed", reason: `a container named ${c.name} exists on ${host} and Harmony does not manage it; rename or remove it first` };
    }
    if (labels[DEPLOYMENT_LABEL] !== c.labels[DEPLOYMENT_LABEL]) {
      return { outcome: "failed", reason: `container ${c.name} on ${host} belongs to deployment "${labels[DEPLOYMENT_LABEL]}"` };
    }
    if (labels[SPEC_HASH] === c.labels[SPEC_HASH]) {
      if (old.State.Running) return { outcome: "unchanged" };
      if (o.dryRun) return { outcome: "unchanged", reason: `stopped; a deploy starts it` };
      await docker.getContainer(old.Id).start({ abortSignal: signal });
      return { outcome: "unchanged", reason: "was stopped; started" };
    }
  }
  if (o.dryRun) return { outcome: old ? "replaced" : "created", reason: `dry run: would be ${old ? `replaced (now ${old.Config.Image})` : "created"}` };

  await ensureImage(docker, c, host, signal);
  if (!old) {
    const created = await docker.createContainer({ ...createOptions(c, c.name), abortSignal: signal });
    await created.start({ abortSignal: signal });
    return { outcome: "created" };
  }

  // A leftover of a replacement that was interrupted: never the serving container.
  const next = `${c.name}${NEXT}`;
  const stale = await inspectByName(docker, next, signal);
  if (stale) await docker.getContainer(stale.Id).remove({ force: true, abortSignal: signal });
  const fresh = await docker.createContainer({ ...createOptions(c, next), abortSignal: signal });
  // The new one cannot bind a host port the old one holds: the old one steps aside, and comes back on failure.
  const newPorts = new Set(c.ports.map((p) => String(parsePort(p)!.hostPort)));
  const clash = [...hostPorts(old)].some((p) => newPorts.has(p));
  let stoppedOld = false;
  try {
    if (clash && old.State.Running) {
      await docker.getContainer(old.Id).stop({ t: 10, abortSignal: signal });
      stoppedOld = true;
    }
    await fresh.start({ abortSignal: signal });
    await waitHealthy(docker, next, o);
  } catch (e) {
    const why = (e as Error)?.name === "AbortError" ? "cancelled" : dockerMessage(e);
    // Put things back as they were, even when cancelled: the old container keeps serving.
    const cleanup = new AbortController();
    const timer = setTimeout(() => cleanup.abort(), 20_000);
    try {
      await fresh.remove({ force: true, abortSignal: cleanup.signal }).catch(() => undefined);
      if (stoppedOld) await docker.getContainer(old.Id).start({ abortSignal: cleanup.signal });
    } catch (restartError) {
      clearTimeout(timer);
      return { outcome: "failed", reason: `the new container failed (${why}) and the previous one could not be started again: ${dockerMessage(restartError)}` };
    }
    clearTimeout(timer);
    if ((e as Error)?.name === "AbortError") throw e;
    return { outcome: "failed", reason: `the new container did not come up (${why}); the previous one (${old.Config.Image}) keeps running` };
  }
  await docker.getContainer(old.Id).remove({ force: true, abortSignal: signal });
  await fresh.rename({ name: c.name, abortSignal: signal });
  return { outcome: "replaced", reason: `was ${old.Config.Image}` };
}
