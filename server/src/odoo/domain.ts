// Reads the fields a domain filters on: literal domains, `+`/`&`/`|` combinations,
// expression.AND/OR, Odoo 19 Domain(...), and local variables built in the same function.
import type { Node } from '../parse/parser';
import type { Range } from '../rules/types';
import { CONDITIONAL_TYPES, callArgs, cleanTree, rangeOf, stringContent, stringValue, subRange, unparen } from './pyast';
import { treeSource } from './treeMemo';

export interface Leaf {
  field: string;
  operator?: string;
  range: Range;
  /** The other fields compared with `=` / `in` in the same literal AND list (no '|' or '!'). */
  andEq?: string[];
}

/** How a name was given its value inside a function: assigned, extended, or appended a leaf. */
export interface Binding {
  kind: 'value' | 'domain' | 'leaf';
  node: Node;
}

export type Bindings = Map<string, Binding[]>;

const DOMAIN_OPERATORS = new Set(['&', '|', '!']);
const FIELD_PATH = /^([A-Za-z_]\w*)(?:\.|$)/;

/** The first path element of a field path string, with its exact range in the source. */
export function fieldRef(node: Node): { field: string; range: Range } | undefined {
  const value = stringValue(node);
  const m = value !== undefined ? FIELD_PATH.exec(value) : null;
  if (!m) return undefined;
  const content = stringContent(node);
  const range = content && content.startPosition.row === content.endPosition.row && content.text.startsWith(m[1])
    ? subRange(content, 0, m[1].length)
    : rangeOf(node);
  return { field: m[1], range };
}

function leafOf(node: Node, out: Leaf[]): void {
  const n = unparen(node);
  if ((n.type !== 'tuple' && n.type !== 'list') || n.namedChildCount !== 3) return;
  const first = n.namedChild(0);
  const ref = first ? fieldRef(first) : undefined;
  if (!ref) return;
  const op = stringValue(n.namedChild(1));
  out.push(op !== undefined ? { ...ref, operator: op } : ref);
}

function calleeName(call: Node): string | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'identifier') return fn.text;
  if (fn?.type === 'attribute') return fn.childForFieldName('attribute')?.text;
  return undefined;
}

export function domainLeaves(node: Node | undefined, bindings: () => Bindings, out: Leaf[] = [], depth = 0, seen = new Set<string>()): Leaf[] {
  if (!node || depth > 8) return out;
  const n = unparen(node);
  switch (n.type) {
    case 'list':
    case 'tuple': {
      const mine: Leaf[] = [];
      let onlyAnd = true;
      for (const el of n.namedChildren) {
        if (!el) continue;
        const op = el.type === 'string' ? stringValue(el) ?? '' : '';
        if (DOMAIN_OPERATORS.has(op)) {
          if (op !== '&') onlyAnd = false;
          continue;
        }
        leafOf(el, mine);
      }
      if (onlyAnd) markAnded(mine);
      out.push(...mine);
      break;
    }
    case 'binary_operator': {
      const op = n.childForFieldName('operator')?.text;
      if (op === '+' || op === '&' || op === '|') {
        domainLeaves(n.childForFieldName('left') ?? undefined, bindings, out, depth + 1, seen);
        domainLeaves(n.childForFieldName('right') ?? undefined, bindings, out, depth + 1, seen);
      }
      break;
    }
    case 'conditional_expression':
      domainLeaves(n.namedChild(0) ?? undefined, bindings, out, depth + 1, seen);
      domainLeaves(n.namedChild(2) ?? undefined, bindings, out, depth + 1, seen);
      break;
    case 'identifier': {
      if (seen.has(n.text)) break;
      seen.add(n.text);
      // `domain = [...]` then `domain.append(leaf)` / `domain += [...]`: all ANDed when every
      // binding is a leaf or a literal list without '|' / '!'.
      const mine: Leaf[] = [];
      const all = bindings().get(n.text) ?? [];
      // Two assignments are alternatives (if/else), not one AND list.
      let onlyAnd = all.filter((b) => b.kind === 'value').length <= 1;
      // Leaves added under an if/loop/try may be absent: they cannot make the others selective.
      const optional = new Set<Leaf>();
      for (const b of all) {
        const before = mine.length;
        if (b.kind === 'leaf') leafOf(b.node, mine);
        else {
          const v = unparen(b.node);
          if ((v.type !== 'list' && v.type !== 'tuple') || v.namedChildren.some((el) => !!el && el.type === 'string' && ['|', '!'].includes(stringValue(el) ?? ''))) onlyAnd = false;
          domainLeaves(b.node, bindings, mine, depth + 1, seen);
        }
        if (b.kind !== 'value' && underCondition(b.node)) for (const l of mine.slice(before)) optional.add(l);
      }
      if (onlyAnd) markAnded(mine, optional);
      out.push(...mine);
      break;
    }
    case 'call': {
      const name = calleeName(n);
      const { positional } = callArgs(n);
      if (name === 'AND' || name === 'OR') {
        // expression.AND([d1, d2]) / Domain.AND([...]): a list of domains.
        const list = positional[0] ? unparen(positional[0]) : undefined;
        if (list?.type === 'list' || list?.type === 'tuple') {
          for (const d of list.namedChildren) if (d) domainLeaves(d, bindings, out, depth + 1, seen);
        }
      } else if (name === 'Domain') {
        // Odoo 19: Domain('f', '=', v) is one leaf; Domain([...]) wraps a list.
        if (positional.length === 3) {
          const ref = fieldRef(positional[0]);
          if (ref) out.push({ ...ref, operator: stringValue(positional[1]) });
        } else domainLeaves(positional[0], bindings, out, depth + 1, seen);
      }
      break;
    }
  }
  return out;
}

