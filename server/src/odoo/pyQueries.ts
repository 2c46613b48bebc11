// Where one Python file queries fields: domains of search-like calls, order= / _order, and
// read_group groupbys. The model is resolved only when statically known.
import type { Node, Tree } from '../parse/parser';
import type { QueryUse, QueryUseKind } from './workspace';
import { collectBindings, domainLeaves, type Bindings } from './domain';
import { callArgs, classBody, cleanTree, stringContent, stringList, stringValue, subRange, rangeOf, unparen } from './pyast';
import { objectId, perTree, treeSource } from './treeMemo';

// Methods whose first positional argument (or domain=) is a domain evaluated in SQL.
const DOMAIN_METHODS = ['search', 'search_count', 'search_read', 'search_fetch', '_search', 'read_group', '_read_group', 'formatted_read_group', 'web_read_group'];
// Calls that return a recordset of the receiver's model.
const SAME_MODEL = new Set(['sudo', 'with_context', 'with_company', 'with_user', 'with_env', 'with_prefetch', 'browse', 'search', 'exists', 'filtered', 'filtered_domain', 'sorted', 'create', 'copy', 'ensure_one']);
const AGGREGATES = /:(sum|avg|min|max|count|count_distinct|array_agg|bool_and|bool_or|sum_currency|recordset)$/;

// Candidate calls are located by a text scan for `.method(` and then checked on the syntax
// tree (identifier → attribute → call), so names in strings or comments never count. This is
// much faster than a tree query whose name predicate runs in JavaScript for every call.
const CANDIDATE = new RegExp(`\\.\\s*(${DOMAIN_METHODS.join('|')})\\s*\\(`, 'g');

function searchCalls(tree: Tree): { call: Node; method: string }[] {
  const out: { call: Node; method: string }[] = [];
  // The root node starts at the first token, not at 0, when a file opens with blank lines: a
  // match's index in its text is offset by that much in the tree.
  const { text: source, offset } = treeSource(tree);
  CANDIDATE.lastIndex = 0;
  for (let m = CANDIDATE.exec(source); m; m = CANDIDATE.exec(source)) {
    const at = offset + m.index + m[0].indexOf(m[1], 1);
    const id = tree.rootNode.descendantForIndex(at, at + m[1].length);
    const attr = id?.parent;
    const call = attr?.parent;
    if (id?.type !== 'identifier' || id.text !== m[1] || attr?.type !== 'attribute' || call?.type !== 'call') continue;
    if (call.childForFieldName('function')?.id !== attr.id) continue;
    out.push({ call, method: m[1] });
  }
  return out;
}

interface Scope {
  classModel: string | undefined;
  bindings: () => Bindings;
}

function modelOf(expr: Node, scope: Scope, depth = 0, seen = new Set<string>()): string | undefined {
  if (depth > 6) return undefined;
  const n = unparen(expr);
  if (n.type === 'identifier') {
    if (n.text === 'self') return scope.classModel;
    if (seen.has(n.text)) return undefined;
    seen.add(n.text);
    let found: string | undefined;
    for (const b of scope.bindings().get(n.text) ?? []) {
      if (b.kind !== 'value') continue;
      const m = modelOf(b.node, scope, depth + 1, seen);
      if (!m || (found && found !== m)) return undefined;
      found = m;
    }
    return found;
  }
  if (n.type === 'subscript') {
    // self.env['x.y'], request.env['x.y'], env['x.y']; self.env[self._name] is self's model.
    const value = n.childForFieldName('value');
    const isEnv = value?.type === 'identifier' ? value.text === 'env' : value?.type === 'attribute' && value.childForFieldName('attribute')?.text === 'env';
    const sub = n.childForFieldName('subscript');
    if (!isEnv || !sub) return undefined;
    if (sub.text === 'self._name') return scope.classModel;
    return stringValue(sub);
  }
  if (n.type === 'call') {
    const fn = n.childForFieldName('function');
    if (fn?.type !== 'attribute') return undefined;
    const method = fn.childForFieldName('attribute')?.text;
    const obj = fn.childForFieldName('object');
    if (method && obj && SAME_MODEL.has(method)) return modelOf(obj, scope, depth + 1, seen);
  }
  return undefined;
}

