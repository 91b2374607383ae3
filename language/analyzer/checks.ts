import ts from "typescript";
import {
  type Capability,
  deployBlocker,
  DiagnosticCode,
  indexModel,
  type ModelIndex,
  MacAddress,
  type RelatedInformation,
  type Severity,
  type Topology,
  type TopologyDiagnostic,
} from "../../shared/model";
import type { DeploymentFacts, ModelFacts } from "./read-model";
import { locationOf, rangeOf, spanRange } from "./ranges";

/** TypeScript errors a failed `deploy` produces; hidden where HARMONY1001–1003 explain them. */
const DEPLOY_ASSIGNABILITY = new Set([2345, 2322, 2769]);

/** The Harmony diagnostics of a model: capabilities, duplicate names, values, MAC addresses. */
export function harmonyDiagnostics(facts: ModelFacts, file: ts.SourceFile): TopologyDiagnostic[] {
  const out: TopologyDiagnostic[] = [];
  const index = indexModel(facts.model);
  for (const d of facts.deployments) {
    const capabilities = capabilityDiagnostics(facts, d, file);
    out.push(...capabilities);
    if (capabilities.length === 0) out.push(...deployDiagnostics(facts, d, file, index));
  }
  out.push(...duplicateNames(facts, file));
  const seen = new Set<number>();
  for (const node of facts.unevaluated) {
    const start = node.getStart(file);
    if (seen.has(start)) continue;
    seen.add(start);
    out.push({
      code: DiagnosticCode.NotStaticallyEvaluable,
      severity: "warning",
      message: `The value \`${short(node.getText(file))}\` cannot be evaluated statically; Harmony reads topology files without running them. Use a literal or a const holding one.`,
      file: file.fileName,
      range: rangeOf(node, file),
      related: [],
    });
  }
  for (const { node, reason } of facts.unreadHelpers) {
    out.push({
      code: DiagnosticCode.NotStaticallyEvaluable,
      severity: "warning",
      message: `The failover made by \`${short(node.getText(file))}\` cannot be read statically: Harmony reads a helper function as the expression it returns when its body is consts and one \`return\`, and here ${reason}.`,
      file: file.fileName,
      range: rangeOf(node, file),
      related: [],
    });
  }
  for (const { node, value } of facts.macAddresses) {
    const parsed = MacAddress.tryParse(value);
    if (parsed.ok) continue;
    out.push({
      code: DiagnosticCode.InvalidMacAddress,
      severity: "error",
      message: parsed.message,
      file: file.fileName,
      range: rangeOf(node, file),
      related: [],
    });
  }
  return out;
}

