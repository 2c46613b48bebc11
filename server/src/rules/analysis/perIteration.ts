// Shared wording and guards of the "one ORM call per iteration" rules (OP103 create, OP104 unlink,
// OP106 cr.execute): which loop repeats the call, how to name it in a message, and whether the
// call is deliberately isolated per iteration (a savepoint or try/except around it: batching
// would make one bad record abort the whole batch, which is the point of the isolation).
import type { Node } from '../../parse/parser';
import { repeatingLoop, type FileAnalysis, type Loop } from './index';
import { chainRoot } from './orm';
import { calleeName, intValue, keywordArg, sameNode, unparen } from './syntax';

export interface LoopSite {
  loop: Loop;
  /** "a loop over 'self'" / "a 'while todo' loop". */
  where: string;
  /** 'records' when the loop walks a recordset, else 'iterations'. */
  unit: 'records' | 'iterations';
}

export function loopSite(a: FileAnalysis, call: Node): LoopSite | undefined {
  const loop = repeatingLoop(a, call, { allowBatchingWhile: true });
  if (!loop || isChunkingLoop(loop)) return undefined;
  const text = a.loops.describe(loop);
  const where = loop.kind === 'while' ? `a '${text}' loop` : `a loop over '${text}'`;
  const unit = loop.iterable && a.loops.size(loop.iterable).kind === 'records' ? 'records' : 'iterations';
  return { loop, where, unit };
}

/**
 * True when, between the call and the loop, the call sits in a `try` body or a
 * `with ... savepoint()` block: each iteration is isolated on purpose.
 */
export function isolatedPerIteration(call: Node, loop: Loop): boolean {
  for (let p = call.parent; p && !sameNode(p, loop.node); p = p.parent) {
    if (p.type === 'try_statement') return true;
    if (p.type === 'with_statement') {
      // `with cr.savepoint():` or `with registry.cursor() as new_cr:` (own transaction per item)
      const items = p.namedChildren.find((c) => c?.type === 'with_clause');
      if (items?.descendantsOfType('call').some((c) => !!c && ['savepoint', 'cursor'].includes(calleeName(c) ?? ''))) return true;
    }
  }
  return false;
}

/** Chunk size below which a slice is a "first few" rather than a batch. */
const BATCH_MIN = 50;

/** `recs[0:1000]`, `ids[i:i + 1000]`, `todo[:batch_size]`: a chunk of a bigger set. */
export function isBatchSlice(value: Node): boolean {
  const v = unparen(value);
  if (v.type !== 'subscript') return false;
  const sub = v.childForFieldName('subscript');
  if (sub?.type !== 'slice') return false;
  const parts = sub.namedChildren.filter((c): c is Node => !!c);
  const text = sub.text.replace(/\s+/g, '');
  if (text.startsWith(':') && parts.length === 1) {
    const stop = intValue(parts[0]);
    return stop === undefined || stop >= BATCH_MIN;
  }
  const [start, stop] = parts;
  const a = intValue(start);
  const b = intValue(stop);
  if (a !== undefined && b !== undefined) return b - a >= BATCH_MIN;
  return true;
}

/** `Model.search(domain, limit=1000)` (limit not a small literal): one batch of a bigger set. */
export function isBatchSearch(value: Node): boolean {
  const v = unparen(value);
  if (v.type !== 'call' || !['search', 'search_fetch'].includes(calleeName(v) ?? '')) return false;
  const limit = keywordArg(v, 'limit');
  if (!limit) return false;
  const k = intValue(limit);
  return k === undefined || k >= BATCH_MIN;
}

/** The receiver is (bound to) a chunk of a bigger set: the loop handles batches, not records. */
export function isBatchReceiver(a: FileAnalysis, recv: Node): boolean {
  if (isBatchSlice(recv) || isBatchSearch(recv)) return true;
  const root = chainRoot(recv);
  if (!root) return false;
  const bindings = a.scopes.lookup(root);
  return bindings.some((b) => b.kind === 'assign' && !b.augmented && (isBatchSlice(b.value) || isBatchSearch(b.value)));
}

/** A while loop whose body takes chunks (`batch = todo[:1000]`, `search(..., limit=1000)`): one round per batch. */
export function isChunkingLoop(loop: Loop): boolean {
  const body = loop.node.childForFieldName('body');
  if (!body || loop.kind !== 'while') return false;
  return body.descendantsOfType('assignment').some((asg) => {
    const right = asg?.childForFieldName('right');
    return !!right && (isBatchSlice(right) || isBatchSearch(right));
  });
}
