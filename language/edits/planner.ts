import ts from "typescript";
import { skipOuter } from "../analyzer/syntax";
import type { EditOp } from "../../shared/protocol/lsp";
import { planImportHosts } from "./import-hosts";
import { CATALOG, HIGHER_ORDER, LIBRARY_FUNCTIONS, kindSpec, makes } from "../../shared/model/kinds";
import { insertSite, moveSite, removeSite } from "./sites";
import type { SpecObject, SpecValue } from "../../shared/model";
import { formatId, inlineId, isExternal, isInline, parseId } from "../../shared/model/ids";
import {
  type ConstDeclaration,
  SourceView,
  LIBRARY_MODULE,
  findProperty,
  identifierFor,
  literal,
  propertyKey,
  propertyValue,
  specLiteral,
} from "./source";

/** A replacement of `length` characters at `offset` (UTF-16, as in a VS Code document) by `newText`. */
export interface TextEdit {
  offset: number;
  length: number;
  newText: string;
}

export type EditPlan =
  | { ok: true; edits: TextEdit[]; createdIds: string[] }
  | { ok: false; message: string; references?: string[] };

/** The document a plan is made for: its text and its version. */
export interface DocumentState {
  text: string;
  version: number;
  fileName?: string;
}

/** Plans the minimal text edits that make the document say what a canvas op asks, or says why not. */
export function planOp(doc: DocumentState, op: EditOp, baseVersion: number, parsed?: ts.SourceFile): EditPlan {
  if (baseVersion !== doc.version) {
    return {
      ok: false,
      message: `The file changed (version ${doc.version}) since the canvas drew version ${baseVersion}; the canvas has been refreshed, try again.`,
    };
  }
  return planEdits(doc.text, op, doc.fileName, parsed);
}

/** Plans an op against a source text, without version checks. */
export function planEdits(text: string, op: EditOp, fileName?: string, parsed?: ts.SourceFile): EditPlan {
  const src = new SourceView(text, fileName, parsed);
  try {
    return new Planner(src).plan(op);
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, message: e.message, references: e.references };
    throw e;
  }
}

/** Applies non-overlapping edits to a text; for tests and for hosts without a document. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset || b.length - a.length);
  for (const e of sorted) text = text.slice(0, e.offset) + e.newText + text.slice(e.offset + e.length);
  return text;
}

class Refusal extends Error {
  constructor(message: string, readonly references?: string[]) {
    super(message);
  }
}

const ok = (edits: TextEdit[], createdIds: string[] = []): EditPlan => ({ ok: true, edits, createdIds });

interface Resolved {
  owner: ConstDeclaration;
  /** The expression the id names: a factory call, or a reference to a const. */
  expr: ts.Expression;
}

class Planner {
  private readonly edits: TextEdit[] = [];
  /** Names new consts must not take: the library's exports, so an import never gets shadowed. */
  private readonly reserved = new Set<string>(LIBRARY_FUNCTIONS.map((f) => f.factory));

  constructor(private readonly src: SourceView) {}

  plan(op: EditOp): EditPlan {
    switch (op.kind) {
      case "addTopology":
        this.requireKind(op.factory, "topology");
        return this.addDeclaration(op.factory, op.name, op.spec, op.constName);
      case "addScore":
        return this.addScore(op.factory, op.name, op.spec, op.constName, op.topologyId);
      case "wrapInFailover":
        return this.wrapInFailover(op.primary, op.replica, op.name, op.constName);
      case "unwrap":
        return this.unwrap(op.failoverId);
      case "fillSlot":
        return this.fillSlot(op.failoverId, op.side, op.topologyId);
      case "wrapInMultisite":
        return this.wrapInMultisite(op.sites, op.name, op.constName);
      case "addSite":
        return this.addSite(op.multisiteId, op.topologyId, op.index);
      case "removeSite":
        return this.removeSite(op.multisiteId, op.index);
      case "moveSite":
        return this.moveSite(op.multisiteId, op.from, op.to);
      case "makePrimary":
        return this.makePrimary(op.failoverId, op.topologyId);
      case "attachScore":
        return this.attachScore(op.scoreId, op.topologyId);
      case "moveDeployment":
        return this.moveDeployment(op.deploymentId, op.topologyId);
      case "setField":
        return this.setField(op.id, op.path, op.value);
      case "rename":
        return this.rename(op.id, op.newName, op.newConstName);
      case "delete":
        return this.delete(op.id, op.cascade ?? false);
      case "importHosts": {
        const planned = planImportHosts(this.src, this.resolve(op.topologyId).expr, op.topologyId, op.hosts);
        return planned.ok ? ok(mergeEdits(planned.edits)) : planned;
      }
    }
  }

