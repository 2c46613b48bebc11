// OP109 filter-after-search: `Model.search(d).filtered(lambda r: r.state == 'done')` on a stored
// field. The search returns (and the filter then reads, 1 more query per 1000 records) every row
// of `d`, and Python throws most of them away; the same condition in the domain lets PostgreSQL
// filter (and use an index): one query returning only the wanted rows. Bounded cost, so information.
// Only reported when every field of the condition is known (workspace model) to be stored: a
// non-stored computed field cannot go into a domain without a search method.
import type { Node } from '../parse/parser';
import type { WorkspaceModel } from '../odoo/workspace';
import { analysisFor, type FileAnalysis } from './analysis/index';
import { paramPath } from './analysis/callbacks';
import { mentions } from './analysis/loops';
import { modelsFor } from './analysis/models';
import { calleeName, callArgs, callReceiver, keywordArg, positionalArgs, shortText, unparen } from './analysis/syntax';
import type { Rule, RuleContext } from './types';

const X2MANY = new Set(['One2many', 'Many2many']);

/** True when every hop of the path is a known stored field (relational hops lead to their comodel). */
function storedPath(ws: WorkspaceModel, model: string, path: string[], allowX2manyLast: boolean): boolean {
  let m = model;
  for (let i = 0; i < path.length; i++) {
    const defs = ws.field(m, path[i]!);
    if (!defs.length || defs.some((f) => !f.stored)) return false;
    const last = i === path.length - 1;
    if (X2MANY.has(defs[0]!.type) && !(last && allowX2manyLast)) return false;
    if (!last) {
      const co = defs[0]!.comodel;
      if (!co || defs[0]!.type !== 'Many2one') return false;
      m = co;
    }
  }
  return true;
}

const OPS: Record<string, string> = { '==': '=', '!=': '!=', in: 'in', 'not in': 'not in' };

/** Domain leaves equivalent to the lambda body, or undefined when it is not a pushable condition. */
function leaves(body: Node, param: string, ws: WorkspaceModel, model: string): string[] | undefined {
  const b = unparen(body);
  if (b.type === 'boolean_operator' && b.childForFieldName('operator')?.text === 'and') {
    const l = leaves(b.childForFieldName('left')!, param, ws, model);
    const r = leaves(b.childForFieldName('right')!, param, ws, model);
    return l && r ? [...l, ...r] : undefined;
  }
  if (b.type === 'not_operator') {
    const p = paramPath(b.childForFieldName('argument')!, param);
    return p && storedPath(ws, model, p, true) ? [`('${p.join('.')}', '=', False)`] : undefined;
  }
  const truthy = paramPath(b, param);
  if (truthy) return storedPath(ws, model, truthy, true) ? [`('${truthy.join('.')}', '!=', False)`] : undefined;
  if (b.type === 'comparison_operator') {
    const operands = b.namedChildren.filter((c): c is Node => !!c);
    const ops = b.children.filter((c) => !!c && !c.isNamed).map((c) => c!.text);
    const op = ops.join(' ');
    if (operands.length !== 2 || !(op in OPS)) return undefined;
    let [left, right] = operands as [Node, Node];
    let p = paramPath(left, param);
    if (!p && (op === '==' || op === '!=')) { [left, right] = [right, left]; p = paramPath(left, param); }
    if (!p || mentions(right, param) || !storedPath(ws, model, p, false)) return undefined;
    return [`('${p.join('.')}', '${OPS[op]}', ${shortText(right, 30)})`];
  }
  return undefined;
}

function check(ctx: RuleContext, a: FileAnalysis, call: Node) {
  const search = callReceiver(call);
  if (!search || unparen(search).type !== 'call' || calleeName(unparen(search)) !== 'search') return;
  const s = unparen(search);
  const recv = callReceiver(s);
  if (!recv || !a.orm.isOrm(recv)) return;
  // with a limit or offset, filtering afterwards keeps a different set of records
  if (positionalArgs(s).length > 1 || keywordArg(s, 'limit') || keywordArg(s, 'offset')) return;
  const model = modelsFor(a, ctx.workspace).modelOf(recv);
  if (!model) return;
  const args = callArgs(call);
  if (args.length !== 1) return;
  const arg = unparen(args[0]!);
  let domain: string[] | undefined;
  if (arg.type === 'string') {
    const path = arg.text.slice(1, -1).split('.');
    if (path.every((p) => /^\w+$/.test(p)) && storedPath(ctx.workspace, model, path, true)) domain = [`('${path.join('.')}', '!=', False)`];
  } else if (arg.type === 'lambda') {
    const params = arg.childForFieldName('parameters')?.namedChildren.filter((c) => !!c) ?? [];
    const body = arg.childForFieldName('body');
    if (params.length === 1 && params[0]!.type === 'identifier' && body) domain = leaves(body, params[0]!.text, ctx.workspace, model);
  }
  if (!domain) return;
  ctx.report(
    call,
    `search(...).filtered(...) on stored field${domain.length > 1 ? 's' : ''} of ${model}: every row of the search is fetched and ` +
      `read, then dropped in Python. Add ${domain.join(', ')} to the search domain: PostgreSQL filters (and can use an index), ` +
      '1 query returning only the wanted rows instead of 2 (the search, then the field read per 1000 records).',
  );
}

export const filterAfterSearch: Rule = {
  meta: {
    code: 'OP109',
    name: 'filter-after-search',
    defaultSeverity: 'information',
    summary: 'search(domain).filtered(...) on a stored field: push the condition into the domain.',
  },
  check(ctx) {
    const a = analysisFor(ctx.tree);
    for (const call of a.callsNamed('filtered')) check(ctx, a, call);
  },
};
