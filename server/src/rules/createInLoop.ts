// OP103 create-in-loop: `Model.create(vals)` once per iteration. Measured on Odoo 18
// (reference/query-costs-odoo18.json): a loop of create(vals) costs 101 queries for 100 records
// and 1010 for 1000 (one INSERT per call plus the sequence/compute follow-ups), while one
// create(vals_list) costs 2 and 20 (one INSERT per 100 rows). With 3 lines per record: 2040 vs 80.
import type { Node } from '../parse/parser';
import { analysisFor, type FileAnalysis, type Loop } from './analysis/index';
import { assignedName, mentions } from './analysis/loops';
import { isBatchReceiver, isolatedPerIteration, loopSite } from './analysis/perIteration';
import { callReceiver, contains, positionalArgs, sameNode, shortText, unparen } from './analysis/syntax';
import type { Rule, RuleContext } from './types';
import { callLabel, chainedCalls, innerReceiver, innerRelated, type ChainedCall } from './analysis/methodCalls';

/** Arguments that already are a list of values: the call is a batch create (out of scope). */
const LIST_LIKE = new Set(['list', 'list_comprehension', 'tuple', 'generator_expression']);

function isBatchArgument(arg: Node, a: FileAnalysis): boolean {
  const u = unparen(arg);
  if (LIST_LIKE.has(u.type)) return true;
  // vals_list = [...] / lines_vals.append(...): a name bound to a list literal is a batch
  if (u.type === 'identifier') {
    const bindings = a.scopes.lookup(u);
    if (bindings.length && bindings.every((b) => b.kind === 'assign' && LIST_LIKE.has(unparen(b.value).type))) return true;
    if (/_list$|^vals_list$|_vals_list$|^values_list$/.test(u.text)) return true;
  }
  return false;
}

/**
 * The created record is tied to later iterations in a way one batch cannot serve directly:
 * get-or-create (`if not group: group = Group.create(...)`, the next iteration finds it) or a
 * rolling "current record" (`group = Group.create(...)` every max_lines lines, with `group` bound
 * before the loop and used by the following iterations).
 */
function servesLaterIterations(call: Node, loop: Loop, a: FileAnalysis): boolean {
  const v = assignedName(call);
  if (!v) return false;
  for (let p = call.parent; p && !sameNode(p, loop.node); p = p.parent) {
    if (p.type === 'if_statement' || p.type === 'elif_clause') {
      const cond = p.childForFieldName('condition');
      if (cond && mentions(cond, v)) return true;
    }
  }
  const name = loop.node.descendantsOfType('identifier').find((i) => !!i && i.text === v && contains(call, i) === false);
  const bindings = name ? a.scopes.lookup(name) : [];
  return bindings.some((b) => b.node.endIndex <= loop.node.startIndex);
}

function check(ctx: RuleContext, a: FileAnalysis, call: Node) {
  const recv = callReceiver(call);
  if (!recv || !a.orm.isOrm(recv)) return;
  const args = positionalArgs(call);
  if (args.length !== 1 || isBatchArgument(args[0]!, a)) return;
  const site = loopSite(a, call);
  if (!site || isBatchReceiver(a, recv) || isolatedPerIteration(call, site.loop) || servesLaterIterations(call, site.loop, a)) return;
  ctx.report(
    call,
    `${shortText(call.childForFieldName('function')!, 40)}() inside ${site.where}: 1 INSERT per iteration ` +
      `(measured on Odoo 18: 101 queries for 100 ${site.unit}, 1010 for 1000). Collect the values in a list and call ` +
      `create(vals_list) once after the loop: 1 INSERT per 100 rows (2 queries for 100, 20 for 1000).`,
  );
}

/** A same-model method called per iteration whose body creates one record (one level down). */
function checkChained(ctx: RuleContext, c: ChainedCall) {
  const inner = c.inner.filter((i) => i.name === 'create');
  if (!inner.length) return;
  const owner = c.callee.className ? `${c.callee.className}.${c.callee.name}` : c.callee.name;
  const n = inner.length;
  ctx.report(
    c.call,
    `${callLabel(c)} → ${inner.map((i) => `${innerReceiver(i)}.create()`).join(' + ')} inside ${c.site.where}: ` +
      `${n === 1 ? '1 INSERT' : `${n} INSERTs`} per iteration (measured on Odoo 18: create(vals) in a loop costs 101 queries for 100 records, ` +
      `create(vals_list) 2). Let ${owner}() build the values for the whole recordset and create them with one create(vals_list).`,
    { related: innerRelated(c, inner) },
  );
}

export const createInLoop: Rule = {
  meta: {
    code: 'OP103',
    name: 'create-in-loop',
    defaultSeverity: 'warning',
    summary: 'create(vals) called once per iteration of a loop, directly or in a same-model method called there (1 INSERT per record instead of 1 per 100).',
  },
  check(ctx) {
    const a = analysisFor(ctx.tree);
    for (const call of a.callsNamed('create')) check(ctx, a, call);
    for (const c of chainedCalls(ctx.tree, ctx.file, a, ctx.workspace)) checkChained(ctx, c);
  },
};