  // ---- adding ----------------------------------------------------------------------------------

  private addDeclaration(factory: string, name: string, spec: SpecObject | undefined, constName?: string): EditPlan {
    const existing = this.findByFactoryAndName(factory, name);
    if (existing) return ok([], [existing]);
    const id = this.freshName(constName ?? identifierFor(name, factory));
    const callee = this.importFactory(factory);
    this.append(`export const ${id} = ${callee}(${this.specText(factory, name, spec)});`);
    return ok(this.edits, [id]);
  }

  /** Only the library's own factories are written into the document, whoever sent the op. */
  private requireKind(factory: string, role: "topology" | "score"): void {
    if (kindSpec(factory)?.role !== role) {
      const known = [...CATALOG, ...HIGHER_ORDER].filter((k) => k.role === role).map((k) => k.factory);
      throw new Refusal(`${JSON.stringify(factory.slice(0, 80))} is not a ${role} factory; one of ${known.join(", ")}.`);
    }
  }

  private addScore(factory: string, name: string, spec: SpecObject | undefined, constName?: string, topologyId?: string): EditPlan {
    this.requireKind(factory, "score");
    if (topologyId === undefined) return this.addDeclaration(factory, name, spec, constName);
    const topology = this.topLevelTopology(topologyId, "deploy a score on");
    const existing = this.findByFactoryAndName(factory, name);
    if (existing) {
      const dep = this.src.consts.get(parseId(existing).root);
      if (dep && this.isDeployOn(dep, topology.name)) return ok([], [dep.name, existing]);
      throw new Refusal(`A ${factory} named "${name}" already exists (${existing}); pick another name or attach that one.`);
    }
    const id = this.freshName(constName ?? identifierFor(name, factory));
    const deploy = this.importFactory("deploy");
    const callee = this.importFactory(factory);
    this.append(`export const ${id} = ${deploy}(${topology.name}, ${callee}(${this.specText(factory, name, spec)}));`);
    return ok(this.edits, [id, inlineId(id, "score")]);
  }

  private wrapInFailover(primaryId: string, replicaId: string, name: string, constName?: string): EditPlan {
    if (primaryId === replicaId) throw new Refusal("A failover needs two different topologies.");
    const primary = this.topLevelTopology(primaryId, "wrap");
    const replica = this.topLevelTopology(replicaId, "wrap");
    for (const c of this.src.consts.values()) {
      if (this.src.factoryOf(c.init) !== "failover" || !ts.isCallExpression(c.init)) continue;
      const spec = specLiteral(c.init);
      const p = spec && findProperty(spec, "primary");
      const r = spec && findProperty(spec, "replica");
      if (p && r && refersTo(propertyValue(p), primary.name) && refersTo(propertyValue(r), replica.name)) return ok([], [c.name]);
    }
    const id = this.freshName(constName ?? identifierFor(name, "failover"));
    const callee = this.importFactory("failover");
    const q = this.src.quote;
    this.append(`export const ${id} = ${callee}({ name: ${literal(name, q)}, primary: ${primary.name}, replica: ${replica.name} });`);
    return ok(this.edits, [id]);
  }

  private fillSlot(failoverId: string, side: "primary" | "replica", topologyId: string): EditPlan {
    const failover = this.topLevel(failoverId, "fill a slot of");
    if (this.src.factoryOf(failover.init) !== "failover" || !ts.isCallExpression(failover.init)) throw new Refusal(`${failoverId} is not a failover.`);
    if (topologyId === failoverId) throw new Refusal("A failover cannot be one of its own sides.");
    const topology = this.topLevelTopology(topologyId, `put in ${failoverId}'s ${side} slot`);
    if (topology.statement.getStart() > failover.statement.getStart()) {
      throw new Refusal(`${topology.name} is declared after ${failoverId}; move its declaration above the failover first.`);
    }
    const spec = specLiteral(failover.init);
    if (!spec) throw new Refusal(`The spec of ${failoverId} is not an object literal written here; edit it in the text.`);
    const prop = findProperty(spec, side);
    if (!prop) return ok([this.insertProperty(spec, `${side}: ${topology.name}`)]);
    const value = propertyValue(prop);
    if (refersTo(value, topology.name)) return ok([]);
    if (value && !ts.isIdentifier(value)) {
      throw new Refusal(`The ${side} of ${failoverId} is written inline; unwrap the failover to keep it, or delete it first.`);
    }
    if (ts.isShorthandPropertyAssignment(prop)) return ok([{ offset: prop.getStart(), length: prop.end - prop.getStart(), newText: `${side}: ${topology.name}` }]);
    const init = (prop as ts.PropertyAssignment).initializer;
    return ok([{ offset: init.getStart(), length: init.end - init.getStart(), newText: topology.name }]);
  }

