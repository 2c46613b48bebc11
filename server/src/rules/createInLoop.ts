// OP103 create-in-loop: `Model.create(vals)` once per iteration. Measured on Odoo 18
// (reference/query-costs-odoo18.json): a loop of create(vals) costs 101 queries for 100 records
// and 1010 for 1000 (one INSERT per call plus the sequence/compute follow-ups), while one
// create(vals_list) costs 2 and 20 (one INSERT per 100 rows). With 3 lines per record: 2040 vs 80.
import type { Node } from '../parse/parser';
import { analysisFor, type FileAnalysis, type Loop } from './analysis/index';
import { assignedName, mentions } from './analysis/loops';
import { isBatchReceiver, isolatedPerIteration, loopSite } from './analysis/perIteration';
import { callReceiver, calleeName, contains, positionalArgs, sameNode, shortText, unparen } from './analysis/syntax';
import type { Rule, RuleContext } from './types';
import { callLabel, chainedCalls, innerCallNode, innerReceiver, innerRelated, type ChainedCall } from './analysis/methodCalls';

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

// Calls that look a record up: their result says whether it exists yet.
const LOOKUPS = new Set(['search', 'search_count', 'search_read', 'search_fetch', '_search', 'exists', 'name_search']);

/** A lookup call, maybe behind a chain (`X.search(d, limit=1)[:1]`, `X.search(d).filtered(...)`, `len(X.search(d))`). */
function lookupCall(node: Node): boolean {
  let n = unparen(node);
  for (let depth = 0; depth < 6; depth++) {
    if (n.type === 'call') {
      const name = calleeName(n);
      if (name && LOOKUPS.has(name)) return true;
      const recv = callReceiver(n);
      const first = positionalArgs(n)[0];
      if (name === 'len' && !recv && first) n = unparen(first);
      else if (recv) n = unparen(recv);
      else return false;
    } else if (n.type === 'subscript' || n.type === 'attribute') {
      const inner = n.childForFieldName(n.type === 'subscript' ? 'value' : 'object');
      if (!inner) return false;
      n = unparen(inner);
    } else return false;
  }
  return false;
}

/** `X.search(d)`, or a name some assignment of this scope binds to one (`rec = X.search(d)`). */
function isLookup(a: FileAnalysis, node: Node): boolean {
  if (lookupCall(node)) return true;
  let n = unparen(node);
  while (n.type === 'attribute' && n.childForFieldName('attribute')?.text === 'id') n = unparen(n.childForFieldName('object')!);
  if (n.type === 'call' && calleeName(n) === 'len' && !callReceiver(n) && positionalArgs(n)[0]) n = unparen(positionalArgs(n)[0]!);
  if (n.type !== 'identifier') return false;
  return a.scopes.lookup(n).some((b) => b.kind === 'assign' && lookupCall(b.value));
}

/** The tested expression and whether the test is "not found" (`not rec`, `count == 0`, `rec is None`). */
function lookupTest(a: FileAnalysis, cond: Node): { missing: boolean } | undefined {
  const c = unparen(cond);
  if (c.type === 'not_operator') {
    const arg = c.childForFieldName('argument');
    return arg && isLookup(a, arg) ? { missing: true } : undefined;
  }
  if (c.type === 'comparison_operator') {
    const [left, right] = c.namedChildren;
    const op = c.children.find((ch) => !!ch && !ch.isNamed)?.text;
    if (left && right && isLookup(a, left) && /^(0|False|None)$/.test(right.text) && (op === '==' || op === 'is')) return { missing: true };
    return undefined;
  }
  return isLookup(a, c) ? { missing: false } : undefined;
}

/**
 * get-or-create in a method called per iteration (a getter): the create runs only where a lookup
 * of the same method found nothing:
 * `if not rec: rec = X.create(v)`, `if rec: ... else: X.create(v)`,
 * `if not X.search_count(d): X.create(v)`, `return X.search(d) or X.create(v)`. After the first run
 * the lookup finds the record, so the INSERT runs once per distinct key (once overall when the key
 * does not change in the loop), and a later iteration may need the row an earlier one created:
 * one create(vals_list) after the loop cannot serve it. Only applied one level down: in the loop
 * body itself, `if not X.search_count(d): X.create(v)` is a per-item dedupe check whose creates
 * are independent and batchable (the direct exemption is servesLaterIterations()).
 */
export function isGetOrCreate(a: FileAnalysis, call: Node, boundary: Node): boolean {
  let child: Node = call;
  for (let p = call.parent; p && !sameNode(p, boundary); child = p, p = p.parent) {
    if (p.type === 'boolean_operator' && p.childForFieldName('operator')?.text === 'or') {
      const left = p.childForFieldName('left');
      if (left && sameNode(p.childForFieldName('right'), child) && isLookup(a, left)) return true;
    }
    if (p.type === 'block' && foundReturnsBefore(a, p, child)) return true;
    if (p.type === 'conditional_expression') {
      const [yes, cond, no] = p.namedChildren;
      const t = cond ? lookupTest(a, cond) : undefined;
      if (t && ((t.missing && sameNode(yes, child)) || (!t.missing && sameNode(no, child)))) return true;
    }
    if (p.type === 'if_statement' || p.type === 'elif_clause') {
      const cond = p.childForFieldName('condition');
      const t = cond ? lookupTest(a, cond) : undefined;
      if (!t) continue;
      const inConsequence = sameNode(p.childForFieldName('consequence'), child);
      if (t.missing === inConsequence && (inConsequence || child.type === 'else_clause' || child.type === 'elif_clause')) return true;
    }
  }
  return false;
}

/**
 * The early-return form: `rec = X.search(d)` / `if rec: return rec` earlier in the same block, then
 * the create. The create only runs when the lookup found nothing (auditlog's session getter).
 */
function foundReturnsBefore(a: FileAnalysis, block: Node, child: Node): boolean {
  for (const s of block.namedChildren) {
    if (!s || s.startIndex >= child.startIndex) break;
    if (s.type !== 'if_statement' || s.childForFieldName('alternative')) continue;
    const cond = s.childForFieldName('condition');
    const t = cond ? lookupTest(a, cond) : undefined;
    const body = s.childForFieldName('consequence')?.namedChildren.filter((c) => !!c && c.type !== 'comment') ?? [];
    if (t && !t.missing && body[body.length - 1]?.type === 'return_statement') return true;
  }
  return false;
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
function checkChained(ctx: RuleContext, a: FileAnalysis, c: ChainedCall) {
  // The same get-or-create exemption as in the loop body, applied in the method's own body (known
  // when the method is in this file).
  const inner = c.inner.filter((i) => {
    if (i.name !== 'create') return false;
    const at = innerCallNode(ctx.tree, ctx.file, a, c, i);
    return !at || !isGetOrCreate(at.analysis ?? a, at.call, at.method);
  });
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
    perIteration: true,
    summary: 'create(vals) called once per iteration of a loop, directly or in a same-model method called there (1 INSERT per record instead of 1 per 100).',
  },
  check(ctx) {
    const a = analysisFor(ctx.tree);
    for (const call of a.callsNamed('create')) check(ctx, a, call);
    for (const c of chainedCalls(ctx.tree, ctx.file, a, ctx.workspace)) checkChained(ctx, a, c);
  },
};
