// What an expression is, as far as the ORM is concerned: an Environment, a recordset (a model
// like `self.env['x']` is an empty recordset of that model), something known not to be ORM
// (a string, a regex, a dict), or unknown. Rules only report on what is known to be ORM, so
// `re.search(...)`, `pattern.search(s)` or `obj.search(...)` on an unknown parameter stay quiet.
import type { Node } from '../../parse/parser';
import { lowerBound, nodesOfType, perTree } from '../../odoo/treeMemo';
import { startsWithText } from './source';
import { callbackIterable } from './callbacks';
import type { Binding, Scopes } from './scopes';
import { callArgs, calleeName, callReceiver, enclosingClass, enclosingFunction, positionalArgs, unparen } from './syntax';

export type OrmKind = 'env' | 'records' | 'other' | 'unknown';

export const isOrm = (k: OrmKind) => k === 'env' || k === 'records';

/** Methods of a recordset/model that return a recordset (so `x.sudo().search(...)` is ORM). */
const RECORDSET_METHODS = new Set([
  'sudo', 'with_context', 'with_company', 'with_user', 'with_env', 'with_prefetch',
  'browse', 'search', 'search_fetch', 'filtered', 'filtered_domain', 'sorted', 'exists', 'create',
  'copy', 'new', 'ensure_one', 'concat', 'union', '_origin', 'grouped',
]);

/** Environment attributes that are records. */
const ENV_RECORDS = new Set(['user', 'company', 'companies']);

/** Environment attributes that are plain values. */
const ENV_VALUES = new Set(['cr', 'uid', 'context', 'su', 'lang', 'registry']);

/** Record attributes that are never records themselves (no query, no recordset). */
const PLAIN_RECORD_ATTRS = new Set(['id', 'ids', '_ids', '_name', '_description', '_context', '_cr', '_uid', 'pool', '_fields', '_table', 'display_name', 'name']);

/**
 * Core x2many fields whose name does not follow the `_ids` convention. Without the workspace
 * model, names ending in `_ids` (x2many) or `_id` (many2one, and a few many2many like
 * sale.order.line.tax_id) are taken as relational.
 */
const X2MANY_NAMES = new Set(['order_line', 'move_lines', 'website_order_line', 'child_of', 'taxes_id', 'supplier_taxes_id']);

export function looksRelational(field: string): boolean {
  return field.endsWith('_ids') || field.endsWith('_id') || X2MANY_NAMES.has(field) || field === '_origin';
}

const MODEL_BASES = /^(models\.)?(Model|TransientModel|AbstractModel)$/;

/** True when the class is an Odoo model: a models.* base or an `_name` / `_inherit` attribute. */
export function isModelClass(cls: Node): boolean {
  // Asked for every `self` the rules resolve: one answer per class node of a (never mutated) tree.
  const byId = perTree(cls.tree, 'isModelClass', () => new Map<number, boolean>());
  let is = byId.get(cls.id);
  if (is === undefined) {
    const bases = cls.childForFieldName('superclasses');
    is = !!bases?.namedChildren.some((b) => !!b && MODEL_BASES.test(b.text)) || modelAttributes(cls).length > 0;
    byId.set(cls.id, is);
  }
  return is;
}

/**
 * The `_name = ...` / `_inherit = ...` statements of a class body, in order. Read from the file's
 * assignment list, looking at the source at each start, rather than reading every statement of the
 * body through wasm (a 300-statement model class made that ~0.3 ms per class).
 */
export function modelAttributes(cls: Node): { left: string; right: Node | null }[] {
  const body = cls.childForFieldName('body');
  if (!body) return [];
  const out: { left: string; right: Node | null }[] = [];
  const assignments = nodesOfType<Node>(cls.tree, 'assignment');
  const end = body.endIndex;
  for (let i = lowerBound(assignments, body.startIndex); i < assignments.length && assignments[i].startIndex < end; i++) {
    const a = assignments[i];
    if (!startsWithText(a, '_name') && !startsWithText(a, '_inherit')) continue;
    // a statement of the body itself: the first child of an expression_statement of the block
    const stmt = a.parent;
    if (stmt?.type !== 'expression_statement' || stmt.startIndex !== a.startIndex || stmt.parent?.id !== body.id) continue;
    const left = a.childForFieldName('left')?.text;
    if (left === '_name' || left === '_inherit') out.push({ left, right: a.childForFieldName('right') });
  }
  return out;
}

/** The def that `self` refers to, when `node` is inside a method (lambdas see the method's self). */
export function enclosingMethod(node: Node): Node | undefined {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    if (fn.type !== 'function_definition') continue;
    return isClassMember(fn) ? fn : undefined;
  }
  return undefined;
}

/** A def directly in a class body (maybe decorated). Once per def: asked for every `self`. */
function isClassMember(fn: Node): boolean {
  const byId = perTree(fn.tree, 'isClassMember', () => new Map<number, boolean>());
  let member = byId.get(fn.id);
  if (member === undefined) {
    const parent = fn.parent?.type === 'decorated_definition' ? fn.parent.parent : fn.parent;
    member = parent?.type === 'block' && parent.parent?.type === 'class_definition';
    byId.set(fn.id, member);
  }
  return member;
}

