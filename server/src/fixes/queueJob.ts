// OP301 / OP303: hand the slow work to an OCA queue_job (`X.with_delay(description=...).method()`)
// and add "queue_job" to the addon's manifest depends in the same edit when it is missing.
// Never safe (fixAll skips it): the work runs later, in another transaction, after the caller
// returned — a behaviour change the developer must accept — and it needs the job runner
// (server_wide_modules = web,queue_job, workers > 0).
//
// OP301: only a recordset method call whose result the handler ignores (an expression statement):
// a returned or assigned result would become a job instead of the value. Its arguments must be
// values a job can store (literals, the handler's parameters, recordsets), evaluated once as now.
//
// OP303: one job for the whole backlog would still be one transaction under a time limit (a job
// runs in an HTTP worker, limit_time_real applies), so the cron enqueues one job per chunk of
// JOB_CHUNK records. Only where the search result is processed by exactly one method call
// statement (`self.search(d).unlink()`, or `recs = self.search(d)` then `recs.write(vals)`),
// whose arguments are plain values (no call runs once per chunk instead of once).
import type { Node } from '../parse/parser';
import { analysisFor } from '../rules/analysis/index';
import { callArgs, calleeName, callReceiver, enclosingFunction, unparen } from '../rules/analysis/syntax';
import type { Finding } from '../rules/types';
import { eolOf, indentOf, insertAt, nodeRange, quoteLike } from './edits';
import { callAt } from './callAt';
import { addDependency } from './manifestDepends';
import { addonOf, type Fix, type FixContext, type FixProvider, type TextEdit } from './types';

/** Records per job for a cron backlog: small enough for one job to commit well within limits. */
export const JOB_CHUNK = 500;

/** Methods that only read or narrow a set: delaying them would throw their result away. */
const NOT_WORK = new Set(['sudo', 'with_context', 'with_company', 'with_user', 'with_env', 'filtered', 'filtered_domain', 'sorted', 'exists', 'mapped', 'read', 'ensure_one', 'search', 'search_count', 'search_read', 'search_fetch', 'browse', 'read_group', '_read_group', 'get', 'grouped', 'with_delay', 'delayable', 'with_prefetch', 'ids']);

/** "_push_remote" -> "Push remote": the job's label in the Job Queue menu. */
function describe(method: string): string {
  const words = method.replace(/^_+/, '').replace(/_+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : method;
}

function isStatement(call: Node): boolean {
  const p = call.parent;
  return p?.type === 'expression_statement' && p.namedChildren.length === 1;
}

const LITERALS = new Set(['string', 'integer', 'float', 'true', 'false', 'none']);

/** A value safe to evaluate again per chunk and storable in a job: literals and containers of them, names, attributes. */
function plainValue(n: Node, names: (id: Node) => boolean): boolean {
  const v = unparen(n);
  if (v.type === 'keyword_argument') return plainValue(v.childForFieldName('value')!, names);
  if (LITERALS.has(v.type)) return !v.namedChildren.some((c) => c?.type === 'interpolation');
  if (v.type === 'identifier') return names(v);
  if (v.type === 'attribute') return plainValue(v.childForFieldName('object')!, names);
  if (v.type === 'unary_operator') return plainValue(v.namedChildren[0]!, names);
  if (['list', 'tuple', 'set'].includes(v.type)) return v.namedChildren.every((c) => !c || c.type === 'comment' || plainValue(c, names));
  if (v.type === 'dictionary') {
    return v.namedChildren.every((c) => !c || c.type === 'comment' || (c.type === 'pair' && plainValue(c.childForFieldName('key')!, names) && plainValue(c.childForFieldName('value')!, names)));
  }
  return false;
}

/** The manifest edit, [] when queue_job is already a dependency, undefined when none can be made. */
function manifestEdits(ctx: FixContext): TextEdit[] | undefined {
  const addon = addonOf(ctx);
  if (!addon) return undefined;
  if (addon.depends.includes('queue_job')) return [];
  return addDependency(addon.manifestPath, 'queue_job');
}

function parameterNames(fn: Node | undefined): Set<string> {
  const out = new Set<string>();
  for (const p of fn?.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!p) continue;
    const id = p.type === 'identifier' ? p : p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier');
    if (id?.type === 'identifier') out.add(id.text);
  }
  return out;
}

