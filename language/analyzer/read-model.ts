import * as path from "node:path";
import ts from "typescript";
import { skipOuter } from "./syntax";
import {
  type Capability,
  type Deployment,
  type Score,
  type SpecObject,
  type SpecValue,
  type Topology,
  type TopologyModel,
  DEFAULT_EXPORT_ID,
  constId,
  emptyModel,
  externalId,
  inlineId,
  ownerOf,
  statementId,
} from "../../shared/model";
import { CAPABILITIES, CATALOG, makes } from "../../shared/model/kinds";
import { constObjectLiteral, Evaluator, propertyExpression, safeAliased } from "./evaluate";
import { locationOf } from "./ranges";
import { insideFunction, unfoldHelper } from "./scope";
import { CapabilityReader, type TypeFacts } from "./types";

/** What the reader knows about an entity beyond the model: its syntax and its type. */
export interface TopologyFacts {
  topology: Topology;
  node: ts.Node;
  types: TypeFacts;
  /** The declaration statement when it is a top-level const of the model's file. */
  statement?: ts.Statement;
}
export interface ScoreFacts {
  score: Score;
  node: ts.Node;
  types: TypeFacts;
}
export interface DeploymentFacts {
  deployment: Deployment;
  call: ts.CallExpression;
  topologyTypes?: TypeFacts;
  scoreTypes?: TypeFacts;
  statement?: ts.Statement;
}

/** A model and everything the checks need to explain it. */
export interface ModelFacts {
  model: TopologyModel;
  topologies: Map<string, TopologyFacts>;
  scores: Map<string, ScoreFacts>;
  deployments: DeploymentFacts[];
  failoverCapabilities: Set<Capability>;
  multisiteCapabilities: Set<Capability>;
  unevaluated: ts.Node[];
  /** Helper calls of the file that make a failover but cannot be read as their body, and why. */
  unreadHelpers: { node: ts.CallExpression; reason: string }[];
  macAddresses: { node: ts.Node; value: string }[];
}

/** Type facts kept across edits for statements whose meaning did not change. */
export interface TypeFactsCache {
  get(node: ts.Node): TypeFacts | undefined;
  set(node: ts.Node, facts: TypeFacts): void;
}

type Entity = { kind: "topology"; id: string } | { kind: "score"; id: string } | { kind: "deployment"; id: string };

/**
 * Builds the TopologyModel of one source file from a type-checked program: every topology
 * (failover sides and nested failovers included), score and deployment the file declares, plus
 * those it references in other files. Reads; never runs.
 */
export class ModelReader {
  private readonly checker: ts.TypeChecker;
  private readonly reader: CapabilityReader;
  private readonly evaluator: Evaluator;
  private readonly facts: ModelFacts;
  private readonly byNode = new Map<ts.Node, Entity | null>();
  private readonly declaring = new Set<ts.Node>();
  private readonly dir: string;

  constructor(
    private readonly program: ts.Program,
    private readonly file: ts.SourceFile,
    private readonly libraryFile: string,
    private readonly cache?: TypeFactsCache,
    /** Read capabilities from the library's tables instead of the type checker (very large files). */
    private readonly syntactic = false,
  ) {
    this.checker = program.getTypeChecker();
    this.reader = new CapabilityReader(this.checker, libraryFile);
    this.dir = path.posix.dirname(file.fileName);
    const unevaluated: ts.Node[] = [];
    const macAddresses: { node: ts.Node; value: string }[] = [];
    this.evaluator = new Evaluator(this.checker, {
      unevaluated: (node) => {
        if (node.getSourceFile() === file) unevaluated.push(node);
      },
      macAddress: (node, value) => {
        if (node.getSourceFile() === file) macAddresses.push({ node, value });
      },
    });
    this.facts = {
      model: emptyModel(file.fileName),
      topologies: new Map(),
      scores: new Map(),
      deployments: [],
      failoverCapabilities: new Set(),
      multisiteCapabilities: new Set(),
      unevaluated,
      unreadHelpers: [],
      macAddresses,
    };
  }

