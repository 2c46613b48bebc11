// Small helpers over tree-sitter-python nodes shared by the workspace extractors. They read
// literals only: nothing here evaluates workspace code.
import type { Node, Tree } from '../parse/parser';
import { perTree, treeSource } from './treeMemo';
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

// The same class bodies are read by the model extractor, the order extractor and the cost model's
// class facts: one pass per body, memoised per tree and body id.
const bodyMemo = new WeakMap<object, Map<number, ClassBody>>();

/** One statement of a class body that the extractors look at. */
export interface BodyEntry {
  stmt: Node;
  /** `name = value` with an identifier on the left (value: `right`), or `def init(...)`. */
  kind: 'assign' | 'init';
  name: string;
  right?: Node;
  /** The left identifier when it was read from the tree (slow path); else it starts at stmt. */
  left?: Node;
}

export interface ClassBody {
  entries: BodyEntry[];
  /** name → value of the last `name = value` (bodyAssignments). */
  assigns: Map<string, Node>;
}

// Text shortcuts over the statement's source (a look at the source costs no wasm call; each
// .type / childForFieldName / .text of a node is one, and a 300k-line workspace has ~80k field
// statements). Only ever used on a tree without syntax errors, and only when the text decides
// the statement's shape; anything else takes the tree path.
const ASSIGN_AT = /([A-Za-z_]\w*)[ \t]*=(?!=)/y;
// Statements that are neither an assignment nor `def init`: decorated definitions, comments, docstrings, keywords.
const SKIP_AT = /(?:[@#'"]|(?:class|pass|return|raise|if|for|while|with|try|import|from|del|assert|global|nonlocal)\b)/y;
const DEF_AT = /(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)[ \t]*[([]/y;

/** Whether text shortcuts are safe for this tree (no ERROR/MISSING node), once per tree. */
export function cleanTree(tree: Tree): boolean {
  return perTree(tree, 'cleanTree', () => !tree.rootNode.hasError);
}

function matchAt(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

/** The class body statements the extractors read, in order. Memoised per tree and body: shared, read-only. */
export function classBody(body: Node): ClassBody {
  let byBody = bodyMemo.get(body.tree);
  if (!byBody) bodyMemo.set(body.tree, (byBody = new Map()));
  let out = byBody.get(body.id);
  if (out) return out;
  out = { entries: [], assigns: new Map() };
  const fast = cleanTree(body.tree);
  const { text, offset } = treeSource(body.tree);
  for (const stmt of body.namedChildren) {
    if (!stmt) continue;
    if (fast) {
      const at = stmt.startIndex - offset;
      const m = matchAt(ASSIGN_AT, text, at);
      if (m) {
        // `name = ...` at a statement start is an expression_statement holding an assignment.
        const right = stmt.namedChild(0)?.childForFieldName('right');
        if (right) {
          out.entries.push({ stmt, kind: 'assign', name: m[1], right });
          out.assigns.set(m[1], right);
          continue;
        }
      } else if (matchAt(SKIP_AT, text, at)) continue;
      else {
        const d = matchAt(DEF_AT, text, at);
        if (d && d[1] !== 'init') continue;
      }
    }
    if (stmt.type === 'function_definition') {
      if (stmt.childForFieldName('name')?.text === 'init') out.entries.push({ stmt, kind: 'init', name: 'init' });
      continue;
    }
    const a = stmt.type === 'expression_statement' ? stmt.namedChild(0) : null;
    if (a?.type !== 'assignment') continue;
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if (left?.type !== 'identifier' || !right) continue;
    const name = left.text;
    out.entries.push({ stmt, kind: 'assign', name, right, left });
    out.assigns.set(name, right);
  }
  byBody.set(body.id, out);
  return out;
}

/** `name = value` statements of a class body by name (a later one replaces the value). Memoised
 * per tree and body: the result is shared, do not modify it. */
export function bodyAssignments(body: Node): Map<string, Node> {
  return classBody(body).assigns;
}

/** Range of an assignment entry's left identifier. */
export function entryNameRange(e: BodyEntry): Range {
  if (e.left) return rangeOf(e.left);
  // Read by text: an ASCII identifier at the statement's start, on its first line.
  const p = e.stmt.startPosition;
  return { start: { line: p.row, character: p.column }, end: { line: p.row, character: p.column + e.name.length } };
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

/** Nodes whose parts may not run: a statement under one of them is conditional. */
export const CONDITIONAL_TYPES: ReadonlySet<string> = new Set([
  'if_statement', 'elif_clause', 'else_clause', 'for_statement', 'while_statement', 'try_statement',
  'except_clause', 'finally_clause', 'conditional_expression', 'boolean_operator',
]);