/** `self` inside a method of an Odoo model class. */
export function isModelSelf(node: Node): boolean {
  const m = enclosingMethod(node);
  const cls = m && enclosingClass(m);
  return !!cls && isModelClass(cls);
}

function isFalsyLiteral(n: Node): boolean {
  const u = unparen(n);
  return ['none', 'false'].includes(u.type) || (['list', 'tuple', 'dictionary'].includes(u.type) && u.namedChildren.length === 0);
}

/** Classifies expressions; keeps a memo and a recursion guard per instance (one per file check). */
export class OrmAnalysis {
  private memo = new Map<number, OrmKind>();
  private active = new Set<number>();
  constructor(readonly scopes: Scopes) {}

  /** Answers by the id of the node asked about (before unparen): a repeated question then reads
   * nothing through wasm (unparen reads the type). An answer in `memo` never changes once set. */
  private asked = new Map<number, OrmKind>();

  kind(node: Node): OrmKind {
    const known = this.asked.get(node.id);
    if (known) return known;
    const n = unparen(node);
    const hit = this.memo.get(n.id);
    if (hit) {
      this.asked.set(node.id, hit);
      return hit;
    }
    if (this.active.has(n.id)) return 'unknown';
    this.active.add(n.id);
    let k: OrmKind;
    try {
      k = this.compute(n);
    } finally {
      this.active.delete(n.id);
    }
    this.memo.set(n.id, k);
    this.asked.set(node.id, k);
    return k;
  }

  isOrm(node: Node): boolean {
    return isOrm(this.kind(node));
  }

  private compute(n: Node): OrmKind {
    switch (n.type) {
      case 'identifier':
        return this.identifier(n);
      case 'attribute':
        return this.attribute(n);
      case 'subscript': {
        const value = n.childForFieldName('value');
        const vk = value ? this.kind(value) : 'unknown';
        if (vk === 'env') return 'records'; // env['model']
        if (vk === 'records') return 'records'; // recs[0], recs[:10]
        return vk === 'other' ? 'other' : 'unknown';
      }
      case 'call':
        return this.call(n);
      case 'binary_operator': {
        // recs | other, recs - other, recs & other, recs + other
        const l = n.childForFieldName('left');
        const r = n.childForFieldName('right');
        if ((l && this.kind(l) === 'records') || (r && this.kind(r) === 'records')) return 'records';
        return 'unknown';
      }
      case 'boolean_operator': {
        // `rec.partner_id or self.env.user.partner_id`
        const l = n.childForFieldName('left');
        const r = n.childForFieldName('right');
        const kinds = [l, r].filter((x): x is Node => !!x).map((x) => this.kind(x));
        return kinds.find(isOrm) ?? (kinds.every((k) => k === 'other') ? 'other' : 'unknown');
      }
      case 'conditional_expression': {
        const parts = n.namedChildren.filter((x): x is Node => !!x);
        const kinds = [parts[0], parts[2]].filter((x): x is Node => !!x).map((x) => this.kind(x));
        return kinds.find(isOrm) ?? 'unknown';
      }
      case 'string': case 'concatenated_string': case 'integer': case 'float': case 'true': case 'false': case 'none':
      case 'list': case 'tuple': case 'dictionary': case 'set': case 'list_comprehension': case 'dictionary_comprehension':
      case 'set_comprehension': case 'generator_expression': case 'comparison_operator': case 'not_operator': case 'lambda':
        return 'other';
      default:
        return 'unknown';
    }
  }

  private identifier(n: Node): OrmKind {
    const bindings = this.scopes.lookup(n);
    if (n.text === 'self' && (!bindings.length || bindings.every((b) => b.kind === 'param' && b.index === 0))) {
      return isModelSelf(n) ? 'records' : 'other';
    }
    if (!bindings.length) return n.text === 'request' ? 'other' : 'unknown';
    // `codes = codes.search(...)`, `lines |= ...`: a value derived from the name itself keeps
    // whatever the other bindings make it, so it is left out of the vote.
    const own = bindings.filter((b) => !derivedFromItself(b));
    const voters = own.length ? own : bindings;
    const kinds = voters.map((b) => this.binding(b));
    const orm = kinds.find(isOrm);
    // `partner = False` then `partner = Partner.search(...)`: the falsy start does not count.
    if (orm && kinds.every((k, i) => isOrm(k) || isFalsyBinding(voters[i]!))) return orm;
    if (kinds.every((k) => k === 'other')) return 'other';
    return 'unknown';
  }

