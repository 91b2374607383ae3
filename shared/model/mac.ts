// No Node import here: the model is shared with the webview. `Symbol.for` reaches the same symbol
// Node's `util.inspect.custom` is, so logs and debuggers print the address, never six bytes.
const inspectCustom = Symbol.for("nodejs.util.inspect.custom");

const OCTETS = /^([0-9a-f]{2})([:-])([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})$/i;

/** What parsing a MAC address gives: the address, or a message fit for HARMONY1201. */
export type MacParse = { ok: true; mac: MacAddress } | { ok: false; message: string };

/** A MAC address: six octets, printed `aa:bb:cc:dd:ee:ff` everywhere. */
export class MacAddress {
  /** The canonical text: lower case, `:`-separated. */
  readonly #text: string;

  private constructor(text: string) {
    this.#text = text;
  }

  /** Parses six hexadecimal octets separated by `:` or `-` (one separator throughout), any case. */
  static tryParse(text: string): MacParse {
    const m = OCTETS.exec(text.trim());
    if (!m) {
      return {
        ok: false,
        message: `"${text}" is not a MAC address: expected six hexadecimal octets separated by ":" or "-", e.g. aa:bb:cc:dd:ee:ff`,
      };
    }
    const octets = [m[1], m[3], m[4], m[5], m[6], m[7]];
    return { ok: true, mac: new MacAddress(octets.join(":").toLowerCase()) };
  }

  /** The address, or undefined when `text` is not one. */
  static parse(text: string): MacAddress | undefined {
    const r = MacAddress.tryParse(text);
    return r.ok ? r.mac : undefined;
  }

  /** Same address, whatever the spelling of either. */
  equals(other: MacAddress | string | undefined): boolean {
    if (other === undefined) return false;
    const o = typeof other === "string" ? MacAddress.parse(other) : other;
    return o !== undefined && o.#text === this.#text;
  }

  toString(): string {
    return this.#text;
  }

  toJSON(): string {
    return this.#text;
  }

  /** `MacAddress("aa:bb:cc:dd:ee:0f")`: the string quoted, as the seed's `Debug` prints it. */
  [inspectCustom](): string {
    return `MacAddress(${JSON.stringify(this.#text)})`;
  }
}
