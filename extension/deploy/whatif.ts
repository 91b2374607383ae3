import * as vscode from "vscode";
import { isHostPlan, planTargets, type HostPlan } from "../../engine/deploy/plan";
import { dockerEngine } from "../docker";
import { confirmHostKey } from "./deploy-hosts";
import { kubeEngine } from "../kube";
import { config } from "../config";
import type { HarmonyContext } from "../context";
import { whatIfUri, type PlanDocuments } from "./documents";
import { pickPlan, type DeployArgs } from "./pick";
import { abortOn } from "../cancel";
import { readLivePrimary } from "./live-primary";

export const WHAT_IF = "harmony.whatIf";

/** What-if: a server-side dry run of every object, diffed against the live one on Harmony's fields. */
export function whatIfCommand(ctx: HarmonyContext, documents: PlanDocuments) {
  return async (...args: DeployArgs): Promise<number | undefined> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage("What-if reads clusters, which is off in untrusted workspaces.");
      return undefined;
    }
    const picked = await pickPlan(ctx, args, "What-if");
    if (!picked) return undefined;
    if (isHostPlan(picked.plan)) return hostWhatIf(ctx, documents, picked.file.uri, picked.plan);
    const { plan, file } = picked;
    const { openKube, whatIf } = kubeEngine();
    const opened = await openKube(config.kubeconfig, planTargets(plan).map((t) => t.context), { limits: config.kubeLimits });
    if (!opened.ok) {
      void vscode.window.showErrorMessage(opened.error);
      return undefined;
    }
    const entries = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `What-if for ${plan.deployment}: server-side dry run`, cancellable: true },
      async (_p, token) => {
        const cancel = abortOn(token);
        try {
          // A failover PostgreSQL's live primary is read with it: the designer marks it.
          await readLivePrimary(ctx, file.uri, plan, opened.kube, { signal: cancel.signal });
          return await whatIf(plan, { kube: opened.kube, signal: cancel.signal });
        } catch (e) {
          if ((e as Error)?.name === "AbortError") return undefined;
          throw e;
        } finally {
          cancel.dispose();
          opened.kube.close();
        }
      },
    );
    if (!entries) return undefined;
    const resources: [vscode.Uri, vscode.Uri, vscode.Uri][] = [];
    for (const e of entries) {
      ctx.log.info(`what-if ${plan.deployment}: ${e.ref} on ${e.target.context || "current context"}: ${e.changed ? "changes" : "unchanged"}${e.note ? ` (${e.note})` : ""}`);
      const left = whatIfUri(file.uri, plan.deployment, e.target.context, e.ref, "live");
      const right = whatIfUri(file.uri, plan.deployment, e.target.context, e.ref, "planned");
      documents.set(left, e.live || `# ${e.ref} does not exist\n`);
      documents.set(right, (e.note ? `# ${e.note}\n` : "") + e.planned);
      resources.push([right, left, right]);
    }
    const changed = entries.filter((e) => e.changed).length;
    await vscode.commands.executeCommand("vscode.changes", `What-if: ${plan.deployment} (${changed} of ${entries.length} objects change)`, resources);
    return changed;
  };
}

/** What-if on Linux hosts: each planned container against `docker inspect` of the live one, on Harmony's fields. */
async function hostWhatIf(ctx: HarmonyContext, documents: PlanDocuments, file: vscode.Uri, plan: HostPlan): Promise<number | undefined> {
  const entries = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `What-if for ${plan.deployment}: inspecting the hosts' containers`, cancellable: true },
    async (_p, token) => {
      const cancel = abortOn(token);
      try {
        return await dockerEngine().hostWhatIf(plan, { signal: cancel.signal, confirmHostKey: confirmHostKey(ctx), knownHostsFile: config.knownHostsFile });
      } catch (e) {
        if (cancel.signal.aborted) return undefined;
        ctx.log.error(`what-if ${plan.deployment}: ${(e as Error).message}`);
        void vscode.window.showErrorMessage(`What-if for ${plan.deployment}: ${(e as Error).message}`);
        return undefined;
      } finally {
        cancel.dispose();
      }
    },
  );
  if (!entries) return undefined;
  const resources: [vscode.Uri, vscode.Uri, vscode.Uri][] = [];
  for (const e of entries) {
    ctx.log.info(`what-if ${plan.deployment}: ${e.ref} on ${e.target.host}: ${e.changed ? "changes" : "unchanged"}${e.note ? ` (${e.note})` : ""}`);
    const left = whatIfUri(file, plan.deployment, e.target.host, e.ref, "live");
    const right = whatIfUri(file, plan.deployment, e.target.host, e.ref, "planned");
    documents.set(left, e.live || `# ${e.ref} does not exist on ${e.target.host}\n`);
    documents.set(right, (e.note ? `# ${e.note}\n` : "") + e.planned);
    resources.push([right, left, right]);
  }
  const changed = entries.filter((e) => e.changed).length;
  await vscode.commands.executeCommand("vscode.changes", `What-if: ${plan.deployment} (${changed} of ${entries.length} containers change)`, resources);
  return changed;
}
