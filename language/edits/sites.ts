import ts from "typescript";
import type { TextEdit } from "./planner";

/**
 * Minimal edits of a multisite's `sites: [...]` list: adding, removing and reordering sites touch
 * only the elements involved, so comments and line breaks between the others stay as written.
 */

/** Inserts `name` at `index` (the end when past it). */
export function insertSite(list: ts.ArrayLiteralExpression, index: number, name: string): TextEdit {
  const elements = list.elements;
  if (elements.length === 0) return { offset: list.getStart() + 1, length: 0, newText: name };
  if (index >= elements.length) {
    const last = elements[elements.length - 1];
    return { offset: last.end, length: 0, newText: `, ${name}` };
  }
  return { offset: elements[index].getStart(), length: 0, newText: `${name}, ` };
}

/** Removes the element at `index` with the separator after it (before it, for the last one). */
export function removeSite(list: ts.ArrayLiteralExpression, index: number): TextEdit {
  const elements = list.elements;
  const element = elements[index];
  const last = index === elements.length - 1;
  const from = last && index > 0 ? elements[index - 1].end : element.getStart();
  const to = last ? element.end : elements[index + 1].getStart();
  return { offset: from, length: to - from, newText: "" };
}

/** Moves the element at `from` to `to`: each element in between takes its new occupant's text. */
export function moveSite(list: ts.ArrayLiteralExpression, from: number, to: number, text: string): TextEdit[] {
  const elements = list.elements;
  const texts = elements.map((e) => text.slice(e.getStart(), e.end));
  const order = texts.slice();
  const [moved] = order.splice(from, 1);
  order.splice(to, 0, moved);
  const edits: TextEdit[] = [];
  for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
    if (order[i] === texts[i]) continue;
    edits.push({ offset: elements[i].getStart(), length: elements[i].end - elements[i].getStart(), newText: order[i] });
  }
  return edits;
}