  // ---- multisite ---------------------------------------------------------------------------------

  private wrapInMultisite(siteIds: string[], name: string, constName?: string): EditPlan {
    if (new Set(siteIds).size !== siteIds.length) throw new Refusal("A multisite needs different topologies as its sites.");
    const sites = siteIds.map((id) => this.topLevelTopology(id, "wrap").name);
    const id = this.freshName(constName ?? identifierFor(name, "multisite"));
    const callee = this.importFactory("multisite");
    this.append(`export const ${id} = ${callee}({ name: ${literal(name, this.src.quote)}, sites: [${sites.join(", ")}] });`);
    return ok(this.edits, [id]);
  }

  /** The `sites: [...]` literal of a multisite declared at top level here. */
  private sitesOf(multisiteId: string, verb: string): { multisite: ConstDeclaration; list: ts.ArrayLiteralExpression } {
    const multisite = this.topLevel(multisiteId, verb);
    if (this.src.factoryOf(multisite.init) !== "multisite" || !ts.isCallExpression(multisite.init)) throw new Refusal(`${multisiteId} is not a multisite.`);
    const spec = specLiteral(multisite.init);
    const prop = spec && findProperty(spec, "sites");
    const list = prop && propertyValue(prop);
    if (!list || !ts.isArrayLiteralExpression(skipOuter(list))) throw new Refusal(`The sites of ${multisiteId} are not a list written here; edit them in the text.`);
    return { multisite, list: skipOuter(list) as ts.ArrayLiteralExpression };
  }

  private addSite(multisiteId: string, topologyId: string, index?: number): EditPlan {
    if (topologyId === multisiteId) throw new Refusal("A multisite cannot be one of its own sites.");
    const { multisite, list } = this.sitesOf(multisiteId, "add a site to");
    const topology = this.topLevelTopology(topologyId, `add to ${multisiteId}`);
    if (topology.statement.getStart() > multisite.statement.getStart()) {
      throw new Refusal(`${topology.name} is declared after ${multisiteId}; move its declaration above the multisite first.`);
    }
    if (list.elements.some((e) => refersTo(e as ts.Expression, topology.name))) return ok([]);
    return ok([insertSite(list, index ?? list.elements.length, topology.name)]);
  }

  private removeSite(multisiteId: string, index: number): EditPlan {
    const { list } = this.sitesOf(multisiteId, "remove a site from");
    if (index >= list.elements.length) throw new Refusal(`${multisiteId} has no site ${index + 1}; the canvas has been refreshed.`);
    if (list.elements.length <= 2) throw new Refusal(`A multisite needs two sites or more; delete ${multisiteId} or put another site in first.`);
    return ok([removeSite(list, index)]);
  }

  private moveSite(multisiteId: string, from: number, to: number): EditPlan {
    const { list } = this.sitesOf(multisiteId, "reorder the sites of");
    const n = list.elements.length;
    if (from >= n || to >= n) throw new Refusal(`${multisiteId} has ${n} sites; the canvas has been refreshed.`);
    return ok(moveSite(list, from, to, this.src.text));
  }

  /**
   * Exchanges the texts of `primary:` and `replica:` when `topologyId` is the replica, whatever each
   * is written as, comments left in place; nothing when it is already the primary.
   */
  private makePrimary(failoverId: string, topologyId: string): EditPlan {
    const failover = this.topLevel(failoverId, "switch the sides of");
    if (this.src.factoryOf(failover.init) !== "failover" || !ts.isCallExpression(failover.init)) throw new Refusal(`${failoverId} is not a failover.`);
    const spec = specLiteral(failover.init);
    if (!spec) throw new Refusal(`The spec of ${failoverId} is not an object literal written here; edit it in the text.`);
    const primary = findProperty(spec, "primary");
    const replica = findProperty(spec, "replica");
    if (!primary || !replica) throw new Refusal(`${failoverId} needs both a primary and a replica to switch them.`);
    if (refersTo(propertyValue(primary), topologyId)) return ok([], [failoverId]);
    if (!refersTo(propertyValue(replica), topologyId)) throw new Refusal(`${topologyId} is not a side of ${failoverId}.`);
    const text = (p: ts.ObjectLiteralElementLike) => (ts.isShorthandPropertyAssignment(p) ? p.name.text : propertyValue(p)!.getText());
    const replace = (p: ts.ObjectLiteralElementLike, side: string, value: string) =>
      ts.isShorthandPropertyAssignment(p)
        ? { offset: p.getStart(), length: p.end - p.getStart(), newText: `${side}: ${value}` }
        : { offset: propertyValue(p)!.getStart(), length: propertyValue(p)!.end - propertyValue(p)!.getStart(), newText: value };
    return ok([replace(primary, "primary", text(replica)), replace(replica, "replica", text(primary))], [failoverId]);
  }