/**
 * Leaves of one AND list: each learns the other fields compared with `=` / `in` beside it, which
 * may be the selective ones (`[('id', '=', x), ('token', '=', t)]`); missing-index weighs its
 * evidence with them.
 */
function markAnded(leaves: Leaf[], optional: ReadonlySet<Leaf> = new Set()): void {
  if (leaves.length < 2) return;
  for (const leaf of leaves) {
    const others = leaves.filter((o) => o !== leaf && !optional.has(o) && (o.operator === '=' || o.operator === 'in')).map((o) => o.field);
    if (others.length) leaf.andEq = others;
  }
}

/** `domain.append(leaf)` written under an if, loop or try of its function (it may not run). */
function underCondition(node: Node): boolean {
  for (let p = node.parent; p && p.type !== 'function_definition'; p = p.parent) if (CONDITIONAL_TYPES.has(p.type)) return true;
  return false;
}

/** Name bindings of one function body: `d = ...`, `d += ...`, `d.append(leaf)`, `d.extend(dom)`. */
export function collectBindings(fn: Node): Bindings {
  return bindingsByText(fn) ?? bindingsByTree(fn);
}

function addBinding(map: Bindings, name: string, b: Binding): void {
  const list = map.get(name);
  if (list) list.push(b);
  else map.set(name, [b]);
}

