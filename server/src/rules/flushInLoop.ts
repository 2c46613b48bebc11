// OP105 flush-in-loop: a write inside a loop that something in the same loop flushes on every
// iteration. Writes are deferred: measured on Odoo 18, `rec.write({...})` in a loop over 100
// records costs the same as one batched write (1 UPDATE per 100 rows). But a flush point in the
// same loop pushes the pending row out each time: `rec.write({'state': ...})` followed by
// `search_count([('state', '=', ...)])` measured 200 queries for 100 records (2000 for 1000).
// What flushes (Odoo 16-18 source): a search/search_count/read_group flushes only the fields its
// domain, order and groupby read, on their model; flush_all/flush_model/flush_recordset and
// invalidate_* (flush=True by default) what they name; cursor commit() flushes everything.
// `cr.execute` does NOT flush (Cursor.execute sends the SQL as given; only env.execute_query,
// 17+, flushes first), so it is not a flush point here — OP106 reports it for its own round trip.
import type { Node } from '../parse/parser';
import { lowerBound, nodesOfType } from '../odoo/treeMemo';
import { callIndex } from './analysis/calls';
import { analysisFor, repeatingLoop, type FileAnalysis, type Loop } from './analysis/index';
import { modelsFor, type ModelResolver } from './analysis/models';
import { callArgs, calleeName, callReceiver, contains, enclosingFunction, keywordArg, positionalArgs, sameNode, shortText, unparen } from './analysis/syntax';
import { isCursor } from './sqlInLoop';
import { isChunkingLoop } from './analysis/perIteration';
import type { Rule, RuleContext } from './types';

const SEARCHES = new Set(['search', 'search_count', 'search_read', 'search_fetch', 'read_group', '_read_group']);
/** Searches that also flush the fields of the model's _order. */
const ORDERED = new Set(['search', 'search_read', 'search_fetch']);
const EXPLICIT = new Set(['flush_all', 'flush_model', 'flush_recordset', 'invalidate_all', 'invalidate_model', 'invalidate_recordset']);
const PLAIN_ATTRS = new Set(['id', 'ids', 'env', '_context', '_cr', '_uid', '_prefetch_ids', '_origin']);

interface Write { node: Node; model?: string; fields?: Set<string>; text: string }