function capabilityDiagnostics(facts: ModelFacts, d: DeploymentFacts, file: ts.SourceFile): TopologyDiagnostic[] {
  const { deployment } = d;
  const provided = d.topologyTypes?.provides;
  const required = d.scoreTypes?.requires;
  if (!provided || !required) return [];
  const missing = required.filter((c) => !provided.includes(c));
  deployment.missing = missing;
  if (missing.length === 0) return [];

  const topology = deployment.topology ? facts.topologies.get(deployment.topology)?.topology : undefined;
  const score = deployment.score ? facts.scores.get(deployment.score)?.score : undefined;
  const topologyText = topology ? describe(facts, topology) : `topology \`${short(argText(d.call, 0, file))}\``;
  const scoreText = score ? `score "${score.name}"` : `score \`${short(argText(d.call, 1, file))}\``;
  const topologyName = topology ? `"${topology.name}"` : "the topology";
  const scoreName = score ? `"${score.name}" (${score.kind})` : "the score";
  const node = d.call.arguments[1] ?? d.call;
  const range = rangeOf(node, file);
  const sides = d.topologyTypes?.sides;
  const out: TopologyDiagnostic[] = [];

  for (const capability of missing) {
    const base = `${topologyText} does not provide ${capability}, which ${scoreText} requires`;
    const summary = `. ${topologyName} provides ${list(provided)}; ${scoreName} requires ${list(required)}`;
    const diagnostic: TopologyDiagnostic = {
      code: DiagnosticCode.CapabilityNotProvided,
      severity: "error",
      message: base + summary,
      file: file.fileName,
      range,
      related: [],
      subject: deployment.id,
    };
    if (sides) {
      const inPrimary = sides.primary?.includes(capability) ?? false;
      const inReplica = sides.replica?.includes(capability) ?? false;
      if (!inPrimary && !inReplica && sides.primary && sides.replica) {
        // rustc's E0599 names the unsatisfied bound and where each side comes from: so does this.
        const described = (["primary", "replica"] as const).map((s) => sideOf(facts, topology, s));
        diagnostic.message = `${base}: neither side provides ${capability}: ${described.map((s) => s.text).join(" and ")}; a failover provides a capability only when both sides do and it has a failover strategy`;
        described.forEach((s, i) => {
          const provides = (i === 0 ? sides.primary : sides.replica) ?? [];
          const location = s.topology?.nameLocation ?? s.location ?? topology?.location ?? locationOf(d.call.arguments[0] ?? d.call);
          diagnostic.related.push({ location, message: `${s.side} ${s.text} is defined here; it provides ${list(provides)}` });
        });
      } else if (inPrimary && inReplica) {
        diagnostic.code = DiagnosticCode.NoFailoverStrategy;
        diagnostic.message = `${base}: both sides provide ${capability}, but failover has no strategy for ${capability} (it has strategies for ${list([...facts.failoverCapabilities])})`;
      } else if (inPrimary !== inReplica) {
        const lacking = inPrimary ? "replica" : "primary";
        const other = inPrimary ? "primary" : "replica";
        const side = topology?.[lacking] ? facts.topologies.get(topology[lacking]!)?.topology : undefined;
        const otherSide = topology?.[other] ? facts.topologies.get(topology[other]!)?.topology : undefined;
        const sideText = side ? `"${side.name}" (${kindText(facts, side)})` : `\`${lacking}\``;
        const otherText = otherSide ? `"${otherSide.name}"` : `the ${other}`;
        diagnostic.code = DiagnosticCode.FailoverSideLacks;
        diagnostic.message = `${base}: its ${lacking} ${sideText} does not provide ${capability}, while its ${other} ${otherText} does`;
        const sideProvides = (lacking === "primary" ? sides.primary : sides.replica) ?? [];
        diagnostic.related.push({
          location: side ? side.nameLocation : topology ? topology.location : locationOf(d.call.arguments[0] ?? d.call),
          message: `${lacking} ${side ? `"${side.name}"` : ""} is defined here; it provides ${list(sideProvides)}`.replace("  ", " "),
        });
      }
    }
    const sites = d.topologyTypes?.sites;
    if (!sides && sites && topology?.kind === "multisite") explainSites(facts, topology, sites, capability, base, diagnostic);
    if (topology && diagnostic.related.length === 0) {
      diagnostic.related.push({ location: topology.nameLocation, message: `topology "${topology.name}" is defined here` });
    }
    out.push(diagnostic);
  }
  return out;
}

/** Which sites of a multisite lack a capability, or that multisite has no strategy for it, like rustc names the unsatisfied bound. */
function explainSites(facts: ModelFacts, multisite: Topology, sites: (Capability[] | undefined)[], capability: Capability, base: string, diagnostic: TopologyDiagnostic): void {
  const described = sites.map((provides, i) => ({ ...siteOf(facts, multisite, i), provides, i }));
  const lacking = described.filter((s) => s.provides && !s.provides.includes(capability));
  const having = described.filter((s) => s.provides?.includes(capability));
  const rule = "a multisite provides a capability only when every site does and it has a multisite strategy";
  if (lacking.length === 0 && having.length === sites.length) {
    diagnostic.code = DiagnosticCode.NoFailoverStrategy;
    diagnostic.message = `${base}: every site provides ${capability}, but multisite has no strategy for ${capability} (it has strategies for ${list([...facts.multisiteCapabilities])})`;
    return;
  }
  if (lacking.length === 0) return;
  const names = (ss: typeof described) => ss.map((s) => s.text).join(", ");
  if (having.length === 0) {
    diagnostic.message = `${base}: no site provides ${capability}: ${names(lacking)}; ${rule}`;
  } else {
    diagnostic.code = DiagnosticCode.FailoverSideLacks;
    const verb = lacking.length === 1 ? "does" : "do";
    diagnostic.message = `${base}: ${lacking.length === 1 ? "site" : "sites"} ${names(lacking)} ${verb} not provide ${capability}, while ${names(having)} ${having.length === 1 ? "does" : "do"}; ${rule}`;
  }
  for (const s of lacking) {
    const location = s.topology?.nameLocation ?? s.location ?? multisite.location;
    diagnostic.related.push({ location, message: `site ${s.i + 1} ${s.text} is defined here; it provides ${list(s.provides ?? [])}` });
  }
}

