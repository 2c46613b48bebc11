// OP113 super-in-loop: `super().method()` called inside `for rec in self:`. The parent method
// runs on the whole recordset `self`, once per record: N records → N runs over N records (N²
// record operations, and the queries of each run), and every run also acts on the records other
// than the current one. Seen on OCA l10n-brazil (`super()._compute_tax_id()` per purchase line,
// each run recomputing the taxes of every line) and sale-workflow (`super().write(vals)` per line,
// writing one line's values on all of them). The fix is one call outside the loop, or a call on
// the record: `super(ClassName, rec).method()`. A call followed by return/raise/break runs once.
import type { Node } from '../parse/parser';
import { analysisFor, type FileAnalysis } from './analysis/index';
import { enclosingLoops, exitsAfter } from './analysis/loops';
import { callsNamedIn } from './analysis/calls';
import { enclosingClass, shortText, unparen } from './analysis/syntax';
import type { Rule, RuleContext } from './types';

/** `super()` or `super(Cls, self)`: the parent bound to the whole recordset. */
function isSuperOnSelf(call: Node): boolean {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'identifier' || fn.text !== 'super') return false;
  const args = call.childForFieldName('arguments')?.namedChildren.filter((c) => !!c && c.type !== 'comment') ?? [];
  return args.length === 0 || (args.length === 2 && args[1]!.type === 'identifier' && args[1]!.text === 'self');
}

/** `self`, `self.filtered(...)`, `self.sorted(...)`, `self.with_context(...)`: the records of self. */
function isSelfRecords(iterable: Node): boolean {
  let n = unparen(iterable);
  while (n.type === 'call') {
    const fn = n.childForFieldName('function');
    if (fn?.type !== 'attribute') return false;
    const method = fn.childForFieldName('attribute')?.text ?? '';
    if (!['filtered', 'sorted', 'with_context', 'sudo', 'with_company', 'exists'].includes(method)) return false;
    n = unparen(fn.childForFieldName('object')!);
  }
  return n.type === 'identifier' && n.text === 'self';
}

function check(ctx: RuleContext, a: FileAnalysis, superCall: Node): void {
  if (!isSuperOnSelf(superCall)) return;
  // super().method(...): the super() call is the object of an attribute that is called.
  const fn = superCall.parent;
  const call = fn?.type === 'attribute' ? fn.parent : undefined;
  if (!fn || call?.type !== 'call' || call.childForFieldName('function')?.id !== fn.id) return;
  if (fn.childForFieldName('object')?.id !== superCall.id) return;
  const method = fn.childForFieldName('attribute')?.text ?? '';
  // The loop over self that repeats the call: the innermost one; loops inside it over other things
  // repeat it further, but the cost named here is the one of walking self.
  const loop = enclosingLoops(call).find((l) => l.kind === 'for' && l.iterable && isSelfRecords(l.iterable));
  if (!loop || a.loops.size(loop.iterable!).kind !== 'records' || exitsAfter(call, loop)) return;
  const target = loop.targets[0]?.text ?? 'rec';
  const cls = enclosingClass(call)?.childForFieldName('name')?.text ?? 'ClassName';
  ctx.report(
    call,
    `${shortText(call, 50)} inside a loop over '${shortText(loop.iterable!, 30)}': the parent ${method}() runs on the whole ` +
      `recordset once per record (for 100 records, 100 runs over 100 records), and each run also acts on the records other than ` +
      `'${target}'. Call super().${method}() once outside the loop, or on the record: super(${cls}, ${target}).${method}(...).`,
  );
}

export const superInLoop: Rule = {
  meta: {
    code: 'OP113',
    name: 'super-in-loop',
    defaultSeverity: 'warning',
    perIteration: true,
    summary: 'super().method() called inside a loop over self: the parent runs on the whole recordset once per record (N² work).',
  },
  check(ctx) {
    if (!ctx.source.includes('super(')) return;
    const a = analysisFor(ctx.tree);
    for (const call of callsNamedIn(ctx.tree, 'super')) check(ctx, a, call);
  },
};
