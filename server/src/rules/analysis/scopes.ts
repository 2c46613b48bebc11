// Local name bindings, per function (Python's unit of local scope), comprehension and module.
// Enough data flow for rules to ask "what was `lines` assigned from?" without executing anything.
import type { Node, Tree } from '../../parse/parser';
import { enclosingFunction, targetNames, unparen } from './syntax';
import { lowerBound, nodesOfType } from '../../odoo/treeMemo';
import { innermostSpan, spanTable } from './spans';
import { treeSource } from '../../odoo/treeMemo';

export type Binding =
  /** A parameter of a def or lambda; `index` counts positional parameters (self is 0 in a method). */
  | { kind: 'param'; name: string; node: Node; fn: Node; index: number }
  /** `name = value` (also `name: T = value`, `name |= value`, walrus). */
  | { kind: 'assign'; name: string; node: Node; value: Node; augmented: boolean; statement: Node }
  /** `name, other = value`: the name is one element of an unpacked value. */
  | { kind: 'unpack'; name: string; node: Node; value: Node; statement: Node }
  /** A loop target: `for name in iterable` / comprehension clause. `whole` when the target is just the name. */
  | { kind: 'loop'; name: string; node: Node; iterable: Node; loop: Node; target: Node; whole: boolean }
  /** import, with-as, except-as, global, class/def names: not followed further. */
  | { kind: 'other'; name: string; node: Node };

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
const NEW_SCOPES = new Set(['function_definition', 'lambda', 'class_definition', ...COMPREHENSIONS]);


/** Node types that bind a name or open a scope (what collect() looks at). */
const BINDING_TYPES = [
  'assignment', 'augmented_assignment', 'named_expression', 'for_statement', 'as_pattern', 'function_definition',
  'class_definition', 'import_statement', 'import_from_statement', 'lambda', ...COMPREHENSIONS,
];


function add(table: Map<string, Binding[]>, b: Binding) {
  const list = table.get(b.name);
  if (list) list.push(b);
  else table.set(b.name, [b]);
}

function paramNames(params: Node | null): Node[] {
  if (!params) return [];
  const out: Node[] = [];
  for (const p of params.namedChildren) {
    if (!p) continue;
    if (p.type === 'identifier') out.push(p);
    else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
      const n = p.childForFieldName('name');
      if (n) out.push(n);
    } else if (p.type === 'typed_parameter' || p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern') {
      const n = p.namedChildren.find((c) => c?.type === 'identifier');
      if (n) out.push(n);
    }
  }
  return out;
}

/** Adds the bindings `n` makes (one node of BINDING_TYPES) to `out`, in source order. */
function bindingOf(out: Binding[], n: Node): void {
  switch (n.type) {
    case 'assignment': {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (left && right) {
        const l = unparen(left);
        const statement = n;
        if (l.type === 'identifier') {
          // `a = b = value`: the right side is itself an assignment.
          let value = right;
          while (value.type === 'assignment' && value.childForFieldName('right')) value = value.childForFieldName('right')!;
          out.push({ kind: 'assign', name: l.text, node: l, value, augmented: false, statement });
        } else for (const t of targetNames(l)) out.push({ kind: 'unpack', name: t.text, node: t, value: right, statement });
      }
      break;
    }
    case 'augmented_assignment': {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (left?.type === 'identifier' && right) out.push({ kind: 'assign', name: left.text, node: left, value: right, augmented: true, statement: n });
      break;
    }
    case 'named_expression': {
      const name = n.childForFieldName('name');
      const value = n.childForFieldName('value');
      if (name && value) out.push({ kind: 'assign', name: name.text, node: name, value, augmented: false, statement: n });
      break;
    }
    case 'for_statement': {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (left && right) {
        const whole = unparen(left).type === 'identifier';
        for (const t of targetNames(left)) out.push({ kind: 'loop', name: t.text, node: t, iterable: right, loop: n, target: left, whole });
      }
      break;
    }
    case 'as_pattern': {
      const alias = n.childForFieldName('alias');
      if (alias) for (const t of targetNames(alias.namedChildren[0] ?? alias)) out.push({ kind: 'other', name: t.text, node: t });
      break;
    }
    case 'function_definition':
    case 'class_definition': {
      const name = n.childForFieldName('name');
      if (name) out.push({ kind: 'other', name: name.text, node: name });
      return; // own scope (skipped by the caller)
    }
    case 'import_statement':
    case 'import_from_statement':
      for (const d of n.descendantsOfType(['dotted_name', 'aliased_import'])) {
        if (!d) continue;
        const alias = d.type === 'aliased_import' ? d.childForFieldName('alias') : d.parent?.type === 'aliased_import' ? null : d.namedChildren[0];
        if (alias) out.push({ kind: 'other', name: alias.text, node: alias });
      }
      return;
  }
}

