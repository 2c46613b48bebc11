// OP107 aggregate-in-compute: `for rec in self: rec.total = sum(rec.line_ids.mapped('amount'))`
// (or `len(rec.line_ids)`, `sum(l.amount for l in rec.line_ids)`) in a compute method.
// Measured on Odoo 18 (reference/query-costs-odoo18.json): NOT an N+1 — prefetch reads the lines
// of all N records together, 2 queries for 100 records and 4 for 1000. What it costs is memory
// and time: every line is loaded into the cache. `_read_group` grouped by the inverse field is 1
// query and loads no line. A refactor offered as a hint, never an alarm; and it must not be
// applied where the compute also runs on unsaved records (onchange): _read_group reads the
// database, not the form's pending lines.
import type { Node, Tree } from '../parse/parser';
import { lowerBound, nodesOfType } from '../odoo/treeMemo';
import { withKey } from './analysis/lookup';
import { analysisFor, type FileAnalysis } from './analysis/index';
import { looksRelational } from './analysis/orm';
import { modelsFor } from './analysis/models';
import { calleeName, callArgs, callReceiver, enclosingFunction, positionalArgs, sameNode, shortText, unparen } from './analysis/syntax';
import type { Rule, RuleContext } from './types';

interface Aggregate { kind: 'sum' | 'count'; x2many: Node; field?: string }

/** `rec.line_ids` with rec the loop variable, and a name that is (or looks) x2many. */
function x2manyOf(n: Node, rec: string, ctx: RuleContext, model: string | undefined): boolean {
  const u = unparen(n);
  if (u.type !== 'attribute') return false;
  const obj = u.childForFieldName('object');
  const name = u.childForFieldName('attribute')?.text ?? '';
  if (obj?.type !== 'identifier' || obj.text !== rec) return false;
  const defs = model ? ctx.workspace.field(model, name) : [];
  if (defs.length) return defs.every((f) => f.type === 'One2many' || f.type === 'Many2many');
  return looksRelational(name) && !name.endsWith('_id');
}