// A def or class node starts with one of these keywords (decorators belong to decorated_definition).
const DEF_OR_CLASS_AT = /(?:async|def|class)\b/y;

/**
 * The innermost function_definition below the nearest class_definition of a node, and that
 * class's model (a lambda does not stop the search). Walked down from the root with
 * childWithDescendant (one wasm call per level) rather than climbed with `.parent`, which walks
 * down from the root itself at every step; on a clean tree a level's type is asked only when its
 * source starts with def/class/async. (A span table of defs was measured slower for the index: the
 * wasm-side walk of the whole tree costs more than these few paths.)
 */
function enclosing(node: Node, classModels: Map<number, string>): { fn: Node | undefined; classModel: string | undefined } {
  const tree = node.tree;
  const clean = cleanTree(tree);
  const { text, offset } = treeSource(tree);
  let fn: Node | undefined;
  let cls: Node | undefined;
  let n: Node | null = tree.rootNode;
  for (;;) {
    n = n.childWithDescendant(node);
    if (!n) return enclosingByParents(node, classModels);
    if (n.id === node.id) break;
    if (clean) {
      DEF_OR_CLASS_AT.lastIndex = n.startIndex - offset;
      if (!DEF_OR_CLASS_AT.test(text)) continue;
    }
    const type = n.type;
    if (type === 'function_definition') fn = n;
    else if (type === 'class_definition') {
      cls = n;
      fn = undefined;
    }
  }
  return { fn, classModel: cls ? classModels.get(cls.id) : undefined };
}

function enclosingByParents(node: Node, classModels: Map<number, string>): { fn: Node | undefined; classModel: string | undefined } {
  let fn: Node | undefined;
  for (let p = node.parent; p; p = p.parent) {
    if (!fn && (p.type === 'function_definition' || p.type === 'lambda')) fn = p.type === 'function_definition' ? p : undefined;
    if (p.type === 'class_definition') return { fn, classModel: classModels.get(p.id) };
  }
  return { fn, classModel: undefined };
}

/** The leading field of an order spec ("date desc, partner_id.name, id") with its range. */
function orderUses(node: Node | undefined, push: (field: string, kind: QueryUseKind, range: QueryUse['range']) => void): void {
  const value = node ? stringValue(node) : undefined;
  if (!node || value === undefined) return;
  const content = stringContent(node);
  const exact = content && content.startPosition.row === content.endPosition.row && content.text === value;
  // Only the leading column: a single-column index cannot serve `ORDER BY a, b` on b.
  const part = value.split(',')[0];
  const lead = /^\s*/.exec(part)![0].length;
  const m = /^([A-Za-z_]\w*)/.exec(part.slice(lead));
  if (m && m[1] !== 'id') push(m[1], 'order', exact ? subRange(content!, lead, m[1].length) : rangeOf(node));
}

function groupbyUses(node: Node | undefined, push: (field: string, kind: QueryUseKind, range: QueryUse['range']) => void): void {
  if (!node) return;
  const n = unparen(node);
  const items = n.type === 'list' || n.type === 'tuple' ? n.namedChildren.filter((x): x is Node => !!x) : [n];
  for (const item of items) {
    const value = stringValue(item);
    const m = value !== undefined ? /^([A-Za-z_]\w*)/.exec(value) : null;
    if (!m || m[1] === 'id') continue;
    const content = stringContent(item);
    push(m[1], 'groupby', content && content.text.startsWith(m[1]) && content.startPosition.row === content.endPosition.row ? subRange(content, 0, m[1].length) : rangeOf(item));
  }
}

/** Memoised per tree (treeMemo.ts): OP201, OP202 and the index ask for the same file. Read-only. */
export function extractQueryUses(tree: Tree, file: string, addon: string | undefined, classModels: Map<number, string>): QueryUse[] {
  return perTree(tree, `queryUses\0${file}\0${addon ?? ''}\0${objectId(classModels)}`, () => computeQueryUses(tree, file, addon, classModels));
}

