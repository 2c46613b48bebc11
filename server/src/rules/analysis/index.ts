// Entry point of the shared rule analysis: one scope table, ORM classifier and loop analysis per
// syntax tree, shared by every rule that checks the same file.
import type { Node, Tree } from '../../parse/parser';
import { enclosingLoops, exitsAfter, isBatchingWhile, LoopAnalysis, type Loop } from './loops';
import { OrmAnalysis } from './orm';
import { scopesFor, type Scopes } from './scopes';
import { callIndex, callsNamedIn } from './calls';

export interface FileAnalysis {
  scopes: Scopes;
  orm: OrmAnalysis;
  loops: LoopAnalysis;
  /** Calls of the file by called name (`x.search(...)` and `search(...)` under 'search'). */
  callsNamed(name: string): Node[];
  /** Every called name of the file (the keys of callsNamed), in order of first call. */
  calledNames(): string[];
}

const cache = new WeakMap<Tree, FileAnalysis>();

export function analysisFor(tree: Tree): FileAnalysis {
  let a = cache.get(tree);
  if (!a) {
    const scopes = scopesFor(tree);
    const orm = new OrmAnalysis(scopes);
    a = {
      scopes,
      orm,
      loops: new LoopAnalysis(orm),
      callsNamed: (name) => callsNamedIn(tree, name),
      calledNames: () => [...callIndex(tree).byName.keys()],
    };
    cache.set(tree, a);
  }
  return a;
}

export interface RepeatOptions {
  /** Treat a search-driven `while` (the cron batching idiom) as not repeating the call. */
  allowBatchingWhile?: boolean;
}

/**
 * The loop that makes `node` run once per element of something data-sized, or undefined.
 * Innermost such loop wins, so nested loops report a call once. Loops over small literals,
 * loops left right after the call, and batching loops are skipped (an outer loop may still count).
 */
export function repeatingLoop(a: FileAnalysis, node: Node, options: RepeatOptions = {}): Loop | undefined {
  // Several rules ask about the same calls (OP101, OP105, OP106 ... all look at searches): one
  // answer per node and option per file analysis. Asking again would give the same loop, since
  // the size and ORM answers it reads are memoised.
  let memo = repeatMemo.get(a);
  if (!memo) repeatMemo.set(a, (memo = new Map()));
  const key = options.allowBatchingWhile ? -1 - node.id : node.id;
  if (memo.has(key)) return memo.get(key);
  const loop = findRepeatingLoop(a, node, options);
  memo.set(key, loop);
  return loop;
}

const repeatMemo = new WeakMap<FileAnalysis, Map<number, Loop | undefined>>();

function findRepeatingLoop(a: FileAnalysis, node: Node, options: RepeatOptions): Loop | undefined {
  for (const loop of enclosingLoops(node)) {
    if (exitsAfter(node, loop)) continue;
    if (options.allowBatchingWhile && isBatchingWhile(node, loop)) continue;
    if (loop.iterable && a.loops.size(loop.iterable).kind === 'batches') continue;
    if (!a.loops.isLarge(loop)) continue;
    return loop;
  }
  return undefined;
}

export type { Loop } from './loops';
export { isOrm, type OrmKind } from './orm';
