// OP110 unbounded-search: a search without `limit` whose whole result an http route returns or
// renders, or a cron method that searches the whole table (`search([])`). The query, the
// records built from it, the rendered page or the JSON answer all grow with the table: fine on a
// test database, a timeout (limit_time_real, 120 s by default) or a memory kill in production.
// Also home of the helpers OP111 and OP303 share: "is this search bounded" and "where does its
// result go".
import type { Node } from '../parse/parser';
import { collectImports, functionHeadsOf, functionsOf, type FunctionSyntax } from '../odoo/functions';
import { analysisFor, type FileAnalysis } from './analysis/index';
import { identifiersNamed } from './analysis/scopes';
import { callReceiver, calleeName, keywordArg, positionalArgs, callArgs, sameNode, unparen } from './analysis/syntax';
import { routeOf } from './http/routes';
import { cronReachedMethods, describeCron, processesResult } from './cronUnbatched';
import type { Rule, RuleContext } from './types';

/** Search methods and the positional index of their `limit` parameter. */
export const SEARCH_LIMIT_POSITION: Record<string, number> = { search: 2, search_read: 3, search_fetch: 3 };

// Reference tables with a few hundred rows at most: listing them whole is what a form's select
// does, not a scaling problem.
export const SMALL_MODELS = new Set([
  'res.country', 'res.country.state', 'res.country.group', 'res.lang', 'res.currency', 'res.company',
  'uom.uom', 'uom.category', 'res.partner.title', 'res.partner.industry', 'ir.model', 'ir.module.module',
  'account.tax', 'account.journal', 'stock.warehouse', 'stock.location.route', 'stock.route', 'website',
  'res.groups', 'ir.config_parameter', 'decimal.precision', 'account.fiscal.position', 'crm.stage',
]);

// Configuration lists maintained by hand (reasons, stages, tags, types, templates ...) stay small.
const CONFIG_MODEL = /\.(reason|stage|tag|type|category|template|config|settings|channel|team|sequence)$/;

export function isSmallModel(model: string): boolean {
  return SMALL_MODELS.has(model) || CONFIG_MODEL.test(model);
}

/** True for `X.search(d)` / `search_read` / `search_fetch` on the ORM with no limit (and no `count=True`). */
export function isUnboundedSearch(a: FileAnalysis, call: Node): boolean {
  const method = calleeName(call) ?? '';
  if (!(method in SEARCH_LIMIT_POSITION)) return false;
  const recv = callReceiver(call);
  if (!recv || !a.orm.isOrm(recv)) return false;
  // **kwargs may carry a limit: not provably unbounded.
  if (callArgs(call).some((x) => x.type === 'dictionary_splat' || x.type === 'list_splat')) return false;
  if (keywordArg(call, 'count')) return false;
  const limit = keywordArg(call, 'limit') ?? positionalArgs(call)[SEARCH_LIMIT_POSITION[method]!];
  if (!limit) return true;
  const l = unparen(limit);
  return l.type === 'none' || (l.type === 'integer' && Number(l.text) === 0);
}

/** The model searched, when written `env['x.y'].search` (possibly through sudo()/with_context()). */
export function searchedModel(call: Node): string | undefined {
  let n: Node | undefined = callReceiver(call);
  while (n) {
    n = unparen(n);
    if (n.type === 'subscript') {
      const key = n.childForFieldName('subscript');
      return key?.type === 'string' ? key.text.slice(1, -1) : undefined;
    }
    if (n.type === 'call') n = callReceiver(n);
    else return undefined;
  }
  return undefined;
}

/** The domain is a literal empty list: the whole table. */
export function searchesWholeTable(call: Node): boolean {
  const d = keywordArg(call, 'domain') ?? positionalArgs(call)[0];
  if (!d) return calleeName(call) !== 'search';
  const u = unparen(d);
  return u.type === 'list' && u.namedChildren.filter((c) => c && c.type !== 'comment').length === 0;
}

/**
 * Where the value of `expr` is used: `expr` itself when it is used in place, or every later
 * reference of the local name it is assigned to (`recs = Model.search(...)`). Undefined when it
 * is stored somewhere we do not follow (an attribute, an unpacking, a name assigned elsewhere too).
 */
export function valueUses(a: FileAnalysis, expr: Node): Node[] | undefined {
  const parent = expr.parent;
  if (parent?.type !== 'assignment' || !sameNode(parent.childForFieldName('right'), expr)) return [expr];
  const left = parent.childForFieldName('left');
  if (left?.type !== 'identifier') return undefined;
  const fn = a.scopes.functionOf(expr);
  if (!fn) return undefined;
  const out: Node[] = [];
  for (const id of identifiersNamed(fn, left.text)) {
    if (sameNode(id, left) || id.startIndex < left.startIndex) continue;
    const bindings = a.scopes.lookup(id);
    if (!bindings.some((b) => sameNode(b.node, left))) continue;
    // Another assignment of the same name may reach this use too: then it is not only ours.
    if (bindings.length > 1) return undefined;
    // Keyword argument names and attribute names are not references.
    const p = id.parent;
    if (p?.type === 'keyword_argument' && sameNode(p.childForFieldName('name'), id)) continue;
    if (p?.type === 'attribute' && sameNode(p.childForFieldName('attribute'), id)) continue;
    out.push(id);
  }
  return out;
}