function str(n: Node | undefined | null): string | undefined {
  if (!n) return undefined;
  const m = /^[rbuRBU]?(['"])(.*)\1$/s.exec(unparen(n).text);
  return unparen(n).type === 'string' && m ? m[2] : undefined;
}

function dictKeys(n: Node | undefined): Set<string> | undefined {
  if (!n || unparen(n).type !== 'dictionary') return undefined;
  const keys = new Set<string>();
  for (const pair of unparen(n).namedChildren) {
    if (pair?.type !== 'pair') return undefined; // **vals
    const k = str(pair.childForFieldName('key'));
    if (!k) return undefined;
    keys.add(k);
  }
  return keys;
}

function inSameFunction(node: Node, loop: Loop): boolean {
  const f = enclosingFunction(node);
  return !!f && contains(loop.node, f) === false;
}

/** Writes repeated by `loop`: `x.write({...})`, `x.update({...})` on records, `rec.field = v`. */
function writesIn(loop: Loop, a: FileAnalysis, models: ModelResolver, ctx: RuleContext): Write[] {
  const body = loop.node.childForFieldName('body');
  if (!body) return [];
  const out: Write[] = [];
  // The calls and assignments of the body from the file's shared pre-order lists (a node starting
  // inside the body is in it), with the callee names read once per file: the same nodes in the
  // same order as body.descendantsOfType(), without a wasm walk and a callee read per call.
  const start = body.startIndex;
  const end = body.endIndex;
  const index = callIndex(ctx.tree);
  for (let i = lowerBound(index.calls, start); i < index.calls.length && index.calls[i].startIndex < end; i++) {
    const call = index.calls[i];
    const name = index.names[i];
    if (name !== 'write' && name !== 'update') continue;
    if (!inSameFunction(call, loop)) continue;
    const recv = callReceiver(call);
    if (!recv || a.orm.kind(recv) !== 'records') continue;
    out.push({ node: call, model: models.modelOf(recv), fields: dictKeys(positionalArgs(call)[0]), text: `${shortText(recv, 30)}.${name}()` });
  }
  const assignments = nodesOfType<Node>(ctx.tree, ['assignment', 'augmented_assignment']);
  for (let i = lowerBound(assignments, start); i < assignments.length && assignments[i].startIndex < end; i++) {
    const asg = assignments[i];
    if (!inSameFunction(asg, loop)) continue;
    const left = asg.childForFieldName('left');
    if (left?.type !== 'attribute') continue;
    const obj = left.childForFieldName('object');
    const field = left.childForFieldName('attribute')?.text ?? '';
    if (!obj || PLAIN_ATTRS.has(field) || a.orm.kind(obj) !== 'records') continue;
    const model = models.modelOf(obj);
    // a non-stored field assignment is no pending UPDATE
    if (model && ctx.workspace.field(model, field).some((f) => !f.stored)) continue;
    out.push({ node: asg, model, fields: new Set([field]), text: `${shortText(left, 30)} = …` });
  }
  return out.sort((x, y) => x.node.startIndex - y.node.startIndex);
}

/** Field names a search-like call reads (domain leaves, groupby, aggregates, order), or undefined when not literal. */
function searchedFields(call: Node, model: string, ctx: RuleContext): Set<string> | undefined {
  const name = calleeName(call)!;
  const fields = new Set<string>();
  const addPath = (s: string) => fields.add(s.split(/[.:]/)[0]!.trim());
  const domain = keywordArg(call, 'domain') ?? positionalArgs(call)[0];
  if (!domain || unparen(domain).type !== 'list') return undefined;
  for (const leaf of unparen(domain).namedChildren) {
    if (!leaf) continue;
    const u = unparen(leaf);
    if (u.type === 'string') continue; // '&', '|', '!'
    if (u.type !== 'tuple' && u.type !== 'list') return undefined;
    const f = str(u.namedChildren[0]);
    if (!f) return undefined;
    addPath(f);
  }
  if (name === 'read_group' || name === '_read_group') {
    for (const arg of [...positionalArgs(call).slice(1), ...callArgs(call).filter((c) => c.type === 'keyword_argument').map((k) => k.childForFieldName('value'))]) {
      const u = arg && unparen(arg);
      if (u && (u.type === 'list' || u.type === 'tuple')) for (const s of u.namedChildren) { const v = str(s); if (v && v !== '__count') addPath(v); }
    }
  }
  if (ORDERED.has(name)) {
    const order = str(keywordArg(call, 'order')) ?? ctx.workspace.model(model)?.order ?? 'id';
    for (const part of order.split(',')) if (part.trim()) addPath(part.trim().split(/\s+/)[0]!);
  }
  return fields;
}

type Forcer = { call: Node; what: string; matches(w: Write): boolean };

function forcerOf(call: Node, a: FileAnalysis, models: ModelResolver, ctx: RuleContext): Forcer | undefined {
  const name = calleeName(call) ?? '';
  const recv = callReceiver(call);
  if (!recv) return undefined;
  if (name === 'commit') return undefined; // reported on its own below
  if (EXPLICIT.has(name)) {
    if (!a.orm.isOrm(recv)) return undefined;
    if (name.startsWith('invalidate_') && unparen(keywordArg(call, 'flush') ?? recv).type === 'false') return undefined;
    if (name === 'flush_all' || name === 'invalidate_all') return { call, what: `${name}()`, matches: () => true };
    const m = a.orm.kind(recv) === 'records' ? models.modelOf(recv) : str(positionalArgs(call)[0]);
    return { call, what: `${shortText(recv, 30)}.${name}()`, matches: (w) => !m || !w.model || m === w.model };
  }
  if (!SEARCHES.has(name) || !a.orm.isOrm(recv)) return undefined;
  const model = models.modelOf(recv);
  if (!model) return undefined;
  const fields = searchedFields(call, model, ctx);
  if (!fields) return undefined;
  return {
    call,
    what: `${shortText(recv, 30)}.${name}()`,
    matches: (w) => w.model === model && !!w.fields && [...w.fields].some((f) => fields.has(f)),
  };
}

function lineOf(n: Node): number {
  return n.startPosition.row + 1;
}

export const flushInLoop: Rule = {
  meta: {
    code: 'OP105',
    name: 'flush-in-loop',
    defaultSeverity: 'warning',
    perIteration: true,
    summary: 'A write in a loop flushed on every iteration by a search on the written field, an explicit flush or a commit (1 UPDATE per record instead of 1 per 100).',
  },
  check(ctx) {
    const a = analysisFor(ctx.tree);
    const models = modelsFor(a, ctx.workspace);
    const reported = new Set<number>();
    // Every search or flush of a loop asks for the loop's writes: read them once per loop.
    const writes = new Map<number, Write[]>();
    const writesOf = (loop: Loop) => {
      let w = writes.get(loop.node.id);
      if (!w) writes.set(loop.node.id, (w = writesIn(loop, a, models, ctx)));
      return w;
    };
    const names = [...SEARCHES, ...EXPLICIT];
    const calls = names.flatMap((n) => a.callsNamed(n)).sort((x, y) => x.startIndex - y.startIndex);
    for (const call of calls) {
      const loop = repeatingLoop(a, call, { allowBatchingWhile: true });
      if (!loop || (loop.kind !== 'for' && loop.kind !== 'while')) continue;
      const forcer = forcerOf(call, a, models, ctx);
      if (!forcer) continue;
      for (const w of writesOf(loop)) {
        if (reported.has(w.node.id) || !forcer.matches(w) || sameNode(w.node, call)) continue;
        reported.add(w.node.id);
        const where = loop.kind === 'while' ? `a '${a.loops.describe(loop)}' loop` : `a loop over '${a.loops.describe(loop)}'`;
        ctx.report(
          w.node,
          `${w.text} inside ${where} is flushed on every iteration by ${forcer.what} (line ${lineOf(call)}): 1 UPDATE per ` +
            'iteration instead of 1 per 100 rows (measured on Odoo 18 with a search_count on the written field: 200 queries for ' +
            '100 records, 2000 for 1000). Write once after the loop, or move the search/flush out of the loop.',
          { related: [{ file: ctx.file, range: { start: { line: call.startPosition.row, character: call.startPosition.column }, end: { line: call.endPosition.row, character: call.endPosition.column } }, message: `${forcer.what} flushes the pending write here` }] },
        );
      }
    }
    // cr.commit() per iteration: flushes everything pending and pays a COMMIT (a WAL sync) each time.
    for (const call of a.callsNamed('commit')) {
      const recv = callReceiver(call);
      if (!recv || !isCursor(a, recv)) continue;
      const loop = repeatingLoop(a, call, { allowBatchingWhile: true });
      if (!loop || (loop.kind !== 'for' && loop.kind !== 'while') || isChunkingLoop(loop)) continue;
      const where = loop.kind === 'while' ? `a '${a.loops.describe(loop)}' loop` : `a loop over '${a.loops.describe(loop)}'`;
      // Information, not warning: on real code (OCA) a commit per item is nearly always deliberate
      // (mail fetching, per-file imports: keep what succeeded). The cost is still worth knowing.
      ctx.report(
        call,
        `cr.commit() inside ${where}: every iteration flushes the pending writes (1 UPDATE per iteration instead of 1 per 100 rows) ` +
          'and pays a COMMIT. If the per-item commit is not needed for error isolation, commit per batch (e.g. every 100-1000 records) or hand chunks to queue jobs.',
        { severity: 'information' },
      );
    }
  },
};
