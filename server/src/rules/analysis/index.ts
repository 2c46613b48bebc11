// Entry point of the shared rule analysis: one scope table, ORM classifier and loop analysis per
// syntax tree, shared by every rule that checks the same file.
import type { Node, Tree } from '../../parse/parser';
import { enclosingLoops, exitsAfter, isBatchingWhile, LoopAnalysis, type Loop } from './loops';
import { OrmAnalysis } from './orm';
import { scopesFor, type Scopes } from './scopes';
import { nodesOfType } from '../../odoo/treeMemo';
import { calleeName } from './syntax';

export interface FileAnalysis {
  scopes: Scopes;
  orm: OrmAnalysis;
  loops: LoopAnalysis;
  /** Calls of the file by called name (`x.search(...)` and `search(...)` under 'search'). */
  callsNamed(name: string): Node[];
  /** Every called name of the file (the keys of callsNamed), in order of first call. */
  calledNames(): string[];
}

function indexCalls(tree: Tree): Map<string, Node[]> {
  const byName = new Map<string, Node[]>();
  for (const call of nodesOfType<Node>(tree, 'call')) {
    const name = call ? calleeName(call) : undefined;
    if (!call || !name) continue;
    const list = byName.get(name);
    if (list) list.push(call);
    else byName.set(name, [call]);
  }
  return byName;
}

const cache = new WeakMap<Tree, FileAnalysis>();

export function analysisFor(tree: Tree): FileAnalysis {
  let a = cache.get(tree);
  if (!a) {
    const scopes = scopesFor(tree);
    const orm = new OrmAnalysis(scopes);
    let calls: Map<string, Node[]> | undefined;
    a = {
      scopes,
      orm,
      loops: new LoopAnalysis(orm),
      callsNamed: (name) => (calls ??= indexCalls(tree)).get(name) ?? [],
      calledNames: () => [...(calls ??= indexCalls(tree)).keys()],
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