  private attachScore(scoreId: string, topologyId: string): EditPlan {
    if (isInline(scoreId)) {
      throw new Refusal(`Score ${scoreId} is written inside its deployment; move that deployment's edge instead, or declare the score as its own const.`);
    }
    const score = this.topLevel(scoreId, "attach");
    const topology = this.topLevelTopology(topologyId, "deploy a score on");
    for (const c of this.src.consts.values()) {
      if (this.isDeployOn(c, topology.name) && ts.isCallExpression(c.init) && refersTo(c.init.arguments[1], score.name)) return ok([], [c.name]);
    }
    const id = this.freshName(`${score.name}On${topology.name.charAt(0).toUpperCase()}${topology.name.slice(1)}`);
    this.append(`export const ${id} = ${this.importFactory("deploy")}(${topology.name}, ${score.name});`);
    return ok(this.edits, [id]);
  }

  // ---- moving and wrapping ---------------------------------------------------------------------

  private moveDeployment(deploymentId: string, topologyId: string): EditPlan {
    const dep = this.topLevel(deploymentId, "move");
    if (this.src.factoryOf(dep.init) !== "deploy" || !ts.isCallExpression(dep.init)) {
      throw new Refusal(`${deploymentId} is not a deploy(topology, score) call.`);
    }
    const topology = this.topLevelTopology(topologyId, "deploy on");
    const arg = dep.init.arguments[0];
    if (!arg) throw new Refusal(`deploy(…) of ${deploymentId} has no topology argument.`);
    if (refersTo(arg, topology.name)) return ok([]);
    if (!ts.isIdentifier(skipOuter(arg))) {
      throw new Refusal(`The topology of ${deploymentId} is written inline; declare it as a const before moving the deployment.`);
    }
    const argEdit = { offset: arg.getStart(), length: arg.end - arg.getStart(), newText: topology.name };
    // A const used before its declaration does not type-check: move the deployment below its topology.
    if (topology.statement.getStart() > dep.statement.getStart()) {
      const statementStart = dep.statement.getStart();
      const statementText =
        this.src.text.slice(statementStart, argEdit.offset) + topology.name + this.src.text.slice(arg.end, dep.statement.end);
      this.edits.push(this.removalOf([dep.statement]));
      const at = this.lineEnd(topology.statement.end);
      this.edits.push({ offset: at, length: 0, newText: this.src.eol + statementText });
      return ok(this.edits);
    }
    return ok([argEdit]);
  }

  private unwrap(failoverId: string): EditPlan {
    if (isExternal(failoverId)) throw this.externalRefusal(failoverId);
    const failover = this.src.consts.get(failoverId);
    if (!failover) return ok([]); // already unwrapped
    if (this.src.factoryOf(failover.init) !== "failover" || !ts.isCallExpression(failover.init)) {
      throw new Refusal(`${failoverId} is not a failover.`);
    }
    const spec = specLiteral(failover.init);
    const hoisted: string[] = [];
    const sideNames: string[] = [];
    for (const side of ["primary", "replica"] as const) {
      const p = spec && findProperty(spec, side);
      const value = p && propertyValue(p);
      if (!value) throw new Refusal(`Failover ${failoverId} has no ${side} written in it to unwrap to.`);
      if (ts.isIdentifier(value)) {
        sideNames.push(value.text);
      } else {
        const id = this.freshName(`${failoverId}${side.charAt(0).toUpperCase()}${side.slice(1)}`);
        hoisted.push(`${exportKeyword(failover)}const ${id} = ${value.getText(this.src.sf)};`);
        sideNames.push(id);
      }
    }
    const statement = failover.statement;
    if (statement.declarationList.declarations.length !== 1) {
      throw new Refusal(`${failoverId} shares its statement with other consts; split it before unwrapping.`);
    }
    if (hoisted.length > 0) {
      const start = statement.getStart();
      this.edits.push({ offset: start, length: statement.end - start, newText: hoisted.join(this.src.eol) });
    } else {
      this.edits.push(this.removalOf([statement]));
    }
    // What ran on the failover now runs on its primary.
    for (const ref of this.references(failoverId)) this.edits.push(this.replaceReference(ref, sideNames[0]));
    return ok(this.edits, sideNames);
  }

  // ---- fields and names ------------------------------------------------------------------------