/**
 * The bindings made directly in one scope (not in nested defs, lambdas, classes, comprehensions),
 * found per name on first ask. Rules ask a scope about a few names (`self`, a loop variable, the
 * receiver of a call) while it binds many: reading every binding node's targets through wasm was
 * ~0.4 s on the benchmark. A node is read only when the name occurs in its source (any name it
 * binds is an identifier inside it), and then once for all names.
 */
class ScopeTable {
  private byName = new Map<string, Binding[] | undefined>();
  /** The binding nodes of the scope's body (minus nested scopes' insides), in pre-order, with their ends. */
  private nodes: Node[] = [];
  private ends: number[] = [];
  private types: string[] = [];
  /** bindingOf() of nodes[i], read on first need. */
  private found: (Binding[] | undefined)[] = [];

  constructor(private params: Map<string, Binding[]>, private source: { text: string; offset: number }) {}

  /** Adds a binding node of the body (pre-order). */
  addNode(n: Node, end: number, type: string): void {
    this.nodes.push(n);
    this.ends.push(end);
    this.types.push(type);
  }

  /** The bindings of `name`, params first then in source order (undefined when none). */
  get(name: string): Binding[] | undefined {
    if (this.byName.has(name)) return this.byName.get(name);
    const list: Binding[] = [...(this.params.get(name) ?? [])];
    const { text, offset } = this.source;
    for (let i = 0; i < this.nodes.length; i++) {
      // A def/class binds only its own name (read once, cheap); other nodes are looked at in the
      // source first, their span being small (a def's span is its whole body).
      const n = this.nodes[i];
      const type = this.types[i];
      if (type !== 'function_definition' && type !== 'class_definition' && !mentions(text, name, n.startIndex - offset, this.ends[i] - offset)) continue;
      let bindings = this.found[i];
      if (!bindings) bindingOf((this.found[i] = bindings = []), n);
      for (const b of bindings) if (b.name === name) list.push(b);
    }
    const result = list.length ? list : undefined;
    this.byName.set(name, result);
    return result;
  }
}

/** True when `name` occurs as a whole word in `text` between `start` and `end`. */
function mentions(text: string, name: string, start: number, end: number): boolean {
  // Searched in a slice, so a name absent from the span costs a scan of the span only.
  const span = text.slice(start, end);
  for (let at = span.indexOf(name); at >= 0; at = span.indexOf(name, at + 1)) {
    if (isWholeWord(text, start + at, name.length)) return true;
  }
  return false;
}

/** No ASCII identifier character touches text[at, at + length) (others may: the tree decides). */
function isWholeWord(text: string, at: number, length: number): boolean {
  return !(at > 0 && WORD_BEFORE.test(text[at - 1])) && !WORD_AFTER.test(text[at + length] ?? '');
}

/** Collects the binding nodes made directly in `scope` (not in nested defs, lambdas, classes, comprehensions). */
function collect(scope: Node): ScopeTable {
  const params = new Map<string, Binding[]>();
  if (scope.type === 'function_definition' || scope.type === 'lambda') {
    paramNames(scope.childForFieldName('parameters')).forEach((node, index) =>
      add(params, { kind: 'param', name: node.text, node, fn: scope, index }),
    );
  }
  const table = new ScopeTable(params, treeSource(scope.tree));
  const body = scope.type === 'module' ? scope : scope.childForFieldName('body');
  if (!body) return table;
  if (scope.type === 'lambda') return table; // a lambda body is one expression: nothing to bind
  // The binding nodes of the body, from the shared per-tree node list (pre-order) instead of a
  // recursive walk through wasm of every node of the body (~10% of the lint time on the
  // benchmark): the same nodes in the same order, minus those inside a nested scope.
  const nodes = nodesOfType<Node>(scope.tree, BINDING_TYPES);
  const bodyEnd = body.endIndex;
  let skipEnd = -1;
  for (let i = lowerBound(nodes, body.startIndex); i < nodes.length && nodes[i].startIndex < bodyEnd; i++) {
    const n = nodes[i];
    if (n.startIndex < skipEnd) continue;
    const end = n.endIndex;
    if (end > bodyEnd || n.id === body.id) continue;
    const type = n.type;
    table.addNode(n, end, type);
    if (NEW_SCOPES.has(type)) skipEnd = Math.max(skipEnd, end);
  }
  return table;
}