  read(): ModelFacts {
    this.readCapabilities();
    for (const statement of this.file.statements) this.readStatement(statement);
    return this.facts;
  }

  // --- the catalog -----------------------------------------------------------------------------

  private readCapabilities(): void {
    const libraryFile = this.program.getSourceFile(this.libraryFile);
    const module = libraryFile && this.checker.getSymbolAtLocation(libraryFile);
    const declared = (name: string): string[] | undefined => {
      if (!module) return undefined;
      const symbol = this.checker.getExportsOfModule(module).find((s) => s.name === name);
      if (!symbol) return undefined;
      return this.checker.getPropertiesOfType(this.checker.getDeclaredTypeOfSymbol(symbol)).map((p) => p.name);
    };
    const capabilities = declared("Capabilities") ?? CAPABILITIES.map((c) => c.name);
    const strategies = new Set(declared("FailoverStrategies") ?? CAPABILITIES.filter((c) => c.failover).map((c) => c.name));
    this.facts.failoverCapabilities = strategies;
    this.facts.multisiteCapabilities = new Set(declared("MultisiteStrategies") ?? CAPABILITIES.filter((c) => c.multisite).map((c) => c.name));
    this.facts.model.capabilities = capabilities.map((name) => ({ name, failover: strategies.has(name) }));
    this.reader.order = capabilities;
  }

  // --- top level -------------------------------------------------------------------------------

