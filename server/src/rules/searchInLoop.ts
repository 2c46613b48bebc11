// OP101 search-in-loop: a query method of the ORM called once per iteration of a data-sized loop.
// Measured on Odoo 18 (reference/query-costs-odoo18.json): `Line.search([('order_id','=',rec.id)])`
// in a loop over N orders = N queries (100 for 100, 1000 for 1000), `search_count` the same,
// `rec.exists()` 1 per record, public `read_group` 2 per call. Odoo never caches a search.
import type { Node } from '../parse/parser';
import { analysisFor, repeatingLoop, type FileAnalysis, type Loop } from './analysis/index';
import { callReceiver, positionalArgs, unparen } from './analysis/syntax';
import type { Rule, RuleContext } from './types';
import { perReportedLoop, type RepeatedCost, repeatedCostsOf } from '../cost/sites';
import { isLoopInvariant, literalIterations, loopWhere, namedLoop, outerLoop } from './analysis/perIteration';
import { exclusiveCost } from '../cost/calleeArms';
import { callLabel, chainedCalls, innerReceiver, innerRelated, type ChainedCall } from './analysis/methodCalls';

/** Query methods and what one call costs (queries). */
export const QUERY_METHODS: Record<string, number> = {
  search: 1,
  search_count: 1,
  search_read: 1,
  search_fetch: 1,
  read_group: 2, // + one query for the display names of the grouped records
  _read_group: 1,
  name_search: 1,
  exists: 1,
};

/** `('order_id', '=', rec.id)` in the domain: the field to group by instead. */
function keyField(call: Node, loop: Loop): string | undefined {
  const domain = positionalArgs(call)[0];
  if (!domain || unparen(domain).type !== 'list') return undefined;
  const loopNames = new Set(loop.targets.map((t) => t.text));
  for (const leaf of unparen(domain).namedChildren) {
    if (!leaf || !['tuple', 'list'].includes(leaf.type)) continue;
    const [field, op, value] = leaf.namedChildren.filter((c): c is Node => !!c);
    if (!field || !op || !value || field.type !== 'string' || op.type !== 'string') continue;
    if (!["'='", '"="', "'in'", '"in"'].includes(op.text)) continue;
    const usesLoopVar = value.descendantsOfType('identifier').some((i) => !!i && loopNames.has(i.text)) || loopNames.has(value.text);
    if (usesLoopVar) return field.text.slice(1, -1);
  }
  return undefined;
}

/** Advice for a call whose arguments do not change between iterations (isLoopInvariant). */
export const INVARIANT_ADVICE = 'Its arguments do not change between iterations: run it once before the loop and reuse the result.';

export function advice(method: string, key: string | undefined, version: number | undefined): string {
  const by = key ? `grouped by ${key}` : 'grouped by the loop key';
  // _read_group's tuple API is Odoo 17+; an addon of unknown version is told so.
  const groupApi = version === undefined ? '_read_group (Odoo 17+; before, read_group(..., lazy=False))' : version < 17 ? 'read_group(..., lazy=False)' : '_read_group';
  switch (method) {
    case 'exists':
      return 'Call exists() once on the whole recordset before the loop and iterate the result.';
    case 'search_count':
      return `Count once before the loop, e.g. with ${groupApi} ${by}.`;
    case 'read_group':
    case '_read_group':
      return `Group once before the loop with the loop key added to groupby${key ? ` (${key})` : ''}.`;
    case 'name_search':
      return 'Resolve all names with one search before the loop.';
    default:
      return key
        ? `Search once before the loop with ('${key}', 'in', ...) and group the records by ${key} in Python (or use ${groupApi}).`
        : "Query once before the loop with an 'in' domain and group the result in Python.";
  }
}

/** "1 query per iteration (~100 queries for 100 iterations)", with the nesting and a literal count. */
export function perIterationText(perCall: number, recordLoop: boolean, shape: { nested?: boolean; iterations?: number } = {}): string {
  const unit = perCall === 1 ? '1 query' : `${perCall} queries`;
  const what = recordLoop ? 'records' : 'iterations';
  // range(1, 23) makes 22 iterations: the total is known, not "~ for 100".
  if (shape.iterations !== undefined) return `${unit} per iteration (${perCall * shape.iterations} for its ${shape.iterations} iterations)`;
  // Nested loops: the figure is for the inner loop; the outer one repeats it (named in the message).
  return `${unit} per iteration (~${perCall * 100} queries for 100 ${what}${shape.nested ? ' of the inner loop' : ''})`;
}

/** "a loop over 'x'" or, nested, "a loop over 'x', nested in a loop over 'y'". */
export function whereText(where: string, nestedIn: string | undefined): string {
  return nestedIn ? `${where}, nested in ${nestedIn}` : where;
}