function computeQueryUses(tree: Tree, file: string, addon: string | undefined, classModels: Map<number, string>): QueryUse[] {
  const uses: QueryUse[] = [];
  const bindingCache = new Map<number, Bindings>();
  for (const { call, method } of searchCalls(tree)) {
    const receiver = call.childForFieldName('function')?.childForFieldName('object');
    if (!receiver) continue;
    const { fn, classModel } = enclosing(call, classModels);
    const bindings = (): Bindings => {
      if (!fn) return new Map();
      let b = bindingCache.get(fn.id);
      if (!b) bindingCache.set(fn.id, (b = collectBindings(fn)));
      return b;
    };
    const scope: Scope = { classModel, bindings };
    const model = modelOf(receiver, scope);
    if (!model) continue;
    const push = (field: string, kind: QueryUseKind, range: QueryUse['range'], operator?: string, andEq?: string[]) => {
      const use: QueryUse = { model, field, kind, file, range, addon };
      if (operator !== undefined) use.operator = operator;
      if (andEq) use.andEq = andEq;
      uses.push(use);
    };
    const { positional, keywords } = callArgs(call);
    const domain = keywords.get('domain') ?? positional[0];
    for (const leaf of domainLeaves(domain, bindings)) push(leaf.field, 'domain', leaf.range, leaf.operator, leaf.andEq);
    orderUses(keywords.get('order') ?? keywords.get('orderby'), push);
    if (method === 'read_group' || method === 'web_read_group') {
      groupbyUses(keywords.get('groupby') ?? positional[2], push);
    } else if (method === '_read_group' || method === 'formatted_read_group') {
      // 17+: _read_group(domain, groupby, aggregates); ≤16: _read_group(domain, fields, groupby).
      // Aggregate specs ('amount:sum') in the second argument mean the old signature.
      const second = positional[1];
      const oldApi = second && (stringList(second) ?? []).some((s) => AGGREGATES.test(s) || !/^[\w.:]+$/.test(s));
      groupbyUses(keywords.get('groupby') ?? (oldApi ? positional[2] : second), push);
    }
  }
  return uses;
}

/** `_order = "a desc, b"` of each class as query uses of its model. */
export function extractOrderUses(tree: Tree, file: string, addon: string | undefined, classModels: Map<number, string>): QueryUse[] {
  return perTree(tree, `orderUses\0${file}\0${addon ?? ''}\0${objectId(classModels)}`, () => computeOrderUses(tree, file, addon, classModels));
}

function computeOrderUses(tree: Tree, file: string, addon: string | undefined, classModels: Map<number, string>): QueryUse[] {
  const uses: QueryUse[] = [];
  for (const stmt of tree.rootNode.namedChildren) {
    const cls = stmt?.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
    if (cls?.type !== 'class_definition') continue;
    const model = classModels.get(cls.id);
    if (!model) continue;
    const body = cls.childForFieldName('body');
    // The body's statements as the model extractor read them (pyast.classBody, memoised per tree).
    for (const e of body ? classBody(body).entries : []) {
      if (e.kind !== 'assign' || e.name !== '_order') continue;
      orderUses(e.right, (field, kind, range) => uses.push({ model, field, kind, file, range, addon }));
    }
  }
  return uses;
}

/**
 * The model of a call's receiver (`self.env['x'].create(...)`, `self.create(...)`, a local bound to
 * one), resolved as for search domains, with the function the call sits in. For other fact
 * extractors (createdModels.ts); `bindingCache` is shared across the calls of one tree.
 */
export function receiverModel(call: Node, classModels: Map<number, string>, bindingCache: Map<number, Bindings>): { model: string | undefined; fn: Node | undefined } {
  const receiver = call.childForFieldName('function')?.childForFieldName('object');
  const { fn, classModel } = enclosing(call, classModels);
  if (!receiver) return { model: undefined, fn };
  const bindings = (): Bindings => {
    if (!fn) return new Map();
    let b = bindingCache.get(fn.id);
    if (!b) bindingCache.set(fn.id, (b = collectBindings(fn)));
    return b;
  };
  return { model: modelOf(receiver, { classModel, bindings }), fn };
}