function aggregateOf(call: Node, rec: string, ctx: RuleContext, model: string | undefined): Aggregate | undefined {
  const name = calleeName(call);
  if (callReceiver(call) || (name !== 'sum' && name !== 'len')) return undefined;
  // `sum(x for x in xs)`: the generator is the whole argument list in tree-sitter-python
  const raw = call.childForFieldName('arguments');
  const args = raw?.type === 'generator_expression' ? [raw] : callArgs(call);
  if (args.length !== 1) return undefined;
  const arg = unparen(args[0]!);
  if (name === 'len') return x2manyOf(arg, rec, ctx, model) ? { kind: 'count', x2many: arg } : undefined;
  // sum(rec.line_ids.mapped('amount'))
  if (arg.type === 'call' && calleeName(arg) === 'mapped') {
    const r = callReceiver(arg);
    const f = positionalArgs(arg)[0];
    if (r && f?.type === 'string' && /^['"]\w+['"]$/.test(f.text) && x2manyOf(r, rec, ctx, model)) return { kind: 'sum', x2many: r, field: f.text.slice(1, -1) };
  }
  // sum(line.amount for line in rec.line_ids)
  if (arg.type === 'generator_expression') {
    const clauses = arg.namedChildren.filter((c) => c?.type === 'for_in_clause');
    const body = arg.childForFieldName('body');
    if (clauses.length !== 1 || arg.namedChildren.some((c) => c?.type === 'if_clause') || !body) return undefined;
    const v = clauses[0]!.childForFieldName('left');
    const it = clauses[0]!.childForFieldName('right');
    const b = unparen(body);
    if (v?.type !== 'identifier' || !it || b.type !== 'attribute' || b.childForFieldName('object')?.text !== v.text) return undefined;
    if (x2manyOf(it, rec, ctx, model)) return { kind: 'sum', x2many: unparen(it), field: b.childForFieldName('attribute')!.text };
  }
  return undefined;
}

function isCompute(fn: Node, ctx: RuleContext, model: string | undefined): boolean {
  const name = fn.childForFieldName('name')?.text ?? '';
  if (name.startsWith('_compute_')) return true;
  // Fields grouped by compute method once per fields list (the workspace's answer is shared and
  // stays the same object while the workspace does): a scan of every field of the model per loop
  // over self was ~40 ms on the benchmark.
  return !!model && withKey(ctx.workspace.fieldsOfModel(model), 'compute', (f) => f.compute, name).length > 0;
}

function advice(agg: Aggregate, inverse: string, comodel: string, version: number | undefined): string {
  const spec = agg.kind === 'count' ? '__count' : `${agg.field}:sum`;
  if (version !== undefined && version < 17) {
    const fields = agg.kind === 'count' ? `['${inverse}']` : `['${agg.field}:sum']`;
    return `self.env['${comodel}'].read_group([('${inverse}', 'in', self.ids)], ${fields}, ['${inverse}'], lazy=False)`;
  }
  // the tuple API of _read_group is Odoo 17+: say so when the addon's version is unknown
  const gate = version === undefined ? ' (Odoo 17+)' : '';
  return `self.env['${comodel}']._read_group([('${inverse}', 'in', self.ids)], ['${inverse}'], ['${spec}'])${gate}`;
}

function check(ctx: RuleContext, a: FileAnalysis, loop: Node) {
  const it = loop.childForFieldName('right');
  const target = loop.childForFieldName('left');
  if (!it || unparen(it).text !== 'self' || target?.type !== 'identifier') return;
  const fn = enclosingFunction(loop);
  if (!fn || fn.type !== 'function_definition') return;
  const models = modelsFor(a, ctx.workspace);
  const model = models.modelOf(unparen(it));
  if (a.orm.kind(unparen(it)) !== 'records' || !isCompute(fn, ctx, model)) return;
  const rec = target.text;
  const body = loop.childForFieldName('body');
  if (!body) return;
  for (const asg of nodesIn(ctx.tree, 'assignment', body)) {
    const left = asg.childForFieldName('left');
    const right = asg.childForFieldName('right');
    if (left?.type !== 'attribute' || left.childForFieldName('object')?.text !== rec || !right) continue;
    if (!sameNode(enclosingFunction(asg), fn)) continue;
    // Only a sum() or len() call can be an aggregate: most right sides have none (their text is
    // one wasm call, where listing their calls walks them).
    const text = right.text;
    if (!text.includes('sum') && !text.includes('len')) continue;
    const calls = [unparen(right), ...nodesIn(ctx.tree, 'call', right)].filter((c) => c.type === 'call');
    for (const call of calls) {
      const agg = aggregateOf(call, rec, ctx, model);
      if (!agg) continue;
      const x2 = agg.x2many.childForFieldName('attribute')!.text;
      const def = model ? ctx.workspace.field(model, x2)[0] : undefined;
      // a computed non-stored x2many has no rows to group in the database
      if (def && !def.stored) continue;
      // a non-stored summed field cannot be aggregated by the database
      if (agg.field && def?.comodel && ctx.workspace.field(def.comodel, agg.field).some((f) => !f.stored)) continue;
      const comodel = def?.comodel ?? '<line model>';
      const inverse = def?.type === 'One2many' && def.inverseName ? def.inverseName : '<inverse field>';
      ctx.report(
        call,
        `${shortText(call, 50)} in a compute: not an N+1 (prefetch loads the lines of all records at once: measured 2 queries ` +
          'for 100 records, 4 for 1000), but it loads every line into memory. One ' +
          `${advice(agg, inverse, comodel, ctx.odooVersion)} is 1 query and loads no line (not for computes that must see unsaved lines in a form).`,
      );
      break;
    }
  }
}

/** The nodes of `type` inside `outer` (not `outer` itself), in pre-order: the same nodes as
 * `outer.descendantsOfType(type)` minus `outer`, from the shared per-tree list (no wasm walk). */
function nodesIn(tree: Tree, type: 'assignment' | 'call', outer: Node): Node[] {
  const list = nodesOfType<Node>(tree, type);
  const end = outer.endIndex;
  const out: Node[] = [];
  for (let i = lowerBound(list, outer.startIndex); i < list.length && list[i].startIndex < end; i++) {
    if (list[i].id !== outer.id) out.push(list[i]);
  }
  return out;
}

export const aggregateInCompute: Rule = {
  meta: {
    code: 'OP107',
    name: 'aggregate-in-compute',
    defaultSeverity: 'hint',
    summary: 'sum()/len() over an x2many per record in a compute: not an N+1, but one _read_group avoids loading the lines.',
  },
  check(ctx) {
    const a = analysisFor(ctx.tree);
    for (const loop of nodesOfType<Node>(ctx.tree, 'for_statement')) if (loop) check(ctx, a, loop);
  },
};