export function searchInLoopMessage(method: string, where: string, perCall: number, recordLoop: boolean, tail: string, shape: { nestedIn?: string; iterations?: number } = {}): string {
  return `${method}() inside ${whereText(where, shape.nestedIn)}: ${perIterationText(perCall, recordLoop, { nested: !!shape.nestedIn, iterations: shape.iterations })}. ${tail}`;
}

interface Finding {
  call: Node;
  method: string;
  loop: Loop;
  where: string;
  recordLoop: boolean;
  nestedIn?: string;
  iterations?: number;
}

/** `call`: one of a.callsNamed(method) (its callee is not read again: each read is a wasm call). */
function find(a: FileAnalysis, call: Node, method: string): Finding | undefined {
  const recv = callReceiver(call);
  if (!recv || !a.orm.isOrm(recv)) return undefined;
  const repeating = repeatingLoop(a, call, { allowBatchingWhile: true });
  if (!repeating) return undefined;
  const loop = namedLoop(a, call, repeating);
  const recordLoop = !!loop.iterable && a.loops.size(loop.iterable).kind === 'records';
  const outer = outerLoop(a, call, loop);
  return { call, method, loop, where: loopWhere(a, loop), recordLoop, nestedIn: outer ? loopWhere(a, outer) : undefined, iterations: literalIterations(loop) };
}

function report(ctx: RuleContext, f: Finding, cost: RepeatedCost | undefined) {
  const { call, method, loop, where, recordLoop, nestedIn, iterations } = f;
  // The cost model's figure per iteration of the reported loop (the hover's per-run figure).
  const perCall = perReportedLoop(cost, loop.node, 100)?.perIteration ?? QUERY_METHODS[method]!;
  const tail = isLoopInvariant(call, loop) ? INVARIANT_ADVICE : advice(method, keyField(call, loop), ctx.odooVersion);
  ctx.report(call, searchInLoopMessage(method, where, perCall, recordLoop, tail, { nestedIn, iterations }));
}

/** A same-model method called per iteration whose body queries (one level down). */
function checkChained(ctx: RuleContext, c: ChainedCall) {
  const inner = c.inner.filter((i) => i.name in QUERY_METHODS);
  if (!inner.length) return;
  // Calls in exclusive if/elif/else arms of the callee are not all paid by one run: the costliest arm counts.
  const { perCall, label } = c.via
    // Another model's method: the inner calls are named with their receivers (`self.env["x"].search()`).
    ? exclusiveCost(ctx.tree, ctx.file, c.callee.file, inner.map((i) => ({ ...i, name: `${innerReceiver(i)}.${i.name}`, method: i.name })), (i) => QUERY_METHODS[i.method]!)
    : exclusiveCost(ctx.tree, ctx.file, c.callee.file, inner, (i) => QUERY_METHODS[i.name]!);
  const chain = `${callLabel(c)} → ${label}`;
  const owner = c.callee.className ? `${c.callee.className}.${c.callee.name}` : c.callee.name;
  const fix = isLoopInvariant(c.call, c.site.named ?? c.site.loop)
    ? `${owner}() queries on every call and its arguments do not change between iterations: call it once before the loop and reuse the result.`
    : `${owner}() queries on every call: make it work on the whole recordset and call it once outside the loop. ` + advice(inner[0]!.name, undefined, ctx.odooVersion);
  ctx.report(
    c.call,
    `${chain} inside ${whereText(c.site.where, c.site.nestedIn)}: ${perIterationText(perCall, c.site.unit === 'records', { nested: !!c.site.nestedIn, iterations: c.site.iterations })}. ${fix}`,
    { related: innerRelated(c, inner) },
  );
}

export const searchInLoop: Rule = {
  meta: {
    code: 'OP101',
    name: 'search-in-loop',
    defaultSeverity: 'warning',
    perIteration: true,
    summary: 'search/search_count/read_group/exists() called once per iteration of a loop, directly or in a same-model method called there (N queries instead of 1).',
  },
  check(ctx) {
    const a = analysisFor(ctx.tree);
    const found: Finding[] = [];
    for (const method of Object.keys(QUERY_METHODS)) {
      for (const call of a.callsNamed(method)) {
        const f = find(a, call, method);
        if (f) found.push(f);
      }
    }
    // The cost model's figures when it sees the call paid per iteration (the hover shows the same):
    // all calls of a method priced by one estimate that stops after the last of them.
    const costs = repeatedCostsOf(found.filter((f) => f.loop.kind === 'for').map((f) => f.call), ctx.workspace, 100);
    for (const f of found) report(ctx, f, costs.get(f.call));
    for (const c of chainedCalls(ctx.tree, ctx.file, a, ctx.workspace)) checkChained(ctx, c);
  },
};
