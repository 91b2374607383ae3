import ts from "typescript";
import type { Capability } from "../../shared/model";

/** What the analysis needs from a value's type, read once and cacheable across edits. */
export interface TypeFacts {
  /** Capabilities provided, when the value is a topology with a known set. */
  provides?: Capability[];
  /** Capabilities required, when the value is a score with a known set. */
  requires?: Capability[];
  topology?: boolean;
  score?: boolean;
  deployment?: boolean;
  /** For a failover: what each side provides. */
  sides?: { primary?: Capability[]; replica?: Capability[] };
  /** For a multisite: what each site provides, in order. */
  sites?: (Capability[] | undefined)[];
  /** String literal `kind` and `name` properties, when the type has them. */
  kind?: string;
  name?: string;
}

/**
 * Reads capability sets from the types the compiler computes. The library marks a topology with
 * a `[provides]` property (an object whose keys are the capabilities) and a score with a
 * `[requires]` property (a union of capability names), so whatever produced the value — a
 * factory, an alias, an import, a helper function, a user-defined kind — its type says it.
 */
export class CapabilityReader {
  /** Capabilities in catalog order, so sets read the same whatever order the checker built them in. */
  order: string[] = [];
  private readonly memo = new Map<ts.Type, TypeFacts>();

  private sorted(capabilities: Capability[]): Capability[] {
    const rank = (c: Capability) => {
      const i = this.order.indexOf(c);
      return i < 0 ? this.order.length : i;
    };
    return [...capabilities].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  }

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly libraryFile: string,
  ) {}

  private brand(type: ts.Type, name: "provides" | "requires" | "deployment"): ts.Symbol | undefined {
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) return undefined;
    let properties: ts.Symbol[];
    try {
      properties = this.checker.getPropertiesOfType(this.checker.getApparentType(type));
    } catch {
      return undefined;
    }
    const prefix = `__@${name}@`;
    return properties.find(
      (p) =>
        p.escapedName.toString().startsWith(prefix) &&
        (p.declarations ?? []).some((d) => d.getSourceFile().fileName === this.libraryFile),
    );
  }

  isTopology(type: ts.Type): boolean {
    return this.brand(type, "provides") !== undefined;
  }

  isScore(type: ts.Type): boolean {
    return this.brand(type, "requires") !== undefined;
  }

  isDeployment(type: ts.Type): boolean {
    return this.brand(type, "deployment") !== undefined;
  }

  /** The capabilities a topology type provides; undefined when the type is not a known topology. */
  provided(type: ts.Type): Capability[] | undefined {
    const brand = this.brand(type, "provides");
    if (!brand) return undefined;
    const set = this.checker.getTypeOfSymbol(brand);
    if (set.flags & ts.TypeFlags.Any) return undefined;
    return this.sorted(this.checker.getPropertiesOfType(set).map((p) => p.name));
  }

  /** The capabilities a score type requires; undefined when the type is not a known score. */
  required(type: ts.Type): Capability[] | undefined {
    const brand = this.brand(type, "requires");
    if (!brand) return undefined;
    const set = this.checker.getTypeOfSymbol(brand);
    if (set.flags & ts.TypeFlags.Never) return [];
    const members = set.isUnion() ? set.types : [set];
    const out: Capability[] = [];
    for (const m of members) {
      if (!m.isStringLiteral()) return undefined;
      out.push(m.value);
    }
    return this.sorted(out);
  }

  /** The types of a failover topology's sides, when the type is one. */
  sides(type: ts.Type): { primary: ts.Type; replica: ts.Type } | undefined {
    if (!this.isTopology(type)) return undefined;
    const primary = type.getProperty("primary");
    const replica = type.getProperty("replica");
    if (!primary || !replica) return undefined;
    const p = this.checker.getTypeOfSymbol(primary);
    const r = this.checker.getTypeOfSymbol(replica);
    if (!this.isTopology(p) || !this.isTopology(r)) return undefined;
    return { primary: p, replica: r };
  }

  /** The types of a multisite topology's sites, when the type is one with a tuple of them. */
  sites(type: ts.Type): ts.Type[] | undefined {
    if (!this.isTopology(type) || this.literal(type, "kind") !== "multisite") return undefined;
    const sites = type.getProperty("sites");
    if (!sites) return undefined;
    const tuple = this.checker.getTypeOfSymbol(sites);
    if (!this.checker.isTupleType(tuple)) return undefined;
    return this.checker.getTypeArguments(tuple as ts.TypeReference).slice();
  }

  /** Everything the analysis needs from a type. */
  facts(type: ts.Type | undefined): TypeFacts {
    if (!type) return {};
    // Every `k8sAnywhere(...)` has the same type: read it once.
    const known = this.memo.get(type);
    if (known) return known;
    const out: TypeFacts = {};
    this.memo.set(type, out);
    try {
      if (this.isTopology(type)) {
        out.topology = true;
        out.provides = this.provided(type);
        const sides = this.sides(type);
        if (sides) out.sides = { primary: this.provided(sides.primary), replica: this.provided(sides.replica) };
        const sites = this.sites(type);
        if (sites) out.sites = sites.map((t) => this.provided(t));
      }
      if (this.isScore(type)) {
        out.score = true;
        out.requires = this.required(type);
      }
      if (this.isDeployment(type)) out.deployment = true;
      out.kind = this.literal(type, "kind");
      out.name = this.literal(type, "name");
    } catch {
      // a type the checker cannot resolve reads as unknown
    }
    return out;
  }

  /** A string literal property of a type (`kind`, `name`), if the type says it. */
  literal(type: ts.Type, property: string): string | undefined {
    const symbol = type.getProperty(property);
    if (!symbol) return undefined;
    const t = this.checker.getTypeOfSymbol(symbol);
    return t.isStringLiteral() ? t.value : undefined;
  }
}