  private binding(b: Binding): OrmKind {
    switch (b.kind) {
      case 'param':
        // Odoo hooks and scripts name their Environment `env` (post_init_hook(env), migrate scripts).
        if (b.name === 'env') return 'env';
        if (b.name === 'self' && b.index === 0 && isModelSelf(b.node)) return 'records';
        // recs.filtered(lambda r: ...): r is a record of recs
        if (b.fn.type === 'lambda' && b.index === 0) {
          const it = callbackIterable(b.fn);
          if (it && this.kind(it) === 'records') return 'records';
        }
        return 'unknown';
      case 'assign':
        if (b.augmented) return this.kind(b.value) === 'records' ? 'records' : 'unknown';
        return this.kind(b.value);
      case 'loop':
        return this.elementKind(b);
      case 'unpack':
        return 'unknown';
      default:
        // imports, def/class names, with-as and except-as targets are never recordsets
        return 'other';
    }
  }

  /** The kind of a loop variable: iterating a recordset yields records. */
  private elementKind(b: Extract<Binding, { kind: 'loop' }>): OrmKind {
    const it = unparen(b.iterable);
    if (b.whole) return this.kind(it) === 'records' ? 'records' : 'unknown';
    // for i, rec in enumerate(recs)
    if (it.type === 'call' && calleeName(it) === 'enumerate' && !callReceiver(it)) {
      const t = unparen(b.target);
      const second = t.namedChildren[1];
      const src = positionalArgs(it)[0];
      if (second && src && second.id === b.node.id && this.kind(src) === 'records') return 'records';
    }
    // for rec, vals in zip(recs, vals_list): the element at the position of a recordset argument
    if (it.type === 'call' && calleeName(it) === 'zip' && !callReceiver(it)) {
      const t = unparen(b.target);
      const idx = t.namedChildren.findIndex((c) => c?.id === b.node.id);
      const src = positionalArgs(it)[idx];
      if (idx >= 0 && src && this.kind(src) === 'records') return 'records';
    }
    return 'unknown';
  }

  private attribute(n: Node): OrmKind {
    const obj = n.childForFieldName('object');
    const attr = n.childForFieldName('attribute')?.text ?? '';
    if (!obj) return 'unknown';
    const o = unparen(obj);
    if (attr === 'env') {
      // self.env in any class (tests, wizards, components), request.env, record.env
      if (o.type === 'identifier' && (o.text === 'self' || o.text === 'request')) return 'env';
      const ok = this.kind(o);
      return ok === 'other' ? 'other' : 'env';
    }
    const ok = this.kind(o);
    if (ok === 'env') {
      if (ENV_RECORDS.has(attr)) return 'records';
      if (ENV_VALUES.has(attr)) return 'other';
      return 'unknown';
    }
    if (ok === 'records') {
      if (PLAIN_RECORD_ATTRS.has(attr)) return 'other';
      if (looksRelational(attr)) return 'records';
      return 'unknown';
    }
    return ok === 'other' ? 'other' : 'unknown';
  }

  private call(n: Node): OrmKind {
    const name = calleeName(n) ?? '';
    const recv = callReceiver(n);
    if (!recv) {
      if (name === 'Environment') return 'env';
      if (['str', 'int', 'float', 'dict', 'list', 'set', 'tuple', 'len', 'sorted', 'range', 'enumerate', 'zip', 'repr', 'bool'].includes(name)) return 'other';
      return 'unknown';
    }
    const r = unparen(recv);
    if (name === 'Environment' && r.text === 'api') return 'env';
    if (r.type === 'identifier' && ['re', 'json', 'os', 'datetime', 'time', 'base64', 'logging', '_logger'].includes(r.text) && !this.scopes.lookup(r).some((b) => b.kind !== 'other')) {
      return 'other';
    }
    const rk = this.kind(r);
    if (rk === 'env') {
      if (name === 'ref') return 'records';
      return 'unknown';
    }
    if (rk === 'records') {
      if (RECORDSET_METHODS.has(name)) return 'records';
      if (name === 'mapped') {
        const arg = positionalArgs(n)[0];
        const path = arg?.type === 'string' ? arg.text.slice(1, -1).split('.').pop() ?? '' : '';
        return looksRelational(path.replace(/['"]/g, '')) ? 'records' : 'unknown';
      }
      return 'unknown';
    }
    return rk === 'other' ? 'unknown' : 'unknown';
  }
}

/** Root name of a chain: `codes` for `codes.sudo().search(...)[0]`. */
export function chainRoot(node: Node): Node | undefined {
  let n = unparen(node);
  for (;;) {
    if (n.type === 'identifier') return n;
    const next = n.type === 'call' ? n.childForFieldName('function') : n.type === 'attribute' ? n.childForFieldName('object') : n.type === 'subscript' ? n.childForFieldName('value') : null;
    if (!next) return undefined;
    n = unparen(next);
  }
}

function derivedFromItself(b: Binding): boolean {
  if (b.kind !== 'assign') return false;
  if (b.augmented) return true;
  const root = chainRoot(b.value);
  return !!root && root.text === b.name;
}

function isFalsyBinding(b: Binding): boolean {
  return b.kind === 'assign' && !b.augmented && isFalsyLiteral(b.value);
}

/** Arguments helper re-exported for rules that inspect ORM calls. */
export { callArgs };