export const blockingHttpQueueFix: FixProvider = {
  code: 'OP301',
  fixes(finding: Finding, ctx: FixContext): Fix[] {
    const call = callAt(ctx, finding);
    if (!call || !isStatement(call)) return [];
    const method = calleeName(call);
    const receiver = callReceiver(call);
    if (!method || !receiver || NOT_WORK.has(method)) return [];
    // Only a method of a model: a helper function or an HTTP client call cannot be delayed.
    if (!ctx.workspace.functionsNamed(method).some((f) => f.model)) return [];
    const a = analysisFor(ctx.tree);
    if (a.orm.kind(receiver) !== 'records') return [];
    const params = parameterNames(enclosingFunction(call));
    const storable = (id: Node) => params.has(id.text) || a.orm.kind(id) === 'records';
    if (!callArgs(call).every((arg) => arg.type !== 'list_splat' && arg.type !== 'dictionary_splat' && plainValue(arg, storable))) return [];
    const manifest = manifestEdits(ctx);
    if (!manifest) return [];
    const desc = quoteLike(ctx.source, describe(method));
    const at = { line: receiver.endPosition.row, character: receiver.endPosition.column };
    return [{
      title: `Run ${method}() in a queue job (with_delay)`,
      code: 'OP301',
      edits: [insertAt(ctx.file, at, `.with_delay(description=${desc})`), ...manifest],
      preferred: false,
      safe: false,
    }];
  },
};

/** The statement processing the search result, and the expression holding the result. */
function processing(search: Node): { call: Node; records: Node; assigned?: Node } | undefined {
  const parent = search.parent;
  // self.search(d).method(args)
  if (parent?.type === 'attribute' && parent.childForFieldName('object')?.id === search.id) {
    const call = parent.parent;
    if (call?.type !== 'call' || call.childForFieldName('function')?.id !== parent.id || !isStatement(call)) return undefined;
    return { call, records: search };
  }
  // recs = self.search(d) ... recs.method(args): the only use of recs, in the same block.
  const assignment = parent;
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('right')?.id !== search.id) return undefined;
  const left = assignment.childForFieldName('left');
  const stmt = assignment.parent;
  if (left?.type !== 'identifier' || stmt?.type !== 'expression_statement') return undefined;
  const fn = enclosingFunction(search);
  if (!fn) return undefined;
  const uses = fn.descendantsOfType('identifier').filter((n): n is Node => !!n && n.text === left.text && n.id !== left.id);
  if (uses.length !== 1) return undefined;
  const use = uses[0];
  const attr = use.parent;
  const call = attr?.parent;
  if (attr?.type !== 'attribute' || attr.childForFieldName('object')?.id !== use.id || call?.type !== 'call' || !isStatement(call)) return undefined;
  if (call.parent?.parent?.id !== stmt.parent?.id || call.startIndex < stmt.endIndex) return undefined;
  return { call, records: use, assigned: left };
}

function freshName(fn: Node | undefined, wanted: string): string {
  const used = new Set((fn?.descendantsOfType('identifier') ?? []).filter((n): n is Node => !!n).map((n) => n.text));
  if (!used.has(wanted)) return wanted;
  for (let i = 2; ; i++) if (!used.has(`${wanted}_${i}`)) return `${wanted}_${i}`;
}

export const cronQueueFix: FixProvider = {
  code: 'OP303',
  fixes(finding: Finding, ctx: FixContext): Fix[] {
    const search = callAt(ctx, finding);
    if (!search) return [];
    const found = processing(search);
    if (!found) return [];
    const { call } = found;
    const method = calleeName(call);
    if (!method || NOT_WORK.has(method)) return [];
    const fn = enclosingFunction(call);
    const params = parameterNames(fn);
    // Arguments re-evaluated per chunk: plain values only (self and the method's parameters).
    const plain = (id: Node) => id.text === 'self' || params.has(id.text);
    if (!callArgs(call).every((arg) => arg.type !== 'list_splat' && arg.type !== 'dictionary_splat' && plainValue(arg, plain))) return [];
    const manifest = manifestEdits(ctx);
    if (!manifest) return [];
    const src = ctx.source;
    const eol = eolOf(src);
    const stmt = call.parent!;
    const indent = indentOf(src, stmt.startPosition.row);
    const inner = indent + (/^\t+$/.test(indent) ? '\t' : '    ');
    const desc = quoteLike(src, describe(method));
    const args = src.slice(call.childForFieldName('arguments')!.startIndex, call.endIndex);
    const edits: TextEdit[] = [];
    let records: string;
    let head = '';
    if (found.assigned) {
      records = found.assigned.text;
    } else {
      records = freshName(fn, 'records');
      head = `${records} = ${search.text}${eol}${indent}`;
    }
    const start = freshName(fn, 'start');
    const loop = `${head}for ${start} in range(0, len(${records}), ${JOB_CHUNK}):${eol}${inner}${records}[${start}:${start} + ${JOB_CHUNK}].with_delay(description=${desc}).${method}${args}`;
    edits.push({ file: ctx.file, range: nodeRange(stmt), newText: loop });
    return [{
      title: `Run ${method}() in queue jobs of ${JOB_CHUNK} records (with_delay)`,
      code: 'OP303',
      edits: [...edits, ...manifest],
      preferred: false,
      safe: false,
    }];
  },
};
