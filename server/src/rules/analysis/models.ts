// Which Odoo model an ORM expression belongs to, as far as the file shows: `self` in a class with
// `_name`/`_inherit`, `self.env['x.y']`, a name assigned from one of those, a loop variable over
// one, a recordset method chain (`sudo()`, `search()`, `filtered()` ...) and, with the workspace
// model, a relational field (`rec.line_ids` -> its comodel). Undefined when not statically known:
// rules that need the model (same-model flush, stored-field checks) then stay quiet.
import type { Node } from '../../parse/parser';
import type { WorkspaceModel } from '../../odoo/workspace';
import type { FileAnalysis } from './index';
import { isModelClass, modelAttributes } from './orm';
import { calleeName, callReceiver, enclosingClass, enclosingFunction, positionalArgs, unparen } from './syntax';

/** Recordset methods whose result holds records of the receiver's model. */
const SAME_MODEL = new Set([
  'sudo', 'with_context', 'with_company', 'with_user', 'with_env', 'with_prefetch', 'browse', 'search',
  'search_fetch', 'filtered', 'filtered_domain', 'sorted', 'exists', 'create', 'copy', 'new', 'ensure_one',
  '_origin',
]);

function stringValue(n: Node | undefined | null): string | undefined {
  if (!n) return undefined;
  const u = unparen(n);
  if (u.type !== 'string') return undefined;
  const m = /^[rbuRBU]?(['"])(.*)\1$/s.exec(u.text);
  return m ? m[2] : undefined;
}

// Asked for every `self` the rules resolve: reading the class body each time made a 5,000-line
// model class quadratic (2.8 s to lint). One answer per class node of a (never mutated) tree.
const classModelCache = new WeakMap<object, Map<number, string | undefined>>();

/** The model a class defines or extends: `_name`, else a single `_inherit`. */
export function classModelName(cls: Node): string | undefined {
  let byId = classModelCache.get(cls.tree);
  if (!byId) classModelCache.set(cls.tree, (byId = new Map()));
  if (byId.has(cls.id)) return byId.get(cls.id);
  const model = readClassModelName(cls);
  byId.set(cls.id, model);
  return model;
}

function readClassModelName(cls: Node): string | undefined {
  if (!isModelClass(cls)) return undefined;
  let name: string | undefined;
  let inherit: string | undefined;
  for (const { left, right } of modelAttributes(cls)) {
    if (!right) continue;
    if (left === '_name') name = stringValue(right);
    if (left === '_inherit') {
      const r = unparen(right);
      if (r.type === 'string') inherit = stringValue(r);
      else if ((r.type === 'list' || r.type === 'tuple') && r.namedChildren.length === 1) inherit = stringValue(r.namedChildren[0]);
    }
  }
  return name ?? inherit;
}

export class ModelResolver {
  private active = new Set<number>();
  constructor(readonly a: FileAnalysis, readonly workspace?: WorkspaceModel) {}

  modelOf(node: Node, depth = 0): string | undefined {
    const n = unparen(node);
    if (depth > 8 || this.active.has(n.id)) return undefined;
    this.active.add(n.id);
    try {
      return this.compute(n, depth);
    } finally {
      this.active.delete(n.id);
    }
  }

  private compute(n: Node, depth: number): string | undefined {
    switch (n.type) {
      case 'identifier':
        return this.identifier(n, depth);
      case 'subscript': {
        const value = n.childForFieldName('value');
        if (!value) return undefined;
        if (this.a.orm.kind(value) === 'env') return stringValue(n.childForFieldName('subscript'));
        return this.a.orm.kind(value) === 'records' ? this.modelOf(value, depth + 1) : undefined;
      }
      case 'call': {
        const name = calleeName(n) ?? '';
        const recv = callReceiver(n);
        if (recv && SAME_MODEL.has(name) && this.a.orm.isOrm(recv)) return this.modelOf(recv, depth + 1);
        return undefined;
      }
      case 'attribute': {
        const obj = n.childForFieldName('object');
        const attr = n.childForFieldName('attribute')?.text ?? '';
        if (!obj || !this.workspace || this.a.orm.kind(obj) !== 'records') return undefined;
        const owner = this.modelOf(obj, depth + 1);
        if (!owner) return undefined;
        const defs = this.workspace.field(owner, attr);
        const comodels = new Set(defs.map((f) => f.comodel).filter((c): c is string => !!c));
        return comodels.size === 1 ? [...comodels][0] : undefined;
      }
      default:
        return undefined;
    }
  }

  private identifier(n: Node, depth: number): string | undefined {
    const bindings = this.a.scopes.lookup(n);
    if (n.text === 'self' && (!bindings.length || bindings.every((b) => b.kind === 'param' && b.index === 0))) {
      let fn = enclosingFunction(n);
      while (fn && fn.type === 'lambda') fn = enclosingFunction(fn);
      const cls = fn && enclosingClass(fn);
      return cls ? classModelName(cls) : undefined;
    }
    const found = new Set<string | undefined>();
    for (const b of bindings) {
      if (b.kind === 'assign' && !b.augmented) found.add(this.modelOf(b.value, depth + 1));
      else if (b.kind === 'loop') {
        const it = unparen(b.iterable);
        if (b.whole) found.add(this.modelOf(it, depth + 1));
        else found.add(this.elementModel(it, b.target, b.node, depth));
      } else if (b.kind === 'param' && b.fn.type === 'lambda' && b.index === 0) {
        // recs.filtered(lambda r: ...): r is a record of recs
        const call = b.fn.parent?.type === 'argument_list' ? b.fn.parent.parent : b.fn.parent?.parent?.parent;
        const recv = call?.type === 'call' ? callReceiver(call) : undefined;
        found.add(recv ? this.modelOf(recv, depth + 1) : undefined);
      } else found.add(undefined);
    }
    return found.size === 1 ? [...found][0] : undefined;
  }

  /** `for i, rec in enumerate(recs)` / `for rec, v in zip(recs, vals)`: the model of rec. */
  private elementModel(it: Node, target: Node, name: Node, depth: number): string | undefined {
    if (it.type !== 'call' || callReceiver(it)) return undefined;
    const fn = calleeName(it);
    const t = unparen(target);
    const idx = t.namedChildren.findIndex((c) => c?.id === name.id);
    const args = positionalArgs(it);
    if (fn === 'enumerate' && idx === 1 && args[0]) return this.modelOf(args[0], depth + 1);
    if (fn === 'zip' && idx >= 0 && args[idx]) return this.modelOf(args[idx]!, depth + 1);
    return undefined;
  }
}

const cache = new WeakMap<FileAnalysis, ModelResolver>();

/** One resolver per file analysis (and workspace), shared by the rules checking that file. */
export function modelsFor(a: FileAnalysis, workspace?: WorkspaceModel): ModelResolver {
  let r = cache.get(a);
  if (!r || r.workspace !== workspace) {
    r = new ModelResolver(a, workspace);
    cache.set(a, r);
  }
  return r;
}
