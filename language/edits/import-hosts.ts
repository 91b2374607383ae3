// Hosts read from a cluster, written into an okdCluster's `hosts` as the smallest edit: a host
// already there (same node, else same name) keeps its text, its comments and its other fields, and
// only gains the NICs it lacks or has a MAC corrected; new hosts are appended in the list's style.
// Nothing is removed: a NIC the cluster does not report may be one the user keeps on purpose.
import ts from "typescript";
import { skipOuter } from "../analyzer/syntax";
import { MacAddress } from "../../shared/model";
import type { ImportedHost } from "../../shared/protocol/lsp";
import { type SourceView, findProperty, literal, propertyKey, propertyValue, specLiteral } from "./source";
import type { TextEdit } from "./planner";

export type ImportPlan = { ok: true; edits: TextEdit[] } | { ok: false; message: string };

const INDENT_UNIT = "  ";

function stringProperty(obj: ts.ObjectLiteralExpression, key: string): string | undefined {
  const p = findProperty(obj, key);
  const v = p && propertyValue(p);
  return v && (ts.isStringLiteral(v) || ts.isNoSubstitutionTemplateLiteral(v)) ? v.text : undefined;
}

class HostsWriter {
  private readonly edits: TextEdit[] = [];
  constructor(private readonly src: SourceView) {}

  private get q() {
    return this.src.quote;
  }

  /** A NIC on one line: `{ name: "eno1", mac: "aa:…" }`. */
  private nicText(nic: ImportedHost["nics"][number]): string {
    return literal(nic.mac ? { name: nic.name, mac: nic.mac } : { name: nic.name }, this.q);
  }

  /** A new host, multi-line when its list is, its NICs one a line. */
  private hostText(h: ImportedHost, indent: string, multiline: boolean): string {
    const fields = [`name: ${literal(h.name, this.q)}`, ...(h.node ? [`node: ${literal(h.node, this.q)}`] : [])];
    if (!multiline) return `{ ${[...fields, `nics: [${h.nics.map((n) => this.nicText(n)).join(", ")}]`].join(", ")} }`;
    const eol = this.src.eol;
    const inner = indent + INDENT_UNIT;
    const nics = h.nics.length ? `[${eol}${h.nics.map((n) => `${inner}${INDENT_UNIT}${this.nicText(n)},`).join(eol)}${eol}${inner}]` : "[]";
    return `{${eol}${[...fields, `nics: ${nics}`].map((f) => `${inner}${f},`).join(eol)}${eol}${indent}}`;
  }

  /** Appends elements to a list, in its style: one a line when it is multi-line, trailing comma kept. */
  private append(arr: ts.ArrayLiteralExpression, texts: (indent: string, multiline: boolean) => string[]): void {
    const els = arr.elements;
    const eol = this.src.eol;
    if (els.length === 0) {
      const indent = this.src.indentAt(arr.getStart()) + INDENT_UNIT;
      const items = texts(indent, true);
      this.edits.push({ offset: arr.getStart(), length: arr.end - arr.getStart(), newText: `[${eol}${items.map((t) => `${indent}${t},`).join(eol)}${eol}${this.src.indentAt(arr.getStart())}]` });
      return;
    }
    const last = els[els.length - 1];
    const multiline = this.src.lineOf(last.getStart()) !== this.src.lineOf(arr.getStart());
    const indent = multiline ? this.src.indentAt(last.getStart()) : "";
    const items = texts(indent, multiline);
    if (els.hasTrailingComma) {
      const comma = this.src.text.indexOf(",", last.end) + 1;
      const sep = multiline ? eol + indent : " ";
      this.edits.push({ offset: comma, length: 0, newText: items.map((t) => `${sep}${t},`).join("") });
    } else {
      const sep = multiline ? `,${eol}${indent}` : ", ";
      this.edits.push({ offset: last.end, length: 0, newText: items.map((t) => `${sep}${t}`).join("") });
    }
  }

  /** Adds properties after an object's last one, in its style. */
  private addProperties(obj: ts.ObjectLiteralExpression, properties: (indent: string, multiline: boolean) => string[]): void {
    const props = obj.properties;
    if (props.length === 0) {
      this.edits.push({ offset: obj.getStart(), length: obj.end - obj.getStart(), newText: `{ ${properties("", false).join(", ")} }` });
      return;
    }
    const last = props[props.length - 1];
    const multiline = this.src.lineOf(last.getStart()) !== this.src.lineOf(obj.getStart());
    const indent = multiline ? this.src.indentAt(last.getStart()) : "";
    const texts = properties(indent, multiline);
    const eol = this.src.eol;
    if (props.hasTrailingComma) {
      const comma = this.src.text.indexOf(",", last.end) + 1;
      this.edits.push({ offset: comma, length: 0, newText: texts.map((t) => `${multiline ? eol + indent : " "}${t},`).join("") });
    } else {
      this.edits.push({ offset: last.end, length: 0, newText: texts.map((t) => `${multiline ? `,${eol}${indent}` : ", "}${t}`).join("") });
    }
  }

