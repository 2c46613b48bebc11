// Small helpers over tree-sitter-python nodes, shared by the rules. They only read the tree.
import type { Node } from '../../parse/parser';
import { innermostSpan, spanTable, type SpanTable } from './spans';

/** Same node (tree-sitter hands out fresh wrapper objects, so compare by identity of the span). */
export function sameNode(a: Node | null | undefined, b: Node | null | undefined): boolean {
  return !!a && !!b && a.id === b.id;
}

/** True when `inner` lies inside `outer` (or is it). */
export function contains(outer: Node, inner: Node): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

/** Strips parentheses: `(x)` -> `x`. */
export function unparen(node: Node): Node {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildren.length === 1) n = n.namedChildren[0]!;
  return n;
}

/** Pre-order walk of named descendants; return false from `visit` to skip a subtree. */
export function walk(node: Node, visit: (n: Node) => boolean | void): void {
  if (visit(node) === false) return;
  for (const c of node.namedChildren) if (c) walk(c, visit);
}

/** All `call` nodes under `node`, in source order. */
export function callsUnder(node: Node): Node[] {
  return node.descendantsOfType('call').filter((n): n is Node => !!n);
}

/** For `a.b.meth(...)`: 'meth'; for `meth(...)`: 'meth'; otherwise undefined. */
export function calleeName(call: Node): string | undefined {
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'identifier') return fn.text;
  if (fn.type === 'attribute') return fn.childForFieldName('attribute')?.text;
  return undefined;
}

/** For `recv.meth(...)`: the `recv` node; undefined for a bare call. */
export function callReceiver(call: Node): Node | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute') return undefined;
  return fn.childForFieldName('object') ?? undefined;
}

export function callArgs(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return [];
  return args.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
}

export function positionalArgs(call: Node): Node[] {
  return callArgs(call).filter((a) => a.type !== 'keyword_argument' && a.type !== 'list_splat' && a.type !== 'dictionary_splat');
}

export function keywordArg(call: Node, name: string): Node | undefined {
  for (const a of callArgs(call)) {
    if (a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name) return a.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

// Rules ask this for every loop and call: each parent step is a wasm call, so 500 nested loops
// made it quadratic (3 s). Each non-function ancestor met remembers the answer for its subtree.
const enclosingCache = new WeakMap<object, Map<number, Node | null>>();

/** The nearest enclosing function_definition or lambda (the unit of local variables). */
export function enclosingFunction(node: Node): Node | undefined {
  const t = spanTable(node.tree);
  const j = innermostSpan(t, node);
  if (j !== undefined) return spanAncestor(t, j, FUNCTION_TYPES);
  return enclosingFunctionByParents(node);
}

const FUNCTION_TYPES = new Set(['function_definition', 'lambda']);
const CLASS_TYPES = new Set(['class_definition']);

/** From table index `j` outwards, the first node whose type is in `types`. */
function spanAncestor(t: SpanTable, j: number, types: Set<string>): Node | undefined {
  for (; j >= 0; j = t.parent[j]) if (types.has(t.types[j])) return t.nodes[j];
  return undefined;
}

function enclosingFunctionByParents(node: Node): Node | undefined {
  let cache = enclosingCache.get(node.tree);
  if (!cache) enclosingCache.set(node.tree, (cache = new Map()));
  const visited: number[] = [];
  let found: Node | null = null;
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'function_definition' || n.type === 'lambda') {
      found = n;
      break;
    }
    const known = cache.get(n.id);
    if (known !== undefined) {
      found = known;
      break;
    }
    visited.push(n.id);
  }
  for (const id of visited) cache.set(id, found);
  return found ?? undefined;
}

export function enclosingClass(node: Node): Node | undefined {
  const t = spanTable(node.tree);
  const j = innermostSpan(t, node);
  if (j !== undefined) return spanAncestor(t, j, CLASS_TYPES);
  for (let n = node.parent; n; n = n.parent) if (n.type === 'class_definition') return n;
  return undefined;
}

/** Names bound by an assignment target / loop target (`a`, `a, b`, `(a, [b, c])`). */
export function targetNames(target: Node): Node[] {
  const t = unparen(target);
  if (t.type === 'identifier') return [t];
  if (['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list'].includes(t.type)) {
    return t.namedChildren.flatMap((c) => (c ? targetNames(c.type === 'list_splat_pattern' ? c.namedChildren[0] ?? c : c) : []));
  }
  return [];
}

/** A short, one-line rendering of an expression for messages. */
export function shortText(node: Node, max = 40): string {
  const t = node.text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** Literal integer value of a node, when it is one (`3`, `-1`, `1_000`). */
export function intValue(node: Node | undefined): number | undefined {
  if (!node) return undefined;
  const n = unparen(node);
  if (n.type === 'integer') {
    const v = Number(n.text.replace(/_/g, ''));
    return Number.isFinite(v) ? v : undefined;
  }
  if (n.type === 'unary_operator' && n.text.startsWith('-')) {
    const v = intValue(n.childForFieldName('argument') ?? undefined);
    return v === undefined ? undefined : -v;
  }
  return undefined;
}
