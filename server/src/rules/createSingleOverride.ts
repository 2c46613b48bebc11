// OP112 create-single-override: `def create(self, vals)` in a model, under `@api.model` or with no
// decorator. Since Odoo 12 `create` takes a list of dicts (`@api.model_create_multi`); an override
// that takes one dict is wrapped so that a batch `create(vals_list)` calls it once per dict, so
// every super().create() below it runs with one record: one INSERT per record (measured on Odoo
// 18: 1010 queries for 1000 records instead of 20), and every stored compute recomputed per record.
// Odoo logs a deprecation warning for the `@api.model` form (17+).
import type { Node } from '../parse/parser';
import { nodesOfType } from '../odoo/treeMemo';
import { classModelName } from './analysis/models';
import { isModelClass } from './analysis/orm';
import type { Rule, RuleContext } from './types';

function decoratorNames(def: Node): string[] {
  const wrapper = def.parent?.type === 'decorated_definition' ? def.parent : undefined;
  if (!wrapper) return [];
  return wrapper.namedChildren
    .filter((c): c is Node => c?.type === 'decorator')
    .map((d) => {
      const e = d.namedChildren[0];
      const callee = e?.type === 'call' ? e.childForFieldName('function') : e;
      return callee?.text.replace(/\s+/g, '') ?? '';
    });
}

/** Positional parameter names after self. */
function params(def: Node): Node[] {
  const p = def.childForFieldName('parameters');
  return (p?.namedChildren ?? []).filter((c): c is Node => !!c && c.type !== 'comment');
}

const DICT_METHODS = new Set(['get', 'update', 'setdefault', 'pop', 'keys', 'items', 'copy']);

/** The body reads `vals` as one dict: vals.get(...), vals['x'], 'x' in vals. */
function usesAsDict(def: Node, vals: string): boolean {
  const body = def.childForFieldName('body');
  for (const id of body?.descendantsOfType('identifier') ?? []) {
    if (!id || id.text !== vals) continue;
    const p = id.parent;
    if (p?.type === 'attribute' && p.childForFieldName('object')?.id === id.id && DICT_METHODS.has(p.childForFieldName('attribute')?.text ?? '')) return true;
    if (p?.type === 'subscript' && p.childForFieldName('value')?.id === id.id && p.childForFieldName('subscript')?.type === 'string') return true;
    if (p?.type === 'comparison_operator' && /\bin\b/.test(p.text) && p.namedChildren[1]?.id === id.id && p.namedChildren[0]?.type === 'string') return true;
  }
  return false;
}

const TRANSIENT_BASE = /^(models\.)?TransientModel$/;

/**
 * A wizard (TransientModel): the client creates it one record per click (a form's save), and
 * nothing creates wizards in batches, so an override taking one dict loses nothing. Known from the
 * class's own base, or from the workspace's model (an `_inherit` extension of a wizard), as OP201
 * and OP202 tell a table-less or transient model apart.
 */
function isTransient(ctx: RuleContext, cls: Node): boolean {
  const bases = cls.childForFieldName('superclasses');
  if (bases?.namedChildren.some((b) => !!b && TRANSIENT_BASE.test(b.text))) return true;
  const model = classModelName(cls);
  return !!model && ctx.workspace.model(model)?.kind === 'TransientModel';
}

function checkClass(ctx: RuleContext, cls: Node): void {
  if (!isModelClass(cls) || isTransient(ctx, cls)) return;
  const body = cls.childForFieldName('body');
  for (const stmt of body?.namedChildren ?? []) {
    const def = stmt?.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
    if (def?.type !== 'function_definition' || def.childForFieldName('name')?.text !== 'create') continue;
    const ps = params(def);
    // (self, vals) exactly: `vals_list`, `*args`, or extra parameters are something else.
    if (ps.length !== 2 || ps[0]!.type !== 'identifier' || ps[1]!.type !== 'identifier') continue;
    const vals = ps[1]!.text;
    if (/list|multi|s_list/i.test(vals)) continue;
    const decos = decoratorNames(def);
    if (decos.some((d) => /model_create_multi$|model_create_single$/.test(d))) continue;
    const apiModel = decos.some((d) => d === 'api.model' || d === 'model');
    // Other decorators (api.returns, a custom wrapper): we cannot say what the method receives.
    if (!apiModel && decos.length) continue;
    // Undecorated, the override receives whatever the caller passed (a list, from a batch): it
    // only breaks when it treats vals as one dict.
    if (!apiModel && !usesAsDict(def, vals)) continue;
    const how = apiModel ? 'under @api.model' : 'without @api.model_create_multi';
    const consequence = apiModel
      ? 'a batch create([...]) calls it once per dict, so the INSERTs below it run one record at a time (measured: 1010 queries for 1000 records instead of 20) and Odoo logs a deprecation warning'
      : `a batch create([...]) hands it the whole list, on which its dict handling of ${vals} fails, so callers can only create one record per call (one INSERT each)`;
    ctx.report(def.childForFieldName('name') ?? def,
      `create(self, ${vals}) ${how}: ${consequence}. Override it as @api.model_create_multi def create(self, vals_list) and loop over vals_list before a single super().create(vals_list).`);
  }
}

export const createSingleOverride: Rule = {
  meta: {
    code: 'OP112',
    name: 'create-single-override',
    defaultSeverity: 'warning',
    summary: 'create(self, vals) override without @api.model_create_multi: batch creates degrade to one INSERT per record.',
  },
  check(ctx) {
    if (!ctx.source.includes('def create')) return;
    // model_create_multi exists since Odoo 12; older code has no batch create to lose.
    if (ctx.odooVersion !== undefined && ctx.odooVersion < 12) return;
    for (const cls of nodesOfType<Node>(ctx.tree, 'class_definition')) if (cls) checkClass(ctx, cls);
  },
};
