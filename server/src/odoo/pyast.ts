// Small helpers over tree-sitter-python nodes shared by the workspace extractors. They read
// literals only: nothing here evaluates workspace code.
import type { Node } from '../parse/parser';
import type { Range } from '../rules/types';

export function rangeOf(node: Node): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

// A one-line literal with no prefix, escape or quote inside: its value is its text minus the quotes.
// Most literals of addon code are such (field names, model names, domain operators); reading the
// text once avoids visiting the string's child nodes, one wasm call each.
const PLAIN_LITERAL = /^(?:'[^'"\\\n]*'|"[^'"\\\n]*")$/;

/** The value of a plain string literal ('x', "x", r'x'); undefined for f-strings and non-strings. */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const type = node.type;
  if (type === 'string') {
    const text = node.text;
    if (PLAIN_LITERAL.test(text)) return text.slice(1, -1);
  }
  if (type === 'concatenated_string') {
    let out = '';
    for (const part of node.namedChildren) {
      const v = part ? stringValue(part) : undefined;
      if (v === undefined) return undefined;
      out += v;
    }
    return out;
  }
  if (type !== 'string') return undefined;
  let out = '';
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'string_content') out += child.text;
    else if (child.type === 'interpolation') return undefined;
    else if (child.type === 'escape_sequence') out += child.text;
  }
  return out;
}

/** The node holding a plain string's characters (no quotes), for precise ranges. */
export function stringContent(node: Node): Node | undefined {
  if (node.type !== 'string') return undefined;
  for (const child of node.namedChildren) if (child?.type === 'string_content') return child;
  return undefined;
}

/** Range of `length` characters starting `offset` characters into a single-line string's content. */
export function subRange(content: Node, offset: number, length: number): Range {
  const line = content.startPosition.row;
  const start = content.startPosition.column + offset;
  return { start: { line, character: start }, end: { line, character: start + length } };
}

export interface CallArgs {
  positional: Node[];
  keywords: Map<string, Node>;
}

// The same class bodies are read by the model extractor and the cost model's class facts.
const assignsMemo = new WeakMap<object, Map<number, Map<string, Node>>>();

/** `name = value` statements of a class body by name (a later one replaces the value). Memoised
 * per tree and body: the result is shared, do not modify it. */
export function bodyAssignments(body: Node): Map<string, Node> {
  let perTree = assignsMemo.get(body.tree);
  if (!perTree) assignsMemo.set(body.tree, (perTree = new Map()));
  let out = perTree.get(body.id);
  if (!out) {
    out = new Map<string, Node>();
    for (const stmt of body.namedChildren) {
      if (stmt?.type !== 'expression_statement') continue;
      const a = stmt.namedChild(0);
      if (a?.type !== 'assignment') continue;
      const left = a.childForFieldName('left');
      const right = a.childForFieldName('right');
      if (left?.type === 'identifier' && right) out.set(left.text, right);
    }
    perTree.set(body.id, out);
  }
  return out;
}

export function callArgs(call: Node): CallArgs {
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  const list = call.childForFieldName('arguments');
  if (list) {
    for (const arg of list.namedChildren) {
      if (!arg || arg.type === 'comment') continue;
      if (arg.type === 'keyword_argument') {
        const name = arg.childForFieldName('name');
        const value = arg.childForFieldName('value');
        if (name && value) keywords.set(name.text, value);
      } else if (arg.type !== 'list_splat' && arg.type !== 'dictionary_splat') positional.push(arg);
    }
  }
  return { positional, keywords };
}

/** Strings of a str literal or of a list/tuple of str literals (e.g. `_inherit`). */
export function stringList(node: Node | null | undefined): string[] | undefined {
  if (!node) return undefined;
  const single = stringValue(node);
  if (single !== undefined) return [single];
  if (node.type === 'list' || node.type === 'tuple') {
    const out: string[] = [];
    for (const el of node.namedChildren) {
      const v = stringValue(el);
      if (v !== undefined) out.push(v);
    }
    return out;
  }
  return undefined;
}

/** Unwraps parentheses: `(expr)` → expr. */
export function unparen(node: Node): Node {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildCount === 1 && n.namedChild(0)) n = n.namedChild(0)!;
  return n;
}
