// OP107 aggregate-in-compute -> one grouped query on the lines before the compute's loop:
//   for job in self:                              hours_by_job = dict(self.env['x.line']._read_group(
//       job.total = sum(job.line_ids.mapped('h'))     [('job_id', 'in', self.ids)], ['job_id'], ['h:sum']))
//                                                 for job in self:
//                                                     job.total = hours_by_job.get(job._origin, 0)
// (`len(job.line_ids)` counts with '__count'; the query per Odoo version: groupedQuery.ts.)
// A refactor, never preferred nor applied by fix-all: the prefetch already reads all lines in 2
// queries (measured), so the gain is memory, and a compute that runs in a form (onchange) would
// read the saved lines instead of the edited ones.
// Offered only when the workspace proves the rewrite equal: the x2many is a stored One2many whose
// comodel and inverse Many2one (stored) are known, without `context=` (active_test) and with either
// no `domain=` or a literal list domain (copied into the query); the summed field is a stored
// Integer/Float/Monetary of the comodel; a sum is the whole value of a numeric field (an empty SUM
// is NULL: None, which the field turns into 0 but an expression would not); the loop is
// `for rec in self:` not inside another loop and writes nothing but `rec.<field>` (a line created or
// changed before the aggregate would be missed by a query run before the loop); version known.
import * as fs from 'node:fs';
import { parsePython, type Node, type Tree } from '../parse/parser';
import type { FieldInfo } from '../odoo/workspace';
import { analysisFor } from '../rules/analysis/index';
import { enclosingLoops } from '../rules/analysis/loops';
import { modelsFor } from '../rules/analysis/models';
import { calleeName, callArgs, callReceiver, enclosingFunction, positionalArgs, sameNode, unparen } from '../rules/analysis/syntax';
import { hasKwargsSplat, keywordValue } from './callArgs';
import { nodeAtRange, nodeRange, quoteLike } from './edits';
import { freshName, groupedQueryText, hoistBefore, NUMERIC, stringText, WRITES } from './groupedQuery';
import type { Fix, FixContext, FixProvider } from './types';

interface Aggregate { kind: 'count' | 'sum'; x2many: string; sumField?: string; quote?: string }

/** `sum(rec.X.mapped('f'))` / `len(rec.X)` with rec the loop variable. */
function aggregateOf(call: Node, rec: string): Aggregate | undefined {
  const name = calleeName(call);
  if (callReceiver(call) || (name !== 'sum' && name !== 'len') || call.childForFieldName('arguments')?.type !== 'argument_list') return undefined;
  const args = callArgs(call);
  if (args.length !== 1 || positionalArgs(call).length !== 1) return undefined;
  const recAttr = (n: Node | undefined): string | undefined => {
    const u = n ? unparen(n) : undefined;
    if (u?.type !== 'attribute' || u.childForFieldName('object')?.type !== 'identifier' || u.childForFieldName('object')?.text !== rec) return undefined;
    return u.childForFieldName('attribute')?.text;
  };
  const arg = unparen(args[0]!);
  if (name === 'len') {
    const x2many = recAttr(arg);
    return x2many ? { kind: 'count', x2many } : undefined;
  }
  if (arg.type !== 'call' || calleeName(arg) !== 'mapped' || callArgs(arg).length !== 1) return undefined;
  const f = positionalArgs(arg)[0];
  const field = stringText(f);
  const x2many = recAttr(callReceiver(arg));
  const quote = f?.descendantsOfType('string_start')[0]?.text.replace(/^[a-zA-Z]+/, '');
  return field && x2many && (quote === '"' || quote === "'") ? { kind: 'sum', x2many, sumField: field, quote } : undefined;
}

// Node types of a literal domain: lists/tuples of strings, numbers, booleans and None.
const LITERAL = new Set(['list', 'tuple', 'parenthesized_expression', 'string', 'string_start', 'string_content', 'string_end', 'escape_sequence', 'integer', 'float', 'true', 'false', 'none', 'unary_operator']);

