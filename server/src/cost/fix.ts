// "After the fix" figures: what a site costs once the quick fix for it is applied, computed from
// the same events, so the hover can show both numbers side by side. Only sites that repeat (inside
// a data-sized loop) and have a known safe rewrite get one:
// - a query method in a loop (OP101) → one grouped query before the loop: search/search_count/
//   _read_group/exists/name_search 1 query, public read_group 2 (measured: 1 and 2 per call);
// - create(vals) in a loop → create(vals_list): 1 INSERT per 100 rows per table instead of one per
//   call (measured 1010 → 20 at N = 1000); the stored computes' UPDATEs stay as they are;
// - browse(id) + read in a loop (OP102) → browse(ids) once: the read shares one prefetch set,
//   1 SELECT per 1000 records;
// - unlink() per record → one unlink() of the recordset: 4 queries (measured 4000 → 4).
import type { Node } from '../parse/parser';
import { type Formula, add, ceilDiv, constant, isConstant, mul, ZERO } from './formula';
import type { CostOptions, SiteEstimate } from './types';

export interface AfterFix {
  /** Short name of the rewrite, e.g. "one _read_group before the loop". */
  rewrite: string;
  /** Total queries of the site after the rewrite, over one run of the method. */
  total: Formula;
}

/** Per-call cost of the grouped replacement (measured on Odoo 18). */
const GROUPED: Record<string, { queries: number; rewrite: string }> = {
  search: { queries: 1, rewrite: "one search with an 'in' domain before the loop" },
  search_read: { queries: 1, rewrite: "one search_read with an 'in' domain before the loop" },
  search_fetch: { queries: 1, rewrite: "one search_fetch with an 'in' domain before the loop" },
  search_count: { queries: 1, rewrite: 'one _read_group before the loop' },
  _read_group: { queries: 1, rewrite: 'one _read_group before the loop' },
  read_group: { queries: 2, rewrite: 'one read_group before the loop' },
  exists: { queries: 1, rewrite: 'one exists() on the whole recordset' },
  name_search: { queries: 1, rewrite: 'one search before the loop' },
};

const PASS_THROUGH = new Set(['sudo', 'with_context', 'with_company', 'with_user', 'with_env', 'ensure_one']);

function calleeName(call: Node): string | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'attribute') return fn.childForFieldName('attribute')?.text;
  return fn?.type === 'identifier' ? fn.text : undefined;
}

/** `Model.browse(i).sudo().name`: the browse call under a field read, through pass-through calls. */
function browseUnder(site: Node): boolean {
  if (site.type !== 'attribute') return false;
  let n = site.childForFieldName('object');
  while (n) {
    if (n.type === 'call') {
      const name = calleeName(n);
      if (name === 'browse') return true;
      if (!name || !PASS_THROUGH.has(name)) return false;
      n = n.childForFieldName('function')?.childForFieldName('object') ?? null;
    } else if (n.type === 'attribute') {
      // A many2one hop (`browse(i).partner_id.name`) reads from the same one-id set.
      n = n.childForFieldName('object');
    } else return false;
  }
  return false;
}

export function afterFix(site: SiteEstimate, options: CostOptions): AfterFix | undefined {
  if (site.scope !== 'call' || isConstant(site.executions)) return undefined;
  const node = site.node;
  if (node.type === 'call') {
    const name = calleeName(node);
    if (!name) return undefined;
    const grouped = GROUPED[name];
    if (grouped && site.perExecution) return { rewrite: grouped.rewrite, total: constant(grouped.queries) };
    // Measured: 4 queries per unlink() call whatever the number of records (400 vs 4 at N = 100).
    if (name === 'unlink' && site.perExecution) return { rewrite: 'one unlink() on the whole recordset', total: constant(options.unlinkQueries) };
    if (name === 'create' && site.events.some((e) => e.kind === 'insert' && e.rows)) {
      const total = add(...site.events.map((e) =>
        e.kind === 'insert' && e.rows ? ceilDiv(mul(site.executions, e.rows), options.insertBatch) : e.total));
      return { rewrite: 'one create(vals_list) after the loop', total };
    }
    return undefined;
  }
  if (browseUnder(node) && site.perExecution && site.events.every((e) => e.kind === 'read')) {
    const total = site.events.reduce((acc) => add(acc, ceilDiv(site.executions, options.prefetchMax)), ZERO);
    return { rewrite: 'browse(ids) once before the loop', total };
  }
  return undefined;
}
