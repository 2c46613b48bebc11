// OP303 cron-unbatched: a method run by an ir.cron searches without `limit`, then writes, unlinks,
// creates or loops per record over the whole result. A cron job is one transaction: the whole
// backlog is processed before anything commits; when it passes the cron time limit
// (limit_time_real_cron, else limit_time_real: 120 s by default) the worker is killed, everything
// rolls back, and the next run starts the same work again — the backlog never shrinks. Batches
// (a limit, then re-triggering the cron, or one queue job per chunk) commit as they go.
import type { Node } from '../parse/parser';
import { functionsOf, type FunctionSyntax } from '../odoo/functions';
import type { CronJob } from '../odoo/workspace';
import { analysisFor, type FileAnalysis } from './analysis/index';
import { enclosingLoops } from './analysis/loops';
import { calleeName, sameNode } from './analysis/syntax';
import { isSmallModel, isUnboundedSearch, searchedModel, searchesWholeTable, valueUses } from './unboundedSearch';
import type { Rule, RuleContext } from './types';

export interface CronMethod {
  fn: FunctionSyntax;
  cron: CronJob;
  /** How the cron reaches the method: `_cron_close` or `_cron_close → _close_expired`. */
  chain: string;
}

/** Methods of this file that an ir.cron runs, directly or through one `self.method()` call. */
export function cronReachedMethods(ctx: RuleContext): CronMethod[] {
  const jobs = ctx.workspace.cronJobs?.() ?? [];
  if (!jobs.length) return [];
  const fns = functionsOf(ctx.tree, ctx.file).filter((f) => f.fact.model && f.fact.className);
  if (!fns.length) return [];
  const out: CronMethod[] = [];
  const seen = new Set<number>();
  const add = (fn: FunctionSyntax, cron: CronJob, chain: string) => {
    if (seen.has(fn.node.id)) return;
    seen.add(fn.node.id);
    out.push({ fn, cron, chain });
  };
  for (const cron of jobs) {
    for (const fn of fns) if (fn.fact.model === cron.model && fn.fact.name === cron.method) add(fn, cron, cron.method);
  }
  for (const cron of jobs) {
    // The scheduled method as this file has it now, else as the workspace indexed it.
    const entries = [
      ...fns.filter((f) => f.fact.model === cron.model && f.fact.name === cron.method).map((f) => f.fact),
      ...ctx.workspace.functionsNamed(cron.method).filter((f) => f.model === cron.model && f.file !== ctx.file),
    ];
    for (const entry of entries) {
      for (const call of entry.calls) {
        if (!call.onSelf || call.viaQueue || call.name === cron.method) continue;
        for (const fn of fns) if (fn.fact.model === cron.model && fn.fact.name === call.name) add(fn, cron, `${cron.method} → ${call.name}`);
      }
    }
  }
  return out;
}

export function describeCron(cron: CronJob): string {
  return cron.id ? `ir.cron '${cron.id}'` : 'an ir.cron';
}

/** Calls that show the method already works in chunks or hands work to jobs. */
const BATCHING_CALLS = new Set(['_trigger', 'with_delay', 'delayable', 'split_every', 'commit', '_notify_progress', '_commit_progress']);

/** Methods that only narrow or read the set (no work per record). */
const PASS_THROUGH = new Set(['sudo', 'with_context', 'with_company', 'with_user', 'with_env', 'filtered', 'filtered_domain', 'sorted', 'exists']);
const READ_ONLY = new Set(['mapped', 'read', 'ids', 'ensure_one', 'search_count', 'browse', 'read_group', '_read_group', 'get', 'grouped', 'search', 'search_fetch', 'fetch', 'with_prefetch', 'invalidate_recordset', 'invalidate_model', 'flush_recordset', 'flush_model']);

function hasWork(body: Node | null): boolean {
  if (!body) return false;
  if (body.descendantsOfType('call').some((c) => !!c)) return true;
  return body.descendantsOfType('assignment').some((as) => as?.childForFieldName('left')?.type === 'attribute');
}

/** What is done with the whole result of `search`, when it is per-record work; else undefined. */
export function processesResult(a: FileAnalysis, search: Node): string | undefined {
  const uses = valueUses(a, search);
  if (!uses) return undefined;
  for (const use of uses) {
    let n = use;
    for (;;) {
      const p = n.parent;
      if (p?.type === 'for_statement' && sameNode(p.childForFieldName('right'), n)) {
        if (hasWork(p.childForFieldName('body'))) return 'loops over every record';
        break;
      }
      if (p?.type === 'for_in_clause' && sameNode(p.childForFieldName('right'), n)) {
        if (hasWork(p.parent?.childForFieldName('body') ?? null)) return 'loops over every record';
        break;
      }
      if (p?.type !== 'attribute' || !sameNode(p.childForFieldName('object'), n)) break;
      const attr = p.childForFieldName('attribute')?.text ?? '';
      const call = p.parent?.type === 'call' && sameNode(p.parent.childForFieldName('function'), p) ? p.parent : undefined;
      if (!call) break; // a field read: not per-record work by itself
      if (PASS_THROUGH.has(attr)) { n = call; continue; }
      if (attr === 'write' || attr === 'unlink') return `${attr}() on the whole result`;
      if (READ_ONLY.has(attr) || BATCHING_CALLS.has(attr)) break;
      // Any other method gets the whole set at once (an action, a compute, a mail send).
      return `${attr}() on the whole result`;
    }
  }
  return undefined;
}

function advice(ctx: RuleContext, cron: CronJob): string {
  const xmlid = cron.id ? (cron.id.includes('.') ? cron.id : `${cron.addon ?? 'module'}.${cron.id}`) : 'module.cron_xmlid';
  const retrigger = ctx.odooVersion === undefined || ctx.odooVersion >= 16
    ? `then, if more remain, self.env.ref('${xmlid}')._trigger() so the next batch runs right after this one commits`
    : 'and let the next run take the rest (a shorter interval)';
  return `Process a batch per run: search(domain, limit=N) ${retrigger}; or hand each chunk to a queue job (with_delay()).`;
}

export const cronUnbatched: Rule = {
  meta: {
    code: 'OP303',
    name: 'cron-unbatched',
    defaultSeverity: 'information',
    summary: 'A method run by ir.cron searches without limit and then processes every record in one transaction.',
  },
  check(ctx) {
    if (!ctx.source.includes('search')) return;
    const methods = cronReachedMethods(ctx);
    if (!methods.length) return;
    const a = analysisFor(ctx.tree);
    for (const { fn, cron, chain } of methods) {
      const calls = fn.node.descendantsOfType('call').filter((c): c is Node => !!c);
      if (calls.some((c) => BATCHING_CALLS.has(calleeName(c) ?? ''))) continue;
      for (const call of calls) {
        if (!isUnboundedSearch(a, call) || calleeName(call) === 'search_read') continue;
        // search([]) in a cron walks a configuration table (companies, warehouses, tasks):
        // backlogs are selected by a state or a date. Small reference tables are no backlog.
        if (searchesWholeTable(call)) continue;
        const model = searchedModel(call);
        if (model && isSmallModel(model)) continue;
        // A search inside a loop is a batch loop (or OP101's business), not the whole backlog.
        if (enclosingLoops(call).length) continue;
        const work = processesResult(a, call);
        if (!work) continue;
        ctx.report(call, `${calleeName(call)}() without limit in '${chain}', run by ${describeCron(cron)}, then ${work}: the whole backlog runs in one transaction; past the cron time limit it is killed and rolled back, and the next run starts over. ${advice(ctx, cron)}`);
      }
    }
  },
};