  private setField(id: string, path: (string | number)[], value: SpecValue | undefined): EditPlan {
    const { expr } = this.resolve(id);
    if (!ts.isCallExpression(expr)) throw new Refusal(`${id} is a reference to another const; edit that one.`);
    if (this.src.factoryOf(expr) === "deploy") throw new Refusal(`${id} is a deployment; it has no spec fields.`);
    if (path.length === 1 && path[0] === "name" && value === undefined) throw new Refusal("Every topology and score needs a name.");
    if (path.length === 1 && (path[0] === "primary" || path[0] === "replica") && this.src.factoryOf(expr) === "failover") {
      throw new Refusal("Change a failover's sides by unwrapping it and wrapping again.");
    }
    const spec = specLiteral(expr);
    if (!spec) throw new Refusal(`The spec of ${id} is not an object literal written here; edit it in the text.`);
    const q = this.src.quote;
    let container: ts.ObjectLiteralExpression | ts.ArrayLiteralExpression = spec;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      const last = i === path.length - 1;
      if (ts.isArrayLiteralExpression(container)) {
        if (typeof seg !== "number") throw new Refusal(`${pathText(path.slice(0, i))} is a list; ${seg} is not an index.`);
        const element = container.elements[seg];
        if (!element) {
          if (value === undefined) return ok([]);
          throw new Refusal(`${pathText(path.slice(0, i))} has no element ${seg}.`);
        }
        if (last) return ok(this.replaceOrRemoveElement(container, seg, value));
        container = this.nestedLiteral(skipOuter(element), path.slice(0, i + 1));
        continue;
      }
      if (typeof seg !== "string") throw new Refusal(`${pathText(path.slice(0, i))} is an object, not a list.`);
      const prop = findProperty(container, seg);
      if (!prop) {
        if (value === undefined) return ok([]);
        const nested = path.slice(i + 1).reduceRight<SpecValue>((v, k) => (typeof k === "number" ? [v] : { [k]: v }), value);
        return ok([this.insertProperty(container, `${propertyKey(seg, q)}: ${literal(nested, q)}`)]);
      }
      if (last) {
        if (value === undefined) return ok([this.removeProperty(container, prop)]);
        const newText = literal(value, q);
        if (ts.isPropertyAssignment(prop)) {
          const init = prop.initializer;
          if (init.getText(this.src.sf) === newText) return ok([]);
          return ok([{ offset: init.getStart(), length: init.end - init.getStart(), newText }]);
        }
        return ok([{ offset: prop.getStart(), length: prop.end - prop.getStart(), newText: `${propertyKey(seg, q)}: ${newText}` }]);
      }
      const v = propertyValue(prop);
      if (!v) throw new Refusal(`${pathText(path.slice(0, i + 1))} cannot be edited here.`);
      container = this.nestedLiteral(v, path.slice(0, i + 1));
    }
    return ok([]);
  }

  private rename(id: string, newName: string, newConstName?: string): EditPlan {
    const plan = this.setField(id, ["name"], newName);
    if (!plan.ok || newConstName === undefined || newConstName === id) return plan;
    const edits = [...plan.edits];
    const decl = this.topLevel(id, "rename");
    if (this.src.topLevelNames.has(newConstName)) throw new Refusal(`${newConstName} is already declared in this file.`);
    edits.push({ offset: decl.declaration.name.getStart(), length: decl.name.length, newText: newConstName });
    for (const ref of this.references(id)) edits.push(this.replaceReference(ref, newConstName));
    return ok(edits, [newConstName]);
  }

  // ---- deleting --------------------------------------------------------------------------------

  private delete(id: string, cascade: boolean): EditPlan {
    const { file, root, slots } = parseId(id);
    if (file !== undefined) throw this.externalRefusal(id);
    if (slots.length === 1 && slots[0] === "score") return this.delete(root, cascade); // an inline score goes with its deployment
    if (slots.length > 0) {
      throw new Refusal(`${id} is written inside ${root}; unwrap or edit ${root} to remove it.`);
    }
    const target = this.src.consts.get(id);
    if (!target) return ok([]); // already gone
    const doomed = new Map<string, ConstDeclaration>([[id, target]]);
    const queue = [target];
    const users: string[] = [];
    while (queue.length > 0) {
      const c = queue.shift()!;
      for (const ref of this.references(c.name)) {
        const user = this.enclosingConst(ref);
        if (!user) throw new Refusal(`${c.name} is used outside a const declaration (line ${this.src.lineOf(ref.getStart()) + 1}); remove that use first.`);
        if (doomed.has(user.name)) continue;
        doomed.set(user.name, user);
        users.push(user.name);
        queue.push(user);
      }
    }
    if (users.length > 0 && !cascade) {
      const described = users.map((u) => `${u} (${this.src.factoryOf(this.src.consts.get(u)!.init) ?? "const"})`);
      throw new Refusal(`${id} is still used by ${joinWords(described)}; delete those too, or delete them together.`, users);
    }
    const statements = [...new Set([...doomed.values()].map((c) => c.statement))];
    for (const s of statements) {
      if (s.declarationList.declarations.length !== 1) {
        throw new Refusal(`A statement declares several consts with ${id}; split it before deleting.`);
      }
    }
    for (const s of statements) this.edits.push(this.removalOf([s]));
    return ok(mergeEdits(this.edits));
  }

  // ---- resolution ------------------------------------------------------------------------------

  /** Finds what an id names: a const, or what is written inline in it (a failover's side, a deployment's score). */
  private resolve(id: string): Resolved {
    const { file, root, slots } = parseId(id);
    if (file !== undefined) throw this.externalRefusal(id);
    const owner = this.src.consts.get(root);
    if (!owner) throw new Refusal(`${root} is not declared in this file any more; the canvas has been refreshed.`);
    let expr = owner.init;
    for (const seg of slots) {
      if (!ts.isCallExpression(expr)) throw new Refusal(`${id} cannot be found in the text.`);
      if (seg === "score" && this.src.factoryOf(expr) === "deploy" && expr.arguments[1]) {
        expr = skipOuter(expr.arguments[1]);
        continue;
      }
      const spec = specLiteral(expr);
      const prop = spec && findProperty(spec, seg);
      const value = prop && propertyValue(prop);
      if (!value) throw new Refusal(`${id} cannot be found in the text.`);
      expr = value;
    }
    return { owner, expr };
  }

  private topLevel(id: string, verb: string): ConstDeclaration {
    if (isExternal(id)) throw this.externalRefusal(id);
    if (isInline(id)) throw new Refusal(`Cannot ${verb} ${id}: it is written inline; declare it as its own const first.`);
    const c = this.src.consts.get(id);
    if (!c) throw new Refusal(`${id} is not declared in this file any more; the canvas has been refreshed.`);
    return c;
  }

  private topLevelTopology(id: string, verb: string): ConstDeclaration {
    const c = this.topLevel(id, verb);
    const made = makes(this.src.factoryOf(c.init) ?? "");
    if (made === "score" || made === "deployment") throw new Refusal(`Cannot ${verb} ${id}: it is not a topology.`);
    return c;
  }

  private isDeployOn(c: ConstDeclaration, topologyName: string): boolean {
    return this.src.factoryOf(c.init) === "deploy" && ts.isCallExpression(c.init) && refersTo(c.init.arguments[0], topologyName);
  }

  /** The id of a declaration made by `factory` whose spec name is `name` (top level or inline in a deploy). */
  private findByFactoryAndName(factory: string, name: string): string | undefined {
    for (const c of this.src.consts.values()) {
      if (this.src.factoryOf(c.init) === factory && ts.isCallExpression(c.init) && specName(c.init) === name) return c.name;
      if (this.src.factoryOf(c.init) === "deploy" && ts.isCallExpression(c.init)) {
        const score = c.init.arguments[1] && skipOuter(c.init.arguments[1]);
        if (score && ts.isCallExpression(score) && this.src.factoryOf(score) === factory && specName(score) === name) return inlineId(c.name, "score");
      }
    }
    return undefined;
  }

  /** Identifiers in the file that use the top-level const `name` (not its declaration, not property names). */
  private references(name: string): ts.Identifier[] {
    const out: ts.Identifier[] = [];
    const decl = this.src.consts.get(name)?.declaration.name;
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && node.text === name && node !== decl && isValueReference(node)) out.push(node);
      // A nested scope that declares the same name shadows it; topology files rarely do, skip such scopes.
      if (ts.isFunctionLike(node) && declaresParameter(node, name)) return;
      ts.forEachChild(node, visit);
    };
    visit(this.src.sf);
    return out;
  }

  private replaceReference(ref: ts.Identifier, newName: string): TextEdit {
    const parent = ref.parent;
    if (ts.isShorthandPropertyAssignment(parent)) return { offset: ref.getStart(), length: ref.text.length, newText: `${ref.text}: ${newName}` };
    return { offset: ref.getStart(), length: ref.text.length, newText: newName };
  }

  private enclosingConst(node: ts.Node): ConstDeclaration | undefined {
    let n: ts.Node | undefined = node;
    while (n && !ts.isVariableDeclaration(n)) n = n.parent;
    if (!n || !ts.isIdentifier(n.name) || !ts.isVariableStatement(n.parent.parent) || n.parent.parent.parent !== this.src.sf) return undefined;
    return this.src.consts.get(n.name.text);
  }

  private externalRefusal(id: string): Refusal {
    const { file, ...local } = parseId(id);
    return new Refusal(`${formatId(local)} is declared in ${file}; open that file's designer to change it.`);
  }

  // ---- text ------------------------------------------------------------------------------------

  private specText(factory: string, name: string, spec: SpecObject | undefined): string {
    const full: SpecObject = { name, ...(kindSpec(factory)?.defaults ?? {}), ...(spec ?? {}) };
    full.name = name;
    return literal(full, this.src.quote);
  }

  private freshName(base: string): string {
    let name = base;
    for (let i = 2; this.src.topLevelNames.has(name) || this.reserved.has(name); i++) name = `${base}${i}`;
    this.reserved.add(name);
    return name;
  }

  /** How to call a library factory here, importing it with the smallest edit when it is not yet. */
  private importFactory(factory: string): string {
    const local = this.src.localNameOf(factory);
    if (local) return local;
    if (this.src.topLevelNames.has(factory)) {
      throw new Refusal(`This file declares its own ${factory}; import the library's ${factory} under another name first.`);
    }
    const imp = this.src.libraryImport;
    const bindings = imp?.importClause?.namedBindings;
    if (imp && bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0) {
      const lastElement = bindings.elements[bindings.elements.length - 1];
      const existing = this.edits.find((e) => e.offset === lastElement.end && e.length === 0);
      if (existing) existing.newText += `, ${factory}`;
      else this.edits.push({ offset: lastElement.end, length: 0, newText: `, ${factory}` });
    } else if (imp && bindings && ts.isNamedImports(bindings)) {
      this.edits.push({ offset: bindings.getStart(), length: bindings.end - bindings.getStart(), newText: `{ ${factory} }` });
    } else {
      const existing = this.edits.find((e) => e.newText.startsWith("import {") && e.newText.includes(LIBRARY_MODULE));
      if (existing) {
        existing.newText = existing.newText.replace(" }", `, ${factory} }`);
      } else {
        const imports = this.src.sf.statements.filter(ts.isImportDeclaration);
        const q = this.src.quote;
        const line = `import { ${factory} } from ${q}${LIBRARY_MODULE}${q};`;
        if (imports.length > 0) {
          this.edits.push({ offset: this.lineEnd(imports[imports.length - 1].end), length: 0, newText: this.src.eol + line });
        } else {
          const first = this.src.sf.statements[0];
          const at = first ? this.src.lineStart(first.getStart()) : this.src.text.length;
          this.edits.push({ offset: at, length: 0, newText: line + this.src.eol + (first ? this.src.eol : "") });
        }
      }
    }
    return factory;
  }

  /** Appends a statement at the end of the file, on its own line. */
  private append(statement: string): void {
    const text = this.src.text;
    const eol = this.src.eol;
    const existing = this.edits.find((e) => e.offset === text.length && e.length === 0 && e.newText !== "");
    if (existing) {
      existing.newText += statement + eol;
      return;
    }
    const needsBreak = text.length > 0 && !text.endsWith("\n");
    this.edits.push({ offset: text.length, length: 0, newText: (needsBreak ? eol : "") + statement + eol });
  }

  /** The offset of the end of the line holding `offset`, before its line break. */
  private lineEnd(offset: number): number {
    const next = this.src.nextLineStart(offset);
    if (next === this.src.text.length && !this.src.text.endsWith("\n")) return next;
    return next - (this.src.text[next - 2] === "\r" ? 2 : 1);
  }

  /** Removes whole lines holding the statements; comments above them stay, a doubled blank line does not. */
  private removalOf(statements: ts.Statement[]): TextEdit {
    const text = this.src.text;
    const first = statements[0];
    const last = statements[statements.length - 1];
    let start = this.src.lineStart(first.getStart());
    let end = this.src.nextLineStart(last.end);
    const before = text.slice(start, first.getStart());
    const after = text.slice(last.end, end);
    if (before.trim() !== "" || (after.trim() !== "" && !/^\s*\/\//.test(after))) {
      // Other code shares the line: remove the statement only.
      return { offset: first.getStart(), length: last.end - first.getStart(), newText: "" };
    }
    const blankBefore = start === 0 || /\n[ \t]*\r?\n$/.test(text.slice(0, start));
    const restStart = end;
    const nextBreak = this.src.nextLineStart(restStart);
    const blankAfter = restStart >= text.length || text.slice(restStart, nextBreak).trim() === "";
    if (blankBefore && blankAfter) {
      if (restStart < text.length) end = nextBreak;
      else if (start > 0) start = this.src.lineStart(start - 1);
    }
    return { offset: start, length: end - start, newText: "" };
  }

  private insertProperty(obj: ts.ObjectLiteralExpression, property: string): TextEdit {
    const props = obj.properties;
    if (props.length === 0) {
      return { offset: obj.getStart(), length: obj.end - obj.getStart(), newText: `{ ${property} }` };
    }
    const lastProp = props[props.length - 1];
    const multiline = this.src.lineOf(lastProp.getStart()) !== this.src.lineOf(obj.getStart());
    if (props.hasTrailingComma) {
      const comma = this.src.text.indexOf(",", lastProp.end) + 1;
      const sep = multiline ? this.src.eol + this.src.indentAt(lastProp.getStart()) : " ";
      return { offset: comma, length: 0, newText: `${sep}${property},` };
    }
    const sep = multiline ? `,${this.src.eol}${this.src.indentAt(lastProp.getStart())}` : ", ";
    return { offset: lastProp.end, length: 0, newText: `${sep}${property}` };
  }

  private removeProperty(obj: ts.ObjectLiteralExpression, prop: ts.ObjectLiteralElementLike): TextEdit {
    const props = obj.properties;
    const i = props.indexOf(prop);
    if (props.length === 1) return { offset: obj.getStart(), length: obj.end - obj.getStart(), newText: "{}" };
    if (i < props.length - 1) {
      const next = props[i + 1];
      return { offset: prop.getStart(), length: next.getStart() - prop.getStart(), newText: "" };
    }
    const prev = props[i - 1];
    return { offset: prev.end, length: prop.end - prev.end, newText: "" };
  }

  private replaceOrRemoveElement(arr: ts.ArrayLiteralExpression, index: number, value: SpecValue | undefined): TextEdit[] {
    const el = arr.elements[index];
    if (value !== undefined) {
      const newText = literal(value, this.src.quote);
      if (el.getText(this.src.sf) === newText) return [];
      return [{ offset: el.getStart(), length: el.end - el.getStart(), newText }];
    }
    const els = arr.elements;
    if (els.length === 1) return [{ offset: arr.getStart(), length: arr.end - arr.getStart(), newText: "[]" }];
    if (index < els.length - 1) return [{ offset: el.getStart(), length: els[index + 1].getStart() - el.getStart(), newText: "" }];
    return [{ offset: els[index - 1].end, length: el.end - els[index - 1].end, newText: "" }];
  }

  private nestedLiteral(e: ts.Expression, path: (string | number)[]): ts.ObjectLiteralExpression | ts.ArrayLiteralExpression {
    const v = skipOuter(e);
    if (ts.isObjectLiteralExpression(v) || ts.isArrayLiteralExpression(v)) return v;
    throw new Refusal(`${pathText(path)} is not written as a literal here; edit it in the text.`);
  }
}