const RENDER_CALLS = new Set(['render', '_render', 'render_template', 'make_json_response', 'make_response', 'dumps', 'jsonify']);

/** True when the value at `use` reaches a `return` or a render/JSON response (following one dict or list it is put in). */
function reachesResponse(a: FileAnalysis, use: Node, depth = 0): boolean {
  if (depth > 3) return false;
  for (let n: Node = use, p = use.parent; p; n = p, p = p.parent) {
    if (p.type === 'return_statement') return true;
    // Handed to some other function: what it returns is its business, not this result.
    if (p.type === 'argument_list' && p.parent?.type === 'call' && !RENDER_CALLS.has(calleeName(p.parent) ?? '')) {
      const fn = calleeName(p.parent) ?? '';
      if (!['dict', 'list', 'sorted'].includes(fn)) return false;
    }
    if (p.type === 'call' && RENDER_CALLS.has(calleeName(p) ?? '') && !sameNode(p.childForFieldName('function'), n)) return true;
    // `values['orders'] = orders`, `values.update(orders=orders)`: follow the container.
    if (p.type === 'assignment' && sameNode(p.childForFieldName('right'), n)) {
      const left = p.childForFieldName('left');
      const target = left?.type === 'subscript' ? left.childForFieldName('value') : left;
      if (target?.type === 'identifier') return refsOf(a, target).some((r) => reachesResponse(a, r, depth + 1));
      return false;
    }
    if (p.type === 'call' && calleeName(p) === 'update') {
      const recv = callReceiver(p);
      if (recv?.type === 'identifier') return refsOf(a, recv).some((r) => reachesResponse(a, r, depth + 1));
    }
    // A method called on the result (`orders.mapped(...)`, `len(orders)`) hands on something else.
    if (p.type === 'attribute' && sameNode(p.childForFieldName('object'), n)) {
      const attr = p.childForFieldName('attribute')?.text ?? '';
      if (!['sudo', 'with_context', 'sorted', 'filtered', 'read'].includes(attr)) return false;
    }
    if (p.type === 'call' && ['len', 'bool', 'any', 'all', 'sum', 'max', 'min'].includes(calleeName(p) ?? '') && !callReceiver(p)) return false;
    if (p.type === 'expression_statement' || p.type === 'block' || p.type === 'if_statement' || p.type === 'for_statement') return false;
  }
  return false;
}

/** References of a local name anywhere in its function (for containers filled after creation). */
function refsOf(a: FileAnalysis, name: Node): Node[] {
  const fn = a.scopes.functionOf(name);
  if (!fn) return [];
  return identifiersNamed(fn, name.text).filter((id) => id.startIndex > name.startIndex);
}

function routeFunctions(ctx: RuleContext): FunctionSyntax[] {
  const imports = collectImports(ctx.tree.rootNode);
  // Decorators first: most files mentioning 'route' have no handler, and then no facts are built.
  if (!functionHeadsOf(ctx.tree, ctx.file).some((f) => routeOf(f.decorators, imports))) return [];
  return functionsOf(ctx.tree, ctx.file).filter((f) => routeOf(f.decorators, imports));
}

function checkRoute(ctx: RuleContext, a: FileAnalysis, fn: FunctionSyntax): void {
  for (const call of fn.node.descendantsOfType('call')) {
    if (!call || !isUnboundedSearch(a, call)) continue;
    const model = searchedModel(call);
    if (model && isSmallModel(model)) continue;
    const uses = valueUses(a, call);
    if (!uses?.some((u) => reachesResponse(a, u))) continue;
    const method = calleeName(call);
    ctx.report(call, `${method}() without limit in http route '${fn.fact.name}' whose whole result is returned or rendered: the query, the records and the response grow with the table (a timeout at limit_time_real on a large database). Page it: ${method}(domain, limit=..., offset=...) with a pager, or a bounded search.`);
  }
}

export const unboundedSearch: Rule = {
  meta: {
    code: 'OP110',
    name: 'unbounded-search',
    defaultSeverity: 'information',
    summary: 'search() without limit whose whole result an http route returns/renders, or a cron method searching the whole table.',
  },
  check(ctx) {
    if (!ctx.source.includes('search')) return;
    const a = analysisFor(ctx.tree);
    if (ctx.source.includes('route')) for (const fn of routeFunctions(ctx)) checkRoute(ctx, a, fn);
    // Crons: the processing case belongs to OP303; here only a whole-table search that OP303 leaves.
    for (const { fn, cron, chain } of cronReachedMethods(ctx)) {
      for (const call of fn.node.descendantsOfType('call')) {
        if (!call || !isUnboundedSearch(a, call) || !searchesWholeTable(call)) continue;
        if (processesResult(a, call) !== undefined) continue;
        ctx.report(call, `${calleeName(call)}([]) without limit in '${chain}', run by ${describeCron(cron)}: it loads every row of the table on every run, and that grows without bound. Restrict the domain to what still needs work (a state, a date) and process it in batches with limit.`);
      }
    }
  },
};