function comprehensionBindings(comp: Node, name: string, from: Node): Binding[] {
  const out: Binding[] = [];
  for (const clause of comp.namedChildren) {
    if (clause?.type !== 'for_in_clause') continue;
    const left = clause.childForFieldName('left');
    const right = clause.childForFieldName('right');
    // The first clause's iterable is evaluated outside the comprehension: its names are not ours.
    if (right && right.startIndex <= from.startIndex && from.endIndex <= right.endIndex) continue;
    if (!left || !right) continue;
    const whole = unparen(left).type === 'identifier';
    for (const t of targetNames(left)) {
      if (t.text === name) out.push({ kind: 'loop', name, node: t, iterable: right, loop: clause, target: left, whole });
    }
  }
  return out;
}

// ASCII identifier characters: an occurrence of a name next to one of them is part of a longer
// word. (Next to any other character it may still be an identifier: the tree decides.)
const WORD_BEFORE = /[A-Za-z_]/;
const WORD_AFTER = /[A-Za-z0-9_]/;

/**
 * The identifiers named `name` under `scope`, in source order: the same nodes as
 * `scope.descendantsOfType('identifier').filter((id) => id.text === name)`. Found by a search of
 * the source text, asking the tree only about whole-word occurrences: the wasm-side walk of every
 * identifier of a function, and `.text` on each, made OP111/OP110's use search ~0.4 s on the
 * benchmark. (Occurrences in strings and comments are not identifiers: the tree says so.)
 */
export function identifiersNamed(scope: Node, name: string): Node[] {
  const out: Node[] = [];
  if (!name) return out;
  const { text, offset } = treeSource(scope.tree);
  const start = scope.startIndex - offset;
  // Searched in a slice: the scan stops at the end of the scope.
  const span = text.slice(start, scope.endIndex - offset);
  for (let at = span.indexOf(name); at >= 0; at = span.indexOf(name, at + 1)) {
    if (!isWholeWord(text, start + at, name.length)) continue;
    const from = start + at + offset;
    const id = scope.descendantForIndex(from, from + name.length);
    if (id?.type === 'identifier' && id.startIndex === from && id.endIndex === from + name.length) out.push(id);
  }
  return out;
}

/** Per-tree cache of scope tables, so several rules share one analysis of a file. */
export class Scopes {
  private tables = new Map<number, ScopeTable>();
  private lookups = new Map<number, Binding[]>();
  private root: Node | undefined;
  constructor(readonly tree: Tree) {}

  table(scope: Node): ScopeTable {
    let t = this.tables.get(scope.id);
    if (!t) {
      t = collect(scope);
      this.tables.set(scope.id, t);
    }
    return t;
  }

  /** Bindings that `identifier` may refer to, innermost scope first (comprehension, function, module). */
  lookup(identifier: Node): Binding[] {
    // Asked again and again for the same names (`self`, loop variables) by several rules.
    let found = this.lookups.get(identifier.id);
    if (!found) this.lookups.set(identifier.id, (found = this.resolve(identifier)));
    return found;
  }

  private resolve(identifier: Node): Binding[] {
    const name = identifier.text;
    // The enclosing scopes from the per-tree span table (no `.parent` climbing), innermost first.
    const t = spanTable(this.tree);
    const j = innermostSpan(t, identifier);
    if (j === undefined) return this.resolveByParents(identifier, name);
    for (let k = j; k >= 0; k = t.parent[k]) {
      const type = t.types[k];
      if (COMPREHENSIONS.has(type)) {
        const found = comprehensionBindings(t.nodes[k], name, identifier);
        if (found.length) return found;
      }
      if (type === 'function_definition' || type === 'lambda') {
        const found = this.table(t.nodes[k]).get(name);
        if (found?.length) return found;
      }
    }
    this.root ??= this.tree.rootNode;
    return this.table(this.root).get(name) ?? [];
  }

  private resolveByParents(identifier: Node, name: string): Binding[] {
    for (let n = identifier.parent; n; n = n.parent) {
      if (COMPREHENSIONS.has(n.type)) {
        const found = comprehensionBindings(n, name, identifier);
        if (found.length) return found;
      }
      if (n.type === 'function_definition' || n.type === 'lambda') {
        const found = this.table(n).get(name);
        if (found?.length) return found;
      }
      if (n.type === 'module') return this.table(n).get(name) ?? [];
    }
    return [];
  }

  /** The function (def or lambda) whose locals `node` sees first. */
  functionOf(node: Node): Node | undefined {
    return enclosingFunction(node);
  }
}

const cache = new WeakMap<Tree, Scopes>();

export function scopesFor(tree: Tree): Scopes {
  let s = cache.get(tree);
  if (!s) {
    s = new Scopes(tree);
    cache.set(tree, s);
  }
  return s;
}