  private updateNic(nic: ts.ObjectLiteralExpression, mac: string): void {
    const prop = findProperty(nic, "mac");
    if (!prop) {
      this.addProperties(nic, () => [`mac: ${literal(mac, this.q)}`]);
      return;
    }
    const value = propertyValue(prop);
    if (value && (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value))) {
      if (MacAddress.parse(value.text)?.equals(mac)) return;
      this.edits.push({ offset: value.getStart(), length: value.end - value.getStart(), newText: literal(mac, this.q) });
    }
    // A MAC written as a reference or expression is the user's own: left alone.
  }

  private updateHost(host: ts.ObjectLiteralExpression, h: ImportedHost): void {
    const add: ((indent: string, multiline: boolean) => string)[] = [];
    const name = stringProperty(host, "name");
    if (h.node && !findProperty(host, "node") && name !== h.node) add.push(() => `node: ${literal(h.node!, this.q)}`);
    const nicsProp = findProperty(host, "nics");
    const nicsValue = nicsProp && propertyValue(nicsProp);
    if (!nicsProp) {
      add.push((indent, multiline) => `nics: ${multiline ? this.multilineNics(h, indent) : `[${h.nics.map((n) => this.nicText(n)).join(", ")}]`}`);
    } else if (nicsValue && ts.isArrayLiteralExpression(skipOuter(nicsValue))) {
      const arr = skipOuter(nicsValue) as ts.ArrayLiteralExpression;
      const existing = new Map<string, ts.ObjectLiteralExpression>();
      for (const el of arr.elements) {
        const e = skipOuter(el);
        const n = ts.isObjectLiteralExpression(e) ? stringProperty(e, "name") : undefined;
        if (n !== undefined && ts.isObjectLiteralExpression(e)) existing.set(n, e);
      }
      const fresh = h.nics.filter((n) => !existing.has(n.name));
      for (const nic of h.nics) {
        const el = existing.get(nic.name);
        if (el && nic.mac) this.updateNic(el, nic.mac);
      }
      if (fresh.length) this.append(arr, () => fresh.map((n) => this.nicText(n)));
    }
    if (add.length) this.addProperties(host, (indent, multiline) => add.map((f) => f(indent, multiline)));
  }

  private multilineNics(h: ImportedHost, indent: string): string {
    const eol = this.src.eol;
    return `[${eol}${h.nics.map((n) => `${indent}${INDENT_UNIT}${this.nicText(n)},`).join(eol)}${eol}${indent}]`;
  }

  write(call: ts.Expression, topology: string, hosts: readonly ImportedHost[]): ImportPlan {
    if (!ts.isCallExpression(call) || this.src.factoryOf(call) !== "okdCluster") {
      return { ok: false, message: `${topology} is not an okdCluster written here; hosts are imported into an okdCluster({ … }).` };
    }
    const spec = specLiteral(call);
    if (!spec) return { ok: false, message: `The spec of ${topology} is not an object literal written here; edit it in the text.` };
    const prop = findProperty(spec, "hosts");
    if (!prop) {
      this.addProperties(spec, (indent, multiline) => {
        if (!multiline) return [`hosts: [${hosts.map((h) => this.hostText(h, "", false)).join(", ")}]`];
        const eol = this.src.eol;
        const inner = indent + INDENT_UNIT;
        return [`${propertyKey("hosts", this.q)}: [${eol}${hosts.map((h) => `${inner}${this.hostText(h, inner, true)},`).join(eol)}${eol}${indent}]`];
      });
      return { ok: true, edits: this.edits };
    }
    const value = propertyValue(prop);
    const arr = value && skipOuter(value);
    if (!arr || !ts.isArrayLiteralExpression(arr)) {
      return { ok: false, message: `The hosts of ${topology} are not written as a list here (they come from elsewhere); edit them in the text.` };
    }
    const existing: { obj: ts.ObjectLiteralExpression; name?: string; node?: string }[] = [];
    for (const el of arr.elements) {
      const e = skipOuter(el);
      if (ts.isObjectLiteralExpression(e)) existing.push({ obj: e, name: stringProperty(e, "name"), node: stringProperty(e, "node") });
    }
    const fresh: ImportedHost[] = [];
    for (const h of hosts) {
      const node = h.node ?? h.name;
      const match = existing.find((x) => (x.node ?? x.name) === node) ?? existing.find((x) => x.name === h.name);
      if (match) this.updateHost(match.obj, h);
      else fresh.push(h);
    }
    if (fresh.length) this.append(arr, (indent, multiline) => fresh.map((h) => this.hostText(h, indent, multiline)));
    return { ok: true, edits: this.edits };
  }
}

/** The edits that write `hosts` into the okdCluster `call` (named `topology` in messages). */
export function planImportHosts(src: SourceView, call: ts.Expression, topology: string, hosts: readonly ImportedHost[]): ImportPlan {
  return new HostsWriter(src).write(call, topology, hosts);
}