function specName(call: ts.CallExpression): string | undefined {
  const spec = specLiteral(call);
  const p = spec && findProperty(spec, "name");
  const v = p && propertyValue(p);
  return v && (ts.isStringLiteral(v) || ts.isNoSubstitutionTemplateLiteral(v)) ? v.text : undefined;
}

function refersTo(e: ts.Expression | undefined, name: string): boolean {
  const v = e && skipOuter(e);
  return !!v && ts.isIdentifier(v) && v.text === name;
}

function isValueReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAssignment(p) && p.name === id) return false;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if (ts.isImportSpecifier(p) || ts.isExportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p)) return false;
  if ((ts.isPropertySignature(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p)) && p.name === id) return false;
  if (ts.isTypeReferenceNode(p) || ts.isQualifiedName(p)) return false;
  if (ts.isVariableDeclaration(p) && p.name === id) return false;
  if (ts.isParameter(p) && p.name === id) return false;
  return true;
}

function declaresParameter(fn: ts.SignatureDeclaration, name: string): boolean {
  return fn.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === name);
}

function exportKeyword(c: ConstDeclaration): string {
  return c.statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ? "export " : "";
}

function pathText(path: (string | number)[]): string {
  return path.length === 0 ? "the spec" : path.map((p) => (typeof p === "number" ? `[${p}]` : p)).join(".");
}

function joinWords(words: string[]): string {
  return words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/** Sorts edits and merges overlapping or touching removals. */
function mergeEdits(edits: TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset);
  const out: TextEdit[] = [];
  for (const e of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev.newText === "" && e.newText === "" && e.offset <= prev.offset + prev.length) {
      prev.length = Math.max(prev.offset + prev.length, e.offset + e.length) - prev.offset;
    } else out.push({ ...e });
  }
  return out;
}