function literalDomain(n: Node): boolean {
  // comments between the terms are dropped; one inside a term would end the copied line
  return n.type === 'list' && n.namedChildren.every((c) => !c || c.type === 'comment' || everyLiteral(c));
}

function everyLiteral(n: Node): boolean {
  if (!LITERAL.has(n.type)) return false;
  if (n.type === 'unary_operator' && !['integer', 'float'].includes(n.childForFieldName('argument')?.type ?? '')) return false;
  return n.namedChildren.every((c) => !c || everyLiteral(c));
}

/** The `fields.One2many(...)` call of a field definition (in this file's tree or read from disk). */
function withFieldCall<T>(ctx: FixContext, def: FieldInfo, use: (call: Node | undefined) => T): T {
  let own: Tree | undefined;
  let tree = ctx.tree;
  if (def.file !== ctx.file) {
    let text: string;
    try {
      text = fs.readFileSync(def.file, 'utf8');
    } catch {
      return use(undefined);
    }
    own = tree = parsePython(text);
  }
  try {
    const name = nodeAtRange(tree, def.range);
    const asg = name?.parent;
    const call = asg?.type === 'assignment' && sameNode(asg.childForFieldName('left'), name) ? asg.childForFieldName('right') : undefined;
    return use(call?.type === 'call' ? call : undefined);
  } finally {
    own?.delete();
  }
}

/**
 * The extra domain terms of the One2many ([] for none); undefined when they cannot be copied: a
 * non-literal domain (lambda, name, string), a `context=` (active_test changes what the x2many
 * holds), `**kwargs`, or two definitions (the field redefined by an _inherit) with different
 * domains. A redefinition without `domain=` keeps the inherited one (Odoo merges field kwargs).
 */
function relationTerms(ctx: FixContext, defs: FieldInfo[]): string[] | undefined {
  let terms: string[] | undefined;
  for (const def of defs) {
    const mine = withFieldCall(ctx, def, (call): string[] | null | undefined => {
      if (!call || hasKwargsSplat(call) || keywordValue(call, 'context')) return undefined;
      const domain = keywordValue(call, 'domain');
      if (!domain) return null;
      if (!literalDomain(domain)) return undefined;
      return domain.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment').map((c) => c.text);
    });
    if (mine === undefined) return undefined;
    if (mine === null) continue;
    if (terms && terms.join('\0') !== mine.join('\0')) return undefined;
    terms = mine;
  }
  return terms ?? [];
}

/** Writes in the loop other than `rec.<field> = ...`: a line created or changed there. */
function loopWrites(body: Node, rec: string, x2many: string): boolean {
  for (const c of body.descendantsOfType('call')) {
    const name = c ? calleeName(c) : undefined;
    if (name && WRITES.has(name)) return true;
  }
  for (const a of body.descendantsOfType(['assignment', 'augmented_assignment'])) {
    const left = a?.childForFieldName('left');
    if (!left) continue;
    for (const t of left.type === 'pattern_list' || left.type === 'tuple_pattern' ? left.namedChildren : [left]) {
      if (t?.type === 'subscript') return true;
      if (t?.type !== 'attribute') continue;
      const obj = t.childForFieldName('object');
      if (obj?.type !== 'identifier' || obj.text !== rec || t.childForFieldName('attribute')?.text === x2many) return true;
    }
  }
  return false;
}

// A computed or related field stored (store=True) is a column: _read_group flushes its pending
// recomputations before it runs. The One2many itself must be a plain one (no compute/related).
const stored = (defs: FieldInfo[]) => defs.length > 0 && defs.every((f) => f.stored);
const plain = (defs: FieldInfo[]) => stored(defs) && defs.every((f) => !f.compute && !f.related);

