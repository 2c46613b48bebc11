// Text-edit helpers over plain strings and tree-sitter nodes: positions <-> offsets, applying a set
// of non-overlapping edits, finding the node a finding points at, indentation of a line.
import type { Node, Tree } from '../parse/parser';
import type { Position, Range } from '../rules/types';
import type { TextEdit } from './types';
import { lineStarts, offsetAt, positionAt } from '../text/positions';

export { lineStarts, offsetAt, positionAt };

export function nodeRange(node: Node): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

export function replaceNode(file: string, node: Node, newText: string): TextEdit {
  return { file, range: nodeRange(node), newText };
}

export function insertAt(file: string, pos: Position, newText: string): TextEdit {
  return { file, range: { start: pos, end: pos }, newText };
}

function cmp(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** Edits overlap when they share characters, insert inside one another, or insert at one point. */
export function overlaps(a: Range, b: Range): boolean {
  if (cmp(a.start, b.end) < 0 && cmp(b.start, a.end) < 0) return true;
  const aEmpty = cmp(a.start, a.end) === 0;
  const bEmpty = cmp(b.start, b.end) === 0;
  return aEmpty && bEmpty && cmp(a.start, b.start) === 0;
}

/** Applies edits of one file; throws when two overlap (a fix bug, never silently merged). */
export function applyEdits(source: string, edits: TextEdit[]): string {
  const starts = lineStarts(source);
  const spans = edits
    .map((e) => ({ start: offsetAt(source, e.range.start, starts), end: offsetAt(source, e.range.end, starts), text: e.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i].start < spans[i - 1].end) throw new Error('odoo-perf: overlapping fix edits');
  }
  let out = source;
  for (let i = spans.length - 1; i >= 0; i--) out = out.slice(0, spans[i].start) + spans[i].text + out.slice(spans[i].end);
  return out;
}

/** The smallest named node covering exactly `range` (or, failing that, the smallest covering it). */
export function nodeAtRange(tree: Tree, range: Range): Node | undefined {
  const start = { row: range.start.line, column: range.start.character };
  const end = { row: range.end.line, column: range.end.character };
  let node: Node | null = tree.rootNode.namedDescendantForPosition(start, end);
  // namedDescendantForPosition may return an inner node when several share the span: climb to the
  // outermost one with exactly this span (e.g. a call rather than its callee when both end here).
  while (node?.parent && samePoint(node.parent.startPosition, start) && samePoint(node.parent.endPosition, end)) node = node.parent;
  return node ?? undefined;
}

function samePoint(a: { row: number; column: number }, b: { row: number; column: number }): boolean {
  return a.row === b.row && a.column === b.column;
}

/** The leading whitespace of the line holding `node`. */
export function indentOf(source: string, line: number): string {
  const starts = lineStarts(source);
  const text = source.slice(starts[line] ?? source.length, line + 1 < starts.length ? starts[line + 1] : source.length);
  return /^[ \t]*/.exec(text)![0];
}

/** The end-of-line sequence the file uses. */
export function eolOf(source: string): string {
  return source.includes('\r\n') ? '\r\n' : '\n';
}

/** Python string literal for a plain value, in the quote style the file uses most. */
export function quoteLike(source: string, value: string): string {
  const single = (source.match(/'/g) ?? []).length;
  const double = (source.match(/"/g) ?? []).length;
  const q = double > single ? '"' : "'";
  return `${q}${value.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`)}${q}`;
}