/** Site `i` of a multisite for a message: `"paris" (k8sAnywhere)`, else its expression's text. */
function siteOf(facts: ModelFacts, multisite: Topology, i: number): { topology?: Topology; text: string; location?: Topology["location"] } {
  const id = multisite.sites?.[i];
  const topology = id ? facts.topologies.get(id)?.topology : undefined;
  if (topology) return { topology, text: `"${topology.name}" (${kindText(facts, topology)})` };
  const expression = siteExpression(facts, multisite, i);
  return expression ? { text: `\`${short(expression.getText(expression.getSourceFile()))}\``, location: locationOf(expression) } : { text: `site ${i + 1}` };
}

/** The expression a multisite({…}) call gives to site `i`, when it writes the list there. */
function siteExpression(facts: ModelFacts, multisite: Topology, i: number): ts.Expression | undefined {
  const node = facts.topologies.get(multisite.id)?.node;
  const spec = node && ts.isCallExpression(node) ? node.arguments[0] : undefined;
  if (!spec || !ts.isObjectLiteralExpression(spec)) return undefined;
  for (const p of [...spec.properties].reverse()) {
    if (!p.name || !ts.isIdentifier(p.name) || p.name.text !== "sites" || !ts.isPropertyAssignment(p)) continue;
    const list = p.initializer;
    if (!ts.isArrayLiteralExpression(list)) return undefined;
    const element = list.elements[i];
    return element && !ts.isSpreadElement(element) && !ts.isOmittedExpression(element) ? element : undefined;
  }
  return undefined;
}

/** HARMONY1004: a deployment whose capabilities match but that the deploy planner cannot plan. */
function deployDiagnostics(facts: ModelFacts, d: DeploymentFacts, file: ts.SourceFile, index: ModelIndex): TopologyDiagnostic[] {
  const blocker = deployBlocker(facts.model, d.deployment, index);
  if (!blocker) return [];
  // An argument whose type is not a topology or score at all (a missing import, a typo) is
  // TypeScript's error to report, once.
  const typed = blocker.about === "topology" ? d.topologyTypes?.topology : d.scoreTypes?.score;
  if (blocker.unresolved && !typed) return [];
  const name = d.deployment.constName ?? d.deployment.id;
  const node = d.call.arguments[blocker.about === "topology" ? 0 : 1] ?? d.call;
  return [
    {
      code: DiagnosticCode.CannotDeploy,
      severity: "error",
      message: `Deployment "${name}" cannot be deployed: ${blocker.message}`,
      file: file.fileName,
      range: rangeOf(node, file),
      related: [],
      subject: d.deployment.id,
    },
  ];
}

function duplicateNames(facts: ModelFacts, file: ts.SourceFile): TopologyDiagnostic[] {
  const out: TopologyDiagnostic[] = [];
  const groups: [string, { name: string; external: boolean; nameLocation: RelatedInformation["location"]; location: RelatedInformation["location"]; id: string }[]][] = [
    ["topology", facts.model.topologies],
    ["score", facts.model.scores],
  ];
  for (const [what, entities] of groups) {
    const first = new Map<string, (typeof entities)[number]>();
    for (const e of entities) {
      const earlier = first.get(e.name);
      if (!earlier) {
        first.set(e.name, e);
        continue;
      }
      // Reported where the file declares it; an imported pair is reported in its own file.
      const [here, there] = !e.external ? [e, earlier] : !earlier.external ? [earlier, e] : [undefined, undefined];
      if (!here || !there) continue;
      out.push({
        code: DiagnosticCode.DuplicateName,
        severity: "error",
        message: `Another ${what} is already named "${e.name}"; ${what} names must be unique`,
        file: file.fileName,
        range: here.location.file === file.fileName ? here.location.range : spanRange(file, 0, 0),
        related: [{ location: there.nameLocation, message: `the other ${what} named "${e.name}"` }],
        subject: here.id,
      });
    }
  }
  return out;
}

/** `topology "shop" (failover of k8sAnywhere, k8sAnywhere)` */
function describe(facts: ModelFacts, topology: Topology): string {
  return `topology "${topology.name}" (${kindText(facts, topology)})`;
}