export const aggregateGroupFix: FixProvider = {
  code: 'OP107',
  fixes(finding, ctx) {
    const v = ctx.odooVersion;
    if (v === undefined || v < 9) return [];
    const call = nodeAtRange(ctx.tree, finding.range);
    if (call?.type !== 'call') return [];

    // The loop: `for rec in self:` directly repeating the aggregate, in no other loop.
    const loops = enclosingLoops(call);
    const loop = loops[0];
    if (loops.length !== 1 || loop.kind !== 'for' || !loop.iterable || unparen(loop.iterable).text !== 'self' || enclosingLoops(loop.node).length) return [];
    const left = loop.node.childForFieldName('left');
    const body = loop.node.childForFieldName('body');
    const fn = enclosingFunction(loop.node);
    if (left?.type !== 'identifier' || !body || loop.node.childForFieldName('alternative') || fn?.type !== 'function_definition' || !sameNode(enclosingFunction(call), fn)) return [];
    const rec = left.text;
    const agg = aggregateOf(call, rec);
    if (!agg) return [];

    // `rec.y = <aggregate>` (a count may sit inside an expression; a sum must be the whole value).
    let top = call;
    while (top.parent?.type === 'parenthesized_expression') top = top.parent;
    let asg: Node | null = top.parent;
    while (asg && asg.type !== 'assignment' && asg.type !== 'expression_statement' && !sameNode(asg, body)) asg = asg.parent;
    const target = asg?.type === 'assignment' ? asg.childForFieldName('left') : undefined;
    if (target?.type !== 'attribute' || target.childForFieldName('object')?.text !== rec) return [];
    if (agg.kind === 'sum' && !sameNode(asg!.childForFieldName('right'), top)) return [];
    if (loopWrites(body, rec, agg.x2many)) return [];

    // Workspace facts: a stored One2many with a known, stored inverse Many2one, a stored number summed.
    const model = modelsFor(analysisFor(ctx.tree), ctx.workspace).modelOf(unparen(loop.iterable));
    if (!model) return [];
    const rel = ctx.workspace.field(model, agg.x2many);
    const comodel = rel.find((f) => f.comodel)?.comodel;
    const inverse = rel.find((f) => f.inverseName)?.inverseName;
    if (!comodel || !inverse || !plain(rel) || rel.some((f) => f.type !== 'One2many' || (f.comodel ?? comodel) !== comodel || (f.inverseName ?? inverse) !== inverse)) return [];
    const inv = ctx.workspace.field(comodel, inverse);
    if (!stored(inv) || inv.some((f) => f.type !== 'Many2one' || (f.comodel !== undefined && f.comodel !== model))) return [];
    if (agg.sumField) {
      const summed = ctx.workspace.field(comodel, agg.sumField);
      if (!stored(summed) || summed.some((f) => !NUMERIC.has(f.type))) return [];
      // the field the sum is assigned to turns None (SUM of NULLs) into 0
      const assigned = ctx.workspace.field(model, target.childForFieldName('attribute')!.text);
      if (!assigned.length || assigned.some((f) => !NUMERIC.has(f.type))) return [];
      // `field:sum` in read_group's fields is Odoo 12+ (before, the field name alone)
      if (v < 12) return [];
    }
    const terms = relationTerms(ctx, rel);
    if (!terms) return [];

    const q = agg.quote ?? quoteLike(ctx.source, '')[0];
    const s = (x: string) => `${q}${x}${q}`;
    const base = inverse.replace(/_id$/, '') || inverse;
    const name = freshName(fn, agg.sumField ? `${agg.sumField}_by_${base}` : `count_by_${base}`);
    const domain = `[(${s(inverse)}, ${s('in')}, ${loop.iterable.text}.ids)${terms.map((t) => `, ${t}`).join('')}]`;
    const { query, read, api } = groupedQueryText({ version: v, receiver: `${loop.iterable.text}.env[${s(comodel)}]`, domain, groupBy: inverse, sumField: agg.sumField, quote: q, name, target: rec });
    const fix: Fix = {
      title: `Refactor: one ${api} for all records (1 query instead of loading the lines)`,
      code: 'OP107',
      edits: [hoistBefore(ctx, loop.node, `${name} = ${query}`), { file: ctx.file, range: nodeRange(call), newText: read }],
      preferred: false,
      safe: false,
    };
    return [fix];
  },
};
