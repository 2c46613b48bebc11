// OP102 browse-in-loop: `Model.browse(i)` of one id per iteration, then a field read. Each
// browse(id) makes a record whose prefetch set is that one id, so the read fetches one row:
// measured on Odoo 18, `for i in ids: Order.browse(i).name` = 100 queries for 100 ids, 1000 for
// 1000, while `for rec in Order.browse(ids): rec.name` = 1 query per 1000 records.
import type { Node } from '../parse/parser';
import { analysisFor, repeatingLoop, type FileAnalysis, type Loop } from './analysis/index';
import { mentions } from './analysis/loops';
import { callReceiver, calleeName, positionalArgs, sameNode, shortText, unparen } from './analysis/syntax';
import type { Rule, RuleContext } from './types';
import { perReportedLoop, repeatedCostOf } from '../cost/sites';
import { literalIterations, loopWhere, outerLoop } from './analysis/perIteration';

/** Methods that keep the record (and its one-id prefetch set): `browse(i).sudo().name` still reads one row. */
const PASS_THROUGH = new Set(['sudo', 'with_context', 'with_company', 'with_user', 'with_env', 'ensure_one']);

/** Attributes that never query. */
const NO_QUERY_ATTRS = new Set(['id', 'ids', '_ids', 'env', '_name', '_description', '_context', '_cr', '_uid', 'pool', '_fields', '_table', '_origin', '_prefetch_ids']);

/** Methods that read fields of the record. */
const READING_METHODS = new Set(['read', 'mapped', 'name_get', '_read', 'fetch']);

/** What is done with `expr`: 'read' (a field read), 'prefetch' (with_prefetch: no N+1), or 'none'. */
function useOf(expr: Node): 'read' | 'prefetch' | 'none' {
  let n = expr;
  for (;;) {
    const p = n.parent;
    if (p?.type !== 'attribute' || !sameNode(p.childForFieldName('object'), n)) return 'none';
    const attr = p.childForFieldName('attribute')?.text ?? '';
    const call = p.parent?.type === 'call' && sameNode(p.parent.childForFieldName('function'), p) ? p.parent : undefined;
    if (!call) return NO_QUERY_ATTRS.has(attr) ? 'none' : 'read';
    if (attr === 'with_prefetch') return 'prefetch';
    if (READING_METHODS.has(attr)) return 'read';
    if (!PASS_THROUGH.has(attr)) return 'none';
    n = call;
  }
}

/** The top of a pass-through chain starting at `call` (`browse(i).sudo()` -> the sudo call). */
function chainTop(call: Node): Node {
  let n = call;
  for (;;) {
    const p = n.parent;
    if (p?.type !== 'attribute' || !sameNode(p.childForFieldName('object'), n)) return n;
    const c = p.parent;
    if (c?.type !== 'call' || !PASS_THROUGH.has(p.childForFieldName('attribute')?.text ?? '')) return n;
    n = c;
  }
}

/** `rec = Model.browse(i)` then `rec.name` later in the loop body. */
function readsAssigned(top: Node, loop: Loop): boolean {
  const p = top.parent;
  if (p?.type !== 'assignment' || !sameNode(p.childForFieldName('right'), top)) return false;
  const left = p.childForFieldName('left');
  if (left?.type !== 'identifier') return false;
  const body = loop.kind === 'for' ? loop.node.childForFieldName('body') : undefined;
  if (!body) return false;
  let result: 'read' | 'prefetch' | 'none' = 'none';
  for (const id of body.descendantsOfType('identifier')) {
    if (!id || id.text !== left.text || id.startIndex <= left.startIndex) continue;
    const use = useOf(id);
    if (use === 'prefetch') return false;
    if (use === 'read') result = 'read';
  }
  return result === 'read';
}