  private readStatement(statement: ts.Statement): void {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name) || !declaration.initializer) continue;
        const init = skipOuter(declaration.initializer);
        if (ts.isCallExpression(init)) this.entityOfCall(init, declaration.name.text, declaration.name, statement);
      }
    } else if (ts.isExpressionStatement(statement)) {
      const e = skipOuter(statement.expression);
      if (ts.isCallExpression(e)) {
        const line = this.file.getLineAndCharacterOfPosition(e.getStart(this.file)).line + 1;
        this.entityOfCall(e, statementId(calleeName(e) ?? "call", line), undefined, statement);
      }
    } else if (ts.isExportAssignment(statement)) {
      const e = skipOuter(statement.expression);
      if (ts.isCallExpression(e)) this.entityOfCall(e, DEFAULT_EXPORT_ID, undefined, statement);
    }
  }

  // --- references ------------------------------------------------------------------------------

  /** The entity an expression denotes: a call (declared inline, with id `id`) or a reference. */
  private entityOf(expression: ts.Expression, id: string): Entity | undefined {
    const e = skipOuter(expression);
    if (ts.isCallExpression(e)) return this.entityOfCall(e, id);
    if (ts.isIdentifier(e)) {
      const binding = this.parameterBinding(e);
      if (binding) return this.evaluator.within(binding.scope, () => this.entityOf(binding.expression, id));
      return this.entityOfReference(e, id);
    }
    if (ts.isConditionalExpression(e)) {
      // `prod ? siteA : siteB`: the branch the condition's static value picks.
      const test = this.evaluator.evaluate(e.condition);
      if (test === undefined || test === null || typeof test !== "object") return this.entityOf(test ? e.whenTrue : e.whenFalse, id);
      return undefined;
    }
    if (ts.isPropertyAccessExpression(e) && (e.name.text === "primary" || e.name.text === "replica")) {
      const owner = this.entityOf(e.expression, inlineId(id, "owner"));
      if (owner?.kind === "topology") {
        const side = this.facts.topologies.get(owner.id)?.topology[e.name.text];
        if (side) return { kind: "topology", id: side };
      }
    }
    return undefined;
  }

  /** What a helper's parameter stands for in the call being read. */
  private parameterBinding(identifier: ts.Identifier) {
    const declaration = this.checker.getSymbolAtLocation(identifier)?.valueDeclaration;
    return declaration && ts.isParameter(declaration) ? this.evaluator.scope?.lookup(declaration) : undefined;
  }

  /** `inlineId`: the id a const inside a helper gets, since it has a value per call. */
  private entityOfReference(identifier: ts.Identifier, inlineId: string): Entity | undefined {
    let symbol = this.checker.getSymbolAtLocation(identifier);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = safeAliased(this.checker, symbol);
    const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    if (!declaration || !ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return undefined;
    if (!declaration.initializer || this.declaring.has(declaration)) return undefined;
    const init = skipOuter(declaration.initializer);
    const sourceFile = declaration.getSourceFile();
    if (insideFunction(declaration)) {
      this.declaring.add(declaration);
      try {
        return this.entityOf(init, inlineId);
      } finally {
        this.declaring.delete(declaration);
      }
    }
    const id = this.idFor(sourceFile, declaration.name.text);
    this.declaring.add(declaration);
    try {
      if (ts.isCallExpression(init)) {
        const statement = sourceFile === this.file ? topLevelStatement(declaration) : undefined;
        return this.entityOfCall(init, id, declaration.name, statement);
      }
      // `const main = siteA`: an alias, the same entity.
      return this.entityOf(init, id);
    } finally {
      this.declaring.delete(declaration);
    }
  }

  private idFor(sourceFile: ts.SourceFile, name: string): string {
    if (sourceFile === this.file) return constId(name);
    let rel = path.posix.relative(this.dir, sourceFile.fileName);
    if (!rel.startsWith(".")) rel = `./${rel}`;
    return externalId(rel, name);
  }

  // --- calls -----------------------------------------------------------------------------------

  /**
   * `site`: the call written where the entity is used — the call itself, or the outermost helper
   * call whose body returns it. Its location and type are the entity's.
   */
  private entityOfCall(
    call: ts.CallExpression,
    id: string,
    nameNode?: ts.Identifier,
    statement?: ts.Statement,
    site: ts.CallExpression = call,
  ): Entity | undefined {
    // Inside a helper, one call is a different entity for each call of the helper.
    if (this.evaluator.scope) return this.readCall(call, id, nameNode, statement, site);
    const known = this.byNode.get(call);
    if (known !== undefined) return known ?? undefined;
    this.byNode.set(call, null); // a cycle reads as unresolved
    const entity = this.readCall(call, id, nameNode, statement, site);
    this.byNode.set(call, entity ?? null);
    return entity;
  }

  private readCall(call: ts.CallExpression, id: string, nameNode: ts.Identifier | undefined, statement: ts.Statement | undefined, site: ts.CallExpression): Entity | undefined {
    const factory = this.libraryFactory(call);
    if (factory && makes(factory) === "deployment") return this.readDeployment(call, id, nameNode, statement);
    if (factory && makes(factory) === "topology") return this.readTopology(call, factory, id, nameNode, statement, false, site);
    if (factory && makes(factory) === "score") return this.readScore(call, factory, id, nameNode, false, site);
    if (factory) return undefined;
    // Not a library call: a helper function, read as what its body returns. Its type says what it is.
    const types = this.typesOf(site);
    if ((types.topology || types.score) && !this.syntactic) {
      const unfolded = unfoldHelper(this.checker, call, this.evaluator.scope);
      if ("returned" in unfolded) {
        const returned = skipOuter(unfolded.returned);
        const entity = this.evaluator.within(unfolded.scope, () =>
          ts.isCallExpression(returned) ? this.entityOfCall(returned, id, nameNode, statement, site) : this.entityOf(returned, id),
        );
        if (entity) return entity;
      } else if (types.sides && site.getSourceFile() === this.file) {
        this.facts.unreadHelpers.push({ node: site, reason: unfolded.reason });
      }
    }
    if (types.topology) return this.readTopology(call, undefined, id, nameNode, statement, true, site);
    if (types.score) return this.readScore(call, undefined, id, nameNode, true, site);
    if (types.deployment && call.getSourceFile() === this.file) {
      return this.readDeployment(call, id, nameNode, statement, true);
    }
    return undefined;
  }

  /** The name of the library function a call calls, following renamed imports and namespaces. */
  private libraryFactory(call: ts.CallExpression): string | undefined {
    const callee = skipOuter(call.expression);
    const at = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    let symbol = this.checker.getSymbolAtLocation(at);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = safeAliased(this.checker, symbol);
    const declaration = symbol?.declarations?.[0];
    if (!declaration || declaration.getSourceFile().fileName !== this.libraryFile) return undefined;
    return symbol!.name;
  }

  /** The type facts of a node, from the cache when its statement did not change. */
  private typesOf(node: ts.Node): TypeFacts {
    if (this.syntactic) return this.syntacticFacts(node, 0);
    const cached = this.cache?.get(node);
    if (cached) return cached;
    const facts = this.reader.facts(this.typeOf(node));
    this.cache?.set(node, facts);
    return facts;
  }

  private readonly syntacticMemo = new Map<ts.Node, TypeFacts>();

  /** Type facts without the checker's inference: factories by table, failover by intersection. */
  private syntacticFacts(node: ts.Node, depth: number): TypeFacts {
    const known = this.syntacticMemo.get(node);
    if (known) return known;
    if (depth > 40) return {};
    this.syntacticMemo.set(node, {}); // a cycle reads as unknown
    let out: TypeFacts = {};
    const e = ts.isExpression(node) ? skipOuter(node) : node;
    if (ts.isIdentifier(e)) {
      let symbol = this.checker.getSymbolAtLocation(e);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = safeAliased(this.checker, symbol);
      const declaration = symbol?.valueDeclaration;
      if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
        out = this.syntacticFacts(declaration.initializer, depth + 1);
      }
    } else if (ts.isCallExpression(e)) {
      const factory = this.libraryFactory(e);
      const order = this.reader.order;
      const sort = (cs: readonly Capability[]) => [...cs].sort((a, b) => order.indexOf(a) - order.indexOf(b));
      const builtin = factory === undefined ? undefined : CATALOG.find((k) => k.factory === factory);
      if (builtin?.role === "topology") {
        out = { topology: true, provides: sort(builtin.provides), kind: builtin.factory };
      } else if (builtin?.role === "score") {
        out = { score: true, requires: sort(builtin.requires), kind: builtin.factory };
      } else if (factory === "defineTopology" || factory === "defineScore") {
        const argument = e.typeArguments?.[0];
        const caps = argument ? literals(this.checker.getTypeFromTypeNode(argument)) : [];
        out = factory === "defineTopology" ? { topology: true, provides: sort(caps) } : { score: true, requires: sort(caps) };
      } else if (factory === "failover") {
        const spec = e.arguments[0] && constObjectLiteral(this.checker, e.arguments[0]);
        const side = (name: string) => {
          const value = spec && propertyExpression(this.checker, spec, name);
          return value ? this.syntacticFacts(value, depth + 1).provides : undefined;
        };
        const primary = side("primary");
        const replica = side("replica");
        const provides =
          primary && replica
            ? primary.filter((c) => replica.includes(c) && this.facts.failoverCapabilities.has(c))
            : undefined;
        out = { topology: true, provides, sides: { primary, replica }, kind: "failover" };
      } else if (factory === "multisite") {
        const spec = e.arguments[0] && constObjectLiteral(this.checker, e.arguments[0]);
        const value = spec && propertyExpression(this.checker, spec, "sites");
        const list = value && constArrayLiteral(this.checker, value);
        const sites = list?.elements.map((element) => (ts.isSpreadElement(element) || ts.isOmittedExpression(element) ? undefined : this.syntacticFacts(element, depth + 1).provides));
        const provides =
          sites && sites.length >= 2 && sites.every((c) => c !== undefined)
            ? sites[0]!.filter((c) => sites.every((site) => site!.includes(c)) && this.facts.multisiteCapabilities.has(c))
            : undefined;
        out = { topology: true, provides, sites, kind: "multisite" };
        out = { deployment: true };
      }
    }
    this.syntacticMemo.set(node, out);
    return out;
  }

  private typeOf(node: ts.Node): ts.Type | undefined {
    try {
      // A const's type is its initializer's: asking the symbol skips control-flow analysis of
      // the reference, which walks back over every statement in between (quadratic in a file).
      const e = ts.isExpression(node) ? skipOuter(node) : node;
      if (ts.isIdentifier(e)) {
        let symbol = this.checker.getSymbolAtLocation(e);
        if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = safeAliased(this.checker, symbol);
        if (symbol && symbol.flags & ts.SymbolFlags.Variable) return this.checker.getTypeOfSymbol(symbol);
      }
      // Likewise a call's type is its resolved signature's (kept from the check), where asking
      // the node would analyse the callee's reference again.
      if (e === node && ts.isCallExpression(e) && !ts.isOptionalChain(e)) {
        const signature = this.checker.getResolvedSignature(e);
        if (signature) return this.checker.getReturnTypeOfSignature(signature);
      }
      return this.checker.getTypeAtLocation(node);
    } catch {
      return undefined;
    }
  }

  private spec(call: ts.CallExpression, omit: string[] = []): SpecObject {
    const argument = call.arguments[0];
    if (!argument) return {};
    let v: SpecValue | undefined;
    try {
      // Sides of a failover are topologies, not spec values.
      v = this.evaluator.evaluate(argument, omit);
    } catch {
      v = { $unevaluated: "" };
    }
    if (typeof v === "object" && v !== null && !Array.isArray(v)) return v as SpecObject;
    return {};
  }

  private readTopology(
    call: ts.CallExpression,
    factory: string | undefined,
    id: string,
    nameNode: ts.Identifier | undefined,
    statement: ts.Statement | undefined,
    helper: boolean,
    site: ts.CallExpression,
  ): Entity {
    const types = this.typesOf(site);
    const failover = factory === "failover";
    const multisite = factory === "multisite";
    const spec = helper ? this.helperSpec(call) : this.spec(call, failover ? ["primary", "replica"] : multisite ? ["sites"] : []);
    const kind = this.kindOf(factory, spec, types, call);
    const topology: Topology = {
      id,
      name: this.nameOf(spec, types, nameNode, id),
      kind,
      userDefined: factory === "defineTopology" || (helper && makes(kind) !== "topology"),
      constName: nameNode?.text,
      spec,
      capabilities: types.provides ?? [],
      location: locationOf(site),
      nameLocation: locationOf(nameNode ?? site),
      external: site.getSourceFile() !== this.file,
      ...inlineIn(id),
    };
    this.facts.model.topologies.push(topology);
    this.facts.topologies.set(id, { topology, node: call, types, statement });
    if (failover) {
      const sides = call.arguments[0] && constObjectLiteral(this.checker, call.arguments[0]);
      if (sides) {
        for (const side of ["primary", "replica"] as const) {
          const value = propertyExpression(this.checker, sides, side);
          const entity = value && this.entityOf(value, inlineId(id, side));
          if (entity?.kind === "topology") topology[side] = entity.id;
        }
      }
    }
    if (multisite) topology.sites = this.readSites(call, id);
    return { kind: "topology", id };
  }

  /** A multisite's sites, where its `sites: [...]` names them (an array literal, or a const holding one). */
  private readSites(call: ts.CallExpression, id: string): string[] | undefined {
    const spec = call.arguments[0] && constObjectLiteral(this.checker, call.arguments[0]);
    const value = spec && propertyExpression(this.checker, spec, "sites");
    const list = value && constArrayLiteral(this.checker, value);
    if (!list) return undefined;
    return list.elements.map((element, i) => {
      if (ts.isSpreadElement(element) || ts.isOmittedExpression(element)) return "";
      const entity = this.entityOf(element, inlineId(id, `site${i}`));
      return entity?.kind === "topology" ? entity.id : "";
    });
  }

  private readScore(
    call: ts.CallExpression,
    factory: string | undefined,
    id: string,
    nameNode: ts.Identifier | undefined,
    helper: boolean,
    site: ts.CallExpression,
  ): Entity {
    const types = this.typesOf(site);
    const spec = helper ? this.helperSpec(call) : this.spec(call);
    const kind = this.kindOf(factory, spec, types, call);
    const score: Score = {
      id,
      name: this.nameOf(spec, types, nameNode, id),
      kind,
      userDefined: factory === "defineScore" || (helper && makes(kind) !== "score"),
      constName: nameNode?.text,
      spec,
      requires: types.requires ?? [],
      location: locationOf(site),
      nameLocation: locationOf(nameNode ?? site),
      external: site.getSourceFile() !== this.file,
      ...inlineIn(id),
    };
    this.facts.model.scores.push(score);
    this.facts.scores.set(id, { score, node: call, types });
    return { kind: "score", id };
  }

  private readDeployment(
    call: ts.CallExpression,
    id: string,
    nameNode: ts.Identifier | undefined,
    statement: ts.Statement | undefined,
    helper = false,
  ): Entity | undefined {
    // Deployments belong to the file that declares them.
    if (call.getSourceFile() !== this.file) return undefined;
    const deployment: Deployment = {
      id,
      constName: nameNode?.text,
      missing: [],
      location: locationOf(call),
      nameLocation: locationOf(nameNode ?? call),
    };
    this.facts.model.deployments.push(deployment);
    const facts: DeploymentFacts = { deployment, call, statement };
    this.facts.deployments.push(facts);
    const [topologyArgument, scoreArgument] = helper ? [] : call.arguments;
    if (topologyArgument) {
      deployment.topologyArgument = locationOf(topologyArgument);
      const t = this.entityOf(topologyArgument, inlineId(id, "topology"));
      if (t?.kind === "topology") deployment.topology = t.id;
      facts.topologyTypes = this.typesOf(topologyArgument);
    }
    if (scoreArgument) {
      deployment.scoreArgument = locationOf(scoreArgument);
      const s = this.entityOf(scoreArgument, inlineId(id, "score"));
      if (s?.kind === "score") deployment.score = s.id;
      facts.scoreTypes = this.typesOf(scoreArgument);
    }
    return { kind: "deployment", id };
  }

  /** A helper's spec: its first argument when that reads as an object, else nothing. */
  private helperSpec(call: ts.CallExpression): SpecObject {
    const argument = call.arguments[0];
    if (!argument || !ts.isObjectLiteralExpression(skipOuter(argument))) return {};
    return this.spec(call);
  }

  private kindOf(factory: string | undefined, spec: SpecObject, types: TypeFacts, call: ts.CallExpression): string {
    if (factory && factory !== "defineTopology" && factory !== "defineScore") return factory;
    if (typeof spec.kind === "string") return spec.kind;
    const fromType = types.kind;
    if (fromType) return fromType;
    return calleeName(call) ?? "unknown";
  }

  private nameOf(spec: SpecObject, types: TypeFacts, nameNode: ts.Identifier | undefined, id: string): string {
    if (typeof spec.name === "string") return spec.name;
    const fromType = types.name;
    return fromType ?? nameNode?.text ?? id;
  }
}