// Text candidates for bindingsByText: `name =` / `name op=` not after `(` or `,` (keyword
// arguments, defaults), and the words append/insert/extend.
const BINDING_CANDIDATE = /(?<![\w.])([A-Za-z_]\w*)[ \t]*(?:\/\/|\*\*|>>|<<|[-+*/%@&|^])?=(?!=)|\b(append|insert|extend)\b/g;
// Function texts the scan could misread: non-ASCII identifiers, `\` line continuations, and
// annotated assignments (`x: T = v` is an assignment whose `=` is not next to its name; any
// `name:` followed by more code at a statement's start, after `;` or after a compound header's `:`).
const UNSAFE_TEXT = /[^\x00-\x7f]|\\\r?\n|(?:^|[;:])[ \t]*[A-Za-z_]\w*[ \t]*:(?![ \t]*(?:#|\r?\n|$))/m;

/**
 * bindingsByTree's answer from a text scan of the function's source, each candidate checked on
 * the tree (names in strings, comments or keyword arguments never count): the tree walk lists
 * every call of the function (descendantsOfType, then 3-4 wasm calls per call to read its
 * method name), ~40% of the query extraction on the benchmark; candidates are few. Undefined
 * (use the tree walk) on an erroneous tree or a text the scan could misread (UNSAFE_TEXT).
 * Exported with bindingsByTree for equivalence checks.
 */
export function bindingsByText(fn: Node): Bindings | undefined {
  const tree = fn.tree;
  if (!cleanTree(tree)) return undefined;
  const { text: source, offset } = treeSource(tree);
  const start = fn.startIndex - offset;
  const text = source.slice(start, fn.endIndex - offset);
  if (UNSAFE_TEXT.test(text)) return undefined;
  const found: { at: number; name: string; b: Binding }[] = [];
  BINDING_CANDIDATE.lastIndex = 0;
  for (let m = BINDING_CANDIDATE.exec(text); m; m = BINDING_CANDIDATE.exec(text)) {
    const word = m[1] ?? m[2];
    const at = start + m.index + offset;
    if (m[1] !== undefined) {
      // Right after `(` or `,` on the same line: a keyword argument or a default, never a binding
      // (`x = 1,` then `y = 2` on the next line is one: a newline keeps the candidate).
      let k = m.index - 1;
      while (k >= 0 && (text[k] === ' ' || text[k] === '\t')) k--;
      if (k >= 0 && (text[k] === '(' || text[k] === ',')) continue;
    }
    const id = fn.descendantForIndex(at, at + word.length);
    if (!id || id.type !== 'identifier' || id.startIndex !== at) continue;
    const p = id.parent;
    if (!p) continue;
    const ptype = p.type;
    if (m[1] !== undefined) {
      if (ptype !== 'assignment' && ptype !== 'augmented_assignment') continue;
      if (p.childForFieldName('left')?.id !== id.id) continue;
      const right = p.childForFieldName('right');
      if (right) found.push({ at: p.startIndex, name: word, b: { kind: ptype === 'assignment' ? 'value' : 'domain', node: right } });
      continue;
    }
    if (ptype !== 'attribute' || p.childForFieldName('attribute')?.id !== id.id) continue;
    const call = p.parent;
    if (call?.type !== 'call' || call.childForFieldName('function')?.id !== p.id) continue;
    const obj = p.childForFieldName('object');
    if (obj?.type !== 'identifier') continue;
    const { positional } = callArgs(call);
    const b: Binding | undefined = word === 'append' ? positional[0] && { kind: 'leaf', node: positional[0] }
      : word === 'insert' ? positional[1] && { kind: 'leaf', node: positional[1] }
      : positional[0] && { kind: 'domain', node: positional[0] };
    if (b) found.push({ at: call.startIndex, name: obj.text, b });
  }
  // The tree walk's order is pre-order, i.e. by node start (nodes that both bind cannot start together).
  found.sort((x, y) => x.at - y.at);
  const map: Bindings = new Map();
  for (const f of found) addBinding(map, f.name, f.b);
  return map;
}

export function bindingsByTree(fn: Node): Bindings {
  const map: Bindings = new Map();
  const add = (name: string, b: Binding) => addBinding(map, name, b);
  for (const n of fn.descendantsOfType(['assignment', 'augmented_assignment', 'call'])) {
    if (!n) continue;
    if (n.type === 'call') {
      // The method name first: most calls of a function are none of the three, and each node
      // step is a wasm call, so the arguments are read only for `d.append(...)`-like calls.
      const f = n.childForFieldName('function');
      if (f?.type !== 'attribute') continue;
      const method = f.childForFieldName('attribute')?.text;
      if (method !== 'append' && method !== 'insert' && method !== 'extend') continue;
      const obj = f.childForFieldName('object');
      if (obj?.type !== 'identifier') continue;
      const { positional } = callArgs(n);
      if (method === 'append' && positional[0]) add(obj.text, { kind: 'leaf', node: positional[0] });
      else if (method === 'insert' && positional[1]) add(obj.text, { kind: 'leaf', node: positional[1] });
      else if (method === 'extend' && positional[0]) add(obj.text, { kind: 'domain', node: positional[0] });
      continue;
    }
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (left?.type !== 'identifier' || !right) continue;
    add(left.text, { kind: n.type === 'assignment' ? 'value' : 'domain', node: right });
  }
  return map;
}