/** The browse argument is one id taken from the loop: `i`, `int(i)`, `line['id']`, `[i]`. */
function singleIdFromLoop(arg: Node, loop: Loop): boolean {
  let a = unparen(arg);
  if (a.type === 'list' || a.type === 'tuple') {
    if (a.namedChildren.length !== 1) return false;
    a = unparen(a.namedChildren[0]!);
  }
  if (!['identifier', 'subscript', 'call', 'attribute'].includes(a.type)) return false;
  // int(i), vals.get('move_id'): one value; any other call may return a list
  if (a.type === 'call' && calleeName(a) !== 'int' && calleeName(a) !== 'get') return false;
  // `for loc_id, product_ids in d.items(): browse(product_ids)` browses a list per iteration
  if (a.type === 'identifier' && /ids$/i.test(a.text)) return false;
  return loop.targets.some((t) => mentions(a, t.text));
}

function check(ctx: RuleContext, a: FileAnalysis, call: Node) {
  if (calleeName(call) !== 'browse') return;
  const recv = callReceiver(call);
  if (!recv || !a.orm.isOrm(recv)) return;
  const args = positionalArgs(call);
  if (args.length !== 1) return;
  const loop = repeatingLoop(a, call);
  if (!loop || loop.kind === 'while' || !loop.iterable) return;
  // Iterating records and browsing their ids is another pattern; this rule is about id lists.
  if (a.loops.size(loop.iterable).kind === 'records') return;
  if (!singleIdFromLoop(args[0]!, loop)) return;
  const top = chainTop(call);
  const use = useOf(top);
  if (use === 'prefetch') return;
  if (use !== 'read' && !readsAssigned(top, loop)) return;
  const iter = shortText(loop.iterable);
  const arg = unparen(args[0]!);
  const model = shortText(recv, 30);
  const direct = arg.type === 'identifier' && loop.kind === 'for' && loop.targets.length === 1 && loop.targets[0]!.text === arg.text;
  const fix = direct
    ? `Browse all ids once before the loop (${model}.browse(${iter})) and iterate the recordset`
    : `Browse all the ids at once before the loop (e.g. ${model}.browse([${shortText(arg, 30)} for ... in ${iter}])) so that they share one prefetch set`;
  // The cost model's figures when it sees the read paid per iteration (the hover shows the same).
  // An id read from each dict or record (`vals['partner_id']`, `line.get('order_id')`) is often
  // the same few values (one parent, one type): after the first read the record cache answers,
  // so the cost is 1 query per DISTINCT id. Seen on OCA create() overrides: mostly cache hits.
  const fromField = arg.type === 'subscript' || arg.type === 'call' && calleeName(arg) === 'get' || arg.type === 'attribute';
  const cost = perReportedLoop(repeatedCostOf(call, ctx.workspace, 100), loop.node, 100);
  const perCall = cost?.perIteration ?? 1;
  const per = perCall !== 1 ? `${perCall} queries` : '1 query';
  // Nested in another data-sized loop: the figures are for this (inner) loop, the nesting is named.
  const outer = outerLoop(a, call, loop);
  const iterations = literalIterations(loop);
  const where = outer ? `a loop over '${iter}', nested in ${loopWhere(a, outer)}` : `a loop over '${iter}'`;
  const figures = iterations !== undefined
    ? `${perCall * iterations} for its ${iterations} iterations`
    : `~${perCall * 100} queries for 100 ${fromField ? 'distinct ids' : 'ids'}${outer ? ' of the inner loop' : ''}`;
  const message =
    `${shortText(call, 50)} inside ${where}, then a field read: ${per} per ${fromField ? 'distinct id' : 'iteration'} (${figures}), ` +
    `because each browse(id) prefetches only its own id${fromField ? ' (repeated ids hit the record cache)' : ''}. ${fix}: 1 query per 1000 records.`;
  ctx.report(call, message, fromField ? { severity: 'information' } : undefined);
}

export const browseInLoop: Rule = {
  meta: {
    code: 'OP102',
    name: 'browse-in-loop',
    defaultSeverity: 'warning',
    perIteration: true,
    summary: 'browse(id) of one id per iteration followed by a field read (1 query per id instead of 1 per 1000).',
  },
  check(ctx) {
    const a = analysisFor(ctx.tree);
    for (const call of a.callsNamed('browse')) check(ctx, a, call);
  },
};
