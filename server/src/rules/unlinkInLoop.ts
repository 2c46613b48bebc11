// OP104 unlink-in-loop: `rec.unlink()` once per iteration. Measured on Odoo 18
// (reference/query-costs-odoo18.json): 400 queries for 100 records and 4000 for 1000 (each call
// reads the links to clean up, checks access and deletes: 4 queries), while `records.unlink()`
// costs 4 in total, whatever the number of records.
import type { Node } from '../parse/parser';
import { analysisFor, type FileAnalysis } from './analysis/index';
import { isBatchReceiver, isolatedPerIteration, loopSite } from './analysis/perIteration';
import { callArgs, callReceiver, shortText } from './analysis/syntax';
import type { Rule, RuleContext } from './types';
import { callLabel, chainedCalls, innerReceiver, innerRelated, type ChainedCall } from './analysis/methodCalls';

/** `super(Cls, rec)`: the parent's method bound to `rec`; the records are `rec`. */
function superTarget(recv: Node): Node | undefined {
  if (recv.type !== 'call' || recv.childForFieldName('function')?.text !== 'super') return undefined;
  const args = recv.childForFieldName('arguments')?.namedChildren.filter((c) => !!c && c.type !== 'comment') ?? [];
  return args.length === 2 ? args[1]! : undefined;
}

function check(ctx: RuleContext, a: FileAnalysis, call: Node) {
  const recv = callReceiver(call);
  if (!recv || callArgs(call).length) return;
  // `super(Cls, rec).unlink()` per record (an unlink override deleting one record at a time)
  // costs the same as rec.unlink(). Plain super().unlink() is on self: OP113's case in a loop.
  const target = superTarget(recv);
  if (!a.orm.isOrm(target ?? recv)) return;
  const site = loopSite(a, call);
  if (!site || isBatchReceiver(a, target ?? recv) || isolatedPerIteration(call, site.loop)) return;
  const once = target ? `${recv.text.replace(/,[^,]*\)$/, ', to_delete)')}.unlink()` : 'unlink()';
  ctx.report(
    call,
    `${shortText(recv, 40)}.unlink() inside ${site.where}: 4 queries per iteration (measured on Odoo 18: 400 for 100 ` +
      `${site.unit}, 4000 for 1000). Collect the records (e.g. to_delete |= ${shortText(target ?? recv, 30)}) and call ${once} ` +
      `once after the loop: 4 queries in total.`,
  );
}

/** A same-model method called per iteration whose body unlinks (one level down). */
function checkChained(ctx: RuleContext, c: ChainedCall) {
  const inner = c.inner.filter((i) => i.name === 'unlink');
  if (!inner.length) return;
  const owner = c.callee.className ? `${c.callee.className}.${c.callee.name}` : c.callee.name;
  const q = 4 * inner.length;
  ctx.report(
    c.call,
    `${callLabel(c)} → ${inner.map((i) => `${innerReceiver(i)}.unlink()`).join(' + ')} inside ${c.site.where}: ` +
      `${q} queries per iteration (measured on Odoo 18: ${q * 100} for 100 ${c.site.unit}; one unlink() on all the records costs 4 in total). ` +
      `Let ${owner}() work on the whole recordset and call it once outside the loop.`,
    { related: innerRelated(c, inner) },
  );
}

export const unlinkInLoop: Rule = {
  meta: {
    code: 'OP104',
    name: 'unlink-in-loop',
    defaultSeverity: 'warning',
    perIteration: true,
    summary: 'unlink() called once per record in a loop, directly or in a same-model method called there (4 queries per record instead of 4 in total).',
  },
  check(ctx) {
    const a = analysisFor(ctx.tree);
    for (const call of a.callsNamed('unlink')) check(ctx, a, call);
    for (const c of chainedCalls(ctx.tree, ctx.file, a, ctx.workspace)) checkChained(ctx, c);
  },
};
