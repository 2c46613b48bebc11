// OP104 unlink-in-loop: `rec.unlink()` once per iteration. Measured on Odoo 18
// (reference/query-costs-odoo18.json): 400 queries for 100 records and 4000 for 1000 (each call
// reads the links to clean up, checks access and deletes: 4 queries), while `records.unlink()`
// costs 4 in total, whatever the number of records.
import type { Node } from '../parse/parser';
import { analysisFor, type FileAnalysis } from './analysis/index';
import { isBatchReceiver, isolatedPerIteration, loopSite } from './analysis/perIteration';
import { callArgs, callReceiver, shortText } from './analysis/syntax';
import type { Rule, RuleContext } from './types';

function check(ctx: RuleContext, a: FileAnalysis, call: Node) {
  const recv = callReceiver(call);
  if (!recv || callArgs(call).length || !a.orm.isOrm(recv)) return;
  const site = loopSite(a, call);
  if (!site || isBatchReceiver(a, recv) || isolatedPerIteration(call, site.loop)) return;
  ctx.report(
    call,
    `${shortText(recv, 40)}.unlink() inside ${site.where}: 4 queries per iteration (measured on Odoo 18: 400 for 100 ` +
      `${site.unit}, 4000 for 1000). Collect the records (e.g. to_delete |= ${shortText(recv, 30)}) and call unlink() ` +
      `once after the loop: 4 queries in total.`,
  );
}

export const unlinkInLoop: Rule = {
  meta: {
    code: 'OP104',
    name: 'unlink-in-loop',
    defaultSeverity: 'warning',
    summary: 'unlink() called once per record in a loop (4 queries per record instead of 4 in total).',
  },
  check(ctx) {
    const a = analysisFor(ctx.tree);
    for (const call of a.callsNamed('unlink')) check(ctx, a, call);
  },
};
