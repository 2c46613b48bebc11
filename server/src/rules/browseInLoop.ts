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
import { modelsFor } from './analysis/models';
import { functionsNamedIn, type FunctionSyntax } from '../odoo/functions';
import { followedFunction } from './analysis/methodCalls';
import type { WorkspaceModel } from '../odoo/workspace';
import { nodeRange, type RelatedInfo } from './types';

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

/** `rec = Model.browse(i)` then `rec.with_prefetch(ids)`: the record shares a prefetch set. */
function assignedWithPrefetch(top: Node, loop: Loop): boolean {
  const left = top.parent?.childForFieldName('left');
  const body = loop.kind === 'for' ? loop.node.childForFieldName('body') : undefined;
  if (left?.type !== 'identifier' || !body) return false;
  return body.descendantsOfType('identifier').some((id) => !!id && id.text === left.text && id.startIndex > left.startIndex && useOf(id) === 'prefetch');
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

// ---------------------------------------------------------------------------------------------
// One level down: the browsed record handed to a METHOD of its model that reads its fields
// (`inv = Move.browse(i)` then `inv._get_lang()` whose body reads `self.partner_id`). The read
// inside the method is the same one-row SELECT per iteration as a read written in the loop.

/** BaseModel API called on the record: other rules (OP101 exists(), OP103/OP104, write) or no read. */
const NOT_FOLLOWED = new Set([
  'create', 'write', 'unlink', 'copy', 'browse', 'exists', 'search', 'search_count', 'search_read', 'search_fetch',
  'read_group', '_read_group', 'name_search', 'ensure_one', 'sudo', 'with_context', 'with_user', 'with_company',
  'with_env', 'with_prefetch', 'with_delay', 'delayable', 'filtered', 'filtered_domain', 'sorted', 'mapped', 'read',
  'name_get', 'flush', 'flush_model', 'flush_recordset', 'invalidate_cache', 'invalidate_model', 'invalidate_recordset',
  'modified', 'update', 'get', 'new', 'message_post', 'check_access_rights', 'check_access_rule', 'check_access',
]);

/** Stored on every model (magic columns), or computed from stored ones on every read. */
const ALWAYS_READ = new Set(['create_date', 'write_date', 'create_uid', 'write_uid', 'display_name']);
/** Stored fields of the core models wherever a model has them (a model without one cannot read it). */
const CORE_STORED = new Set(['name', 'state', 'active', 'sequence', 'date', 'ref', 'code']);

/** Whether `self.<name>` in a method of `model` certainly reads a column of the record. */
function isFieldName(name: string, model: string, ws: WorkspaceModel | undefined): boolean {
  if (NO_QUERY_ATTRS.has(name) || name.startsWith('_') || /^[A-Z]/.test(name)) return false;
  const defs = ws?.field(model, name) ?? [];
  // A non-stored computed field may compute from anything (or nothing); a related one reads its path.
  if (defs.length) return defs.some((f) => f.stored || !!f.related);
  // Odoo naming: `x_id` / `x_ids` are relational fields (a core model's, when the workspace lacks it).
  return ALWAYS_READ.has(name) || CORE_STORED.has(name) || /^[a-z][a-z0-9_]*_ids?$/.test(name);
}

/** `self[fname]` with a field name as key: a literal, or a variable named for a field. */
function subscriptField(key: Node | null, model: string, ws: WorkspaceModel | undefined): string | undefined {
  if (!key) return undefined;
  const k = unparen(key);
  const lit = /^[rbuRBU]?(['"])([a-z_][a-z0-9_]*)\1$/.exec(k.text);
  if (k.type === 'string' && lit) return isFieldName(lit[2]!, model, ws) ? `self[${k.text}]` : undefined;
  if (k.type === 'identifier' && /^(f|field|fld)_?(name)?$|^field_name$|^fname$/i.test(k.text)) return `self[${k.text}]`;
  return undefined;
}

/** The first certain read of a field of `self` in the method body (not in nested functions). */
function selfFieldRead(def: Node, model: string, ws: WorkspaceModel | undefined): { what: string; node: Node } | undefined {
  const body = def.childForFieldName('body');
  if (!body) return undefined;
  for (const id of body.descendantsOfType('identifier')) {
    if (!id || id.text !== 'self') continue;
    // a nested def has a `self` of its own
    let inner = false;
    for (let p = id.parent; p && p.id !== def.id; p = p.parent) if (p.type === 'function_definition') { inner = true; break; }
    if (inner) continue;
    let n: Node = id;
    for (;;) {
      const p = n.parent;
      if (p?.type !== 'attribute' || !sameNode(p.childForFieldName('object'), n)) break;
      const c = p.parent;
      if (c?.type !== 'call' || !sameNode(c.childForFieldName('function'), p) || !PASS_THROUGH.has(p.childForFieldName('attribute')?.text ?? '')) break;
      n = c;
    }
    const p = n.parent;
    if (p?.type === 'subscript' && sameNode(p.childForFieldName('value'), n)) {
      const what = subscriptField(p.childForFieldName('subscript'), model, ws);
      if (what) return { what, node: p };
      continue;
    }
    if (p?.type !== 'attribute' || !sameNode(p.childForFieldName('object'), n)) continue;
    const attr = p.childForFieldName('attribute')?.text ?? '';
    const called = p.parent?.type === 'call' && sameNode(p.parent.childForFieldName('function'), p);
    if (called) {
      if (READING_METHODS.has(attr)) return { what: `self.${attr}()`, node: p.parent! };
      continue;
    }
    if (isFieldName(attr, model, ws)) return { what: `self.${attr}`, node: p };
  }
  return undefined;
}

/** Whether the body calls `super().<name>(...)` (an override that still runs the others). */
function callsSuper(def: Node, name: string): boolean {
  return def.descendantsOfType('call').some((c) => {
    if (!c || calleeName(c) !== name) return false;
    const r = callReceiver(c);
    return r?.type === 'call' && calleeName(r) === 'super';
  });
}

function isModelMethod(f: FunctionSyntax): boolean {
  // @api.model: `self` is the empty model, not the browsed record
  return !f.decorators.some((d) => /\bapi\.model\b|\bmodel_create_multi\b|\bstaticmethod\b|\bclassmethod\b/.test(d.text));
}

interface MethodRead { label: string; related: RelatedInfo }

/**
 * `rec.method()` where every definition of `method` for the record's model (the model itself, its
 * `_inherit` ancestors, `base`) found in the workspace is known, at least one reads a field of
 * `self`, and the others read one too or call super(): then a run certainly reads the record.
 * Unknown methods (core Odoo, not in the workspace) stay quiet.
 */
function methodRead(ctx: RuleContext, call: Node, model: string): MethodRead | undefined {
  const name = calleeName(call);
  if (!name || NOT_FOLLOWED.has(name)) return undefined;
  const models = new Set([model, 'base', ...(ctx.workspace?.ancestorsOf?.(model) ?? [])]);
  let found: MethodRead | undefined;
  let defs = 0;
  /** Judges one definition at once: a followed tree may be evicted (and freed) by the next fetch. */
  const judge = (f: FunctionSyntax, file: string): boolean => {
    defs++;
    if (f.fact.cached || !isModelMethod(f)) return false;
    const read = selfFieldRead(f.node, model, ctx.workspace);
    if (read && !found) {
      const owner = f.fact.className ? `${f.fact.className}.${name}` : name;
      found = { label: `which reads ${read.what} (${owner}())`, related: { file, range: nodeRange(read.node), message: `${read.what} read in ${owner}()` } };
    }
    return !!read || callsSuper(f.node, name);
  };
  for (const f of functionsNamedIn(ctx.tree, ctx.file, name)) {
    if (f.fact.model && models.has(f.fact.model) && !judge(f, ctx.file)) return undefined;
  }
  for (const fact of ctx.workspace?.functionsNamed(name) ?? []) {
    if (fact.file === ctx.file || !fact.model || !models.has(fact.model)) continue;
    const f = followedFunction(fact);
    if (!f || !judge(f, fact.file)) return undefined; // a definition we cannot read: not certain
  }
  return defs ? found : undefined;
}

/** Method calls made on the browsed record: `browse(i).m()`, `rec.m()`, `rec.sudo().m()`. */
function methodCallsOn(top: Node, loop: Loop): Node[] {
  const calls: Node[] = [];
  const onto = (n: Node) => {
    let x = n;
    for (;;) {
      const p = x.parent;
      if (p?.type !== 'attribute' || !sameNode(p.childForFieldName('object'), x)) return;
      const c = p.parent;
      if (c?.type !== 'call' || !sameNode(c.childForFieldName('function'), p)) return;
      const attr = p.childForFieldName('attribute')?.text ?? '';
      if (!PASS_THROUGH.has(attr)) { calls.push(c); return; }
      x = c;
    }
  };
  onto(top);
  const p = top.parent;
  if (p?.type === 'assignment' && sameNode(p.childForFieldName('right'), top)) {
    const left = p.childForFieldName('left');
    const body = loop.kind === 'for' ? loop.node.childForFieldName('body') : undefined;
    if (left?.type === 'identifier' && body) {
      for (const id of body.descendantsOfType('identifier')) {
        if (id && id.text === left.text && id.startIndex > left.startIndex) onto(id);
      }
    }
  }
  return calls;
}

/** A method of the record's model that reads its fields, called on the browsed record. */
function readThroughMethod(ctx: RuleContext, a: FileAnalysis, recv: Node, top: Node, loop: Loop): MethodRead | undefined {
  const calls = methodCallsOn(top, loop);
  if (!calls.length) return undefined;
  const model = modelsFor(a, ctx.workspace).modelOf(recv);
  if (!model) return undefined;
  for (const c of calls) {
    const hit = methodRead(ctx, c, model);
    if (hit) return { ...hit, label: `${shortText(callReceiver(c)!, 30)}.${calleeName(c)}(), ${hit.label}` };
  }
  return undefined;
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
  let viaMethod: MethodRead | undefined;
  if (use !== 'read' && !readsAssigned(top, loop)) {
    if (top.parent?.type === 'assignment' && assignedWithPrefetch(top, loop)) return;
    viaMethod = readThroughMethod(ctx, a, recv, top, loop);
    if (!viaMethod) return;
  }
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
  const then = viaMethod ? `then ${viaMethod.label}` : 'then a field read';
  const message =
    `${shortText(call, 50)} inside ${where}, ${then}: ${per} per ${fromField ? 'distinct id' : 'iteration'} (${figures}), ` +
    `because each browse(id) prefetches only its own id${fromField ? ' (repeated ids hit the record cache)' : ''}. ${fix}: 1 query per 1000 records.`;
  const extra = { ...(fromField ? { severity: 'information' as const } : {}), ...(viaMethod ? { related: [viaMethod.related] } : {}) };
  ctx.report(call, message, Object.keys(extra).length ? extra : undefined);
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