/** The `inline`/`owner` fields of what has id `id`: set only on what is written inline in another's call. */
function inlineIn(id: string): { inline?: true; owner?: string } {
  const owner = ownerOf(id);
  return owner === undefined ? {} : { inline: true, owner };
}

/** The array literal an expression denotes, following references to consts. */
function constArrayLiteral(checker: ts.TypeChecker, expression: ts.Expression, depth = 0): ts.ArrayLiteralExpression | undefined {
  const e = skipOuter(expression);
  if (ts.isArrayLiteralExpression(e)) return e;
  if (!ts.isIdentifier(e) || depth > 16) return undefined;
  let symbol = checker.getSymbolAtLocation(e);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = safeAliased(checker, symbol);
  const declaration = symbol?.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  if (!(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)) return undefined;
  return constArrayLiteral(checker, declaration.initializer, depth + 1);
}

function literals(type: ts.Type): string[] {
  const members = type.isUnion() ? type.types : [type];
  return members.filter((t): t is ts.StringLiteralType => t.isStringLiteral()).map((t) => t.value);
}

function calleeName(call: ts.CallExpression): string | undefined {
  const callee = skipOuter(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

function topLevelStatement(node: ts.Node): ts.Statement | undefined {
  let n: ts.Node | undefined = node;
  while (n && n.parent && !ts.isSourceFile(n.parent)) n = n.parent;
  return n && ts.isSourceFile(n.parent) ? (n as ts.Statement) : undefined;
}
