// OP101 search-in-loop: a query method of the ORM called once per iteration of a data-sized loop.
// Measured on Odoo 18 (reference/query-costs-odoo18.json): `Line.search([('order_id','=',rec.id)])`
// in a loop over N orders = N queries (100 for 100, 1000 for 1000), `search_count` the same,
// `rec.exists()` 1 per record, public `read_group` 2 per call. Odoo never caches a search.
import type { Node } from '../parse/parser';
import { analysisFor, repeatingLoop, type FileAnalysis, type Loop } from './analysis/index';
import { callReceiver, positionalArgs, unparen } from './analysis/syntax';
import type { Rule, RuleContext } from './types';
import { type RepeatedCost, repeatedCostsOf } from '../cost/sites';
import { callLabel, chainedCalls, innerRelated, type ChainedCall } from './analysis/methodCalls';

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

export function searchInLoopMessage(method: string, loopText: string, perCall: number, recordLoop: boolean, tail: string, totalAt100?: number): string {
  const unit = perCall === 1 ? '1 query' : `${perCall} queries`;
  const what = recordLoop ? 'records' : 'iterations';
  return `${method}() inside a loop over '${loopText}': ${unit} per iteration (~${totalAt100 ?? perCall * 100} queries for 100 ${what}). ${tail}`;
}

interface Finding {
  call: Node;
  method: string;
  loop: Loop;
  loopText: string;
  recordLoop: boolean;
}

/** `call`: one of a.callsNamed(method) (its callee is not read again: each read is a wasm call). */
function find(a: FileAnalysis, call: Node, method: string): Finding | undefined {
  const recv = callReceiver(call);
  if (!recv || !a.orm.isOrm(recv)) return undefined;
  const loop = repeatingLoop(a, call, { allowBatchingWhile: true });
  if (!loop) return undefined;
  const loopText = a.loops.describe(loop);
  const recordLoop = !!loop.iterable && a.loops.size(loop.iterable).kind === 'records';
  return { call, method, loop, loopText, recordLoop };
}

function report(ctx: RuleContext, f: Finding, cost: RepeatedCost | undefined) {
  const { call, method, loop, loopText, recordLoop } = f;
  const msg = searchInLoopMessage(method, loopText, cost?.perIteration ?? QUERY_METHODS[method]!, recordLoop, advice(method, keyField(call, loop), ctx.odooVersion), cost?.total);
  ctx.report(call, loop.kind === 'while' ? msg.replace(`a loop over '${loopText}'`, `a '${loopText}' loop`) : msg);
}

/** A same-model method called per iteration whose body queries (one level down). */
function checkChained(ctx: RuleContext, c: ChainedCall) {
  const inner = c.inner.filter((i) => i.name in QUERY_METHODS);
  if (!inner.length) return;
  const perCall = inner.reduce((n, i) => n + QUERY_METHODS[i.name]!, 0);
  const unit = perCall === 1 ? '1 query' : `${perCall} queries`;
  const chain = `${callLabel(c)} → ${inner.map((i) => `${i.name}()`).join(' + ')}`;
  const owner = c.callee.className ? `${c.callee.className}.${c.callee.name}` : c.callee.name;
  ctx.report(
    c.call,
    `${chain} inside ${c.site.where}: ${unit} per iteration (~${perCall * 100} queries for 100 ${c.site.unit}). ` +
      `${owner}() queries on every call: make it work on the whole recordset and call it once outside the loop. ` +
      advice(inner[0]!.name, undefined, ctx.odooVersion),
    { related: innerRelated(c, inner) },
  );
}

export const searchInLoop: Rule = {
  meta: {
    code: 'OP101',
    name: 'search-in-loop',
    defaultSeverity: 'warning',
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