function kindText(facts: ModelFacts, topology: Topology, depth = 0): string {
  if (topology.kind === "multisite" && topology.sites && depth < 4) {
    const kinds = topology.sites.map((id, i) => {
      const site = id ? facts.topologies.get(id)?.topology : undefined;
      if (site) return site.kind;
      const expression = siteExpression(facts, topology, i);
      return expression ? `\`${short(expression.getText(expression.getSourceFile()))}\`` : "an unresolved site";
    });
    return `multisite of ${kinds.join(", ")}`;
  }
  if (topology.kind !== "failover") return topology.kind;
  const file = facts.topologies.get(topology.id)?.node.getSourceFile();
  const sides = (["primary", "replica"] as const).map((s) => {
    const known = topology[s] && facts.topologies.get(topology[s]!)?.topology;
    if (known) return known.kind;
    const expression = file && sideExpression(facts, topology, s);
    return expression ? `\`${short(expression.getText(file))}\`` : undefined;
  });
  if (sides.every((s) => s !== undefined)) return `failover of ${sides.join(", ")}`;
  // Not a failover({…}) call here (a helper returns it): its text is what can be shown.
  const node = facts.topologies.get(topology.id)?.node;
  return node && file ? `failover from \`${short(node.getText(file))}\`` : "failover";
}

/** The expression a failover({…}) call gives to a side, when it names it there. */
function sideExpression(facts: ModelFacts, topology: Topology, side: "primary" | "replica"): ts.Expression | undefined {
  const node = facts.topologies.get(topology.id)?.node;
  const spec = node && ts.isCallExpression(node) ? node.arguments[0] : undefined;
  if (!spec || !ts.isObjectLiteralExpression(spec)) return undefined;
  for (const p of [...spec.properties].reverse()) {
    if (!p.name || !ts.isIdentifier(p.name) || p.name.text !== side) continue;
    if (ts.isPropertyAssignment(p)) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p)) return p.name;
  }
  return undefined;
}

/** One side of a failover for a message: `"site-a" (k8sAnywhere)`, else its expression's text. */
function sideOf(facts: ModelFacts, failover: Topology | undefined, side: "primary" | "replica") {
  const topology = failover?.[side] ? facts.topologies.get(failover[side]!)?.topology : undefined;
  if (topology) return { side, topology, text: `"${topology.name}" (${kindText(facts, topology)})` };
  const expression = failover && sideExpression(facts, failover, side);
  const text = expression ? `\`${short(expression.getText(expression.getSourceFile()))}\`` : `its ${side}`;
  return { side, text, location: expression ? locationOf(expression) : undefined };
}

function list(capabilities: Capability[]): string {
  return capabilities.length === 0 ? "nothing" : capabilities.join(", ");
}

function argText(call: ts.CallExpression, i: number, file: ts.SourceFile): string {
  return call.arguments[i]?.getText(file) ?? "(missing)";
}

function short(text: string): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > 60 ? oneLine.slice(0, 59) + "…" : oneLine;
}

/** TypeScript's diagnostics of a file as TopologyDiagnostics, minus those a Harmony code explains. */
export function typescriptDiagnostics(
  diagnostics: readonly ts.Diagnostic[],
  file: ts.SourceFile,
  explainedDeploys: readonly ts.CallExpression[],
): TopologyDiagnostic[] {
  const out: TopologyDiagnostic[] = [];
  for (const d of diagnostics) {
    const start = d.start ?? 0;
    if (
      DEPLOY_ASSIGNABILITY.has(d.code) &&
      explainedDeploys.some((call) => start >= call.getStart(file) && start < call.getEnd())
    ) {
      continue;
    }
    out.push({
      code: `TS${d.code}`,
      severity: severityOf(d.category),
      message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
      file: file.fileName,
      range: spanRange(file, start, start + (d.length ?? 0)),
      related: (d.relatedInformation ?? [])
        .filter((r) => r.file)
        .map((r) => ({
          location: { file: r.file!.fileName, range: spanRange(r.file!, r.start ?? 0, (r.start ?? 0) + (r.length ?? 0)) },
          message: ts.flattenDiagnosticMessageText(r.messageText, "\n"),
        })),
    });
  }
  return out;
}

function severityOf(category: ts.DiagnosticCategory): Severity {
  if (category === ts.DiagnosticCategory.Error) return "error";
  if (category === ts.DiagnosticCategory.Warning) return "warning";
  return "info";
}
