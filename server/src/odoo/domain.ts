// Reads the fields a domain filters on: literal domains, `+`/`&`/`|` combinations,
// expression.AND/OR, Odoo 19 Domain(...), and local variables built in the same function.
import type { Node } from '../parse/parser';
import type { Range } from '../rules/types';
import { callArgs, rangeOf, stringContent, stringValue, subRange, unparen } from './pyast';

export interface Leaf {
  field: string;
  operator?: string;
  range: Range;
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
    case 'tuple':
      for (const el of n.namedChildren) {
        if (!el || (el.type === 'string' && DOMAIN_OPERATORS.has(stringValue(el) ?? ''))) continue;
        leafOf(el, out);
      }
      break;
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
      for (const b of bindings().get(n.text) ?? []) {
        if (b.kind === 'leaf') leafOf(b.node, out);
        else domainLeaves(b.node, bindings, out, depth + 1, seen);
      }
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

/** Name bindings of one function body: `d = ...`, `d += ...`, `d.append(leaf)`, `d.extend(dom)`. */
export function collectBindings(fn: Node): Bindings {
  const map: Bindings = new Map();
  const add = (name: string, b: Binding) => {
    const list = map.get(name);
    if (list) list.push(b);
    else map.set(name, [b]);
  };
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
