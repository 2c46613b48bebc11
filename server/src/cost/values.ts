// Abstract values the estimator tracks through a method body. The central one is a recordset
// together with its *prefetch set* (Origin): records reached from one search, one browse(ids), one
// x2many read share one, and a stored field read on any of them fetches the field for the whole
// set, PREFETCH_MAX ids per query. The record cache is the Origin's `fetched` set.
import type { Node } from '../parse/parser';
import { type Formula, constant, mul } from './formula';

export interface LoopFrame {
  id: number;
  node: Node;
  /** Iterations of one run of the loop. */
  size: Formula;
}

export interface Origin {
  id: number;
  model?: string;
  /** Records in the prefetch set, per creation. */
  size: Formula;
  /** Loops active when the set was created: it is created once per their combined iteration. */
  loops: LoopFrame[];
  /** Field names whose values are cached for the whole set; '*' = every stored column. */
  fetched: Set<string>;
  /** Records created in this method: all their values are in cache. */
  isNew: boolean;
  /** Sets reached by a relational field (memoised: `rec.partner_id` twice is one prefetch set). */
  derived: Map<string, Origin>;
  /** Set by invalidate_*(): reads re-fetch once per run of these loops. */
  refetchLoops?: LoopFrame[];
  label: string;
}

export type Value =
  | { kind: 'records'; origin: Origin; count: Formula }
  | { kind: 'model'; model?: string }
  | { kind: 'ids'; size: Formula; origin?: Origin }
  /** One record's id; `origin` when it is `rec.id` of a known prefetch set (a create's many2one value). */
  | { kind: 'id'; origin?: Origin }
  | { kind: 'list'; size: Formula; elem?: Value; node?: Node; loops?: LoopFrame[] }
  | { kind: 'tuple'; items: Value[] }
  | { kind: 'dict'; entries: Map<string, Value>; node?: Node; size?: Formula; loops?: LoopFrame[] }
  | { kind: 'int'; size?: Formula; literal?: number }
  | { kind: 'cr' }
  | { kind: 'env' }
  | { kind: 'unknown' };

export const UNKNOWN: Value = { kind: 'unknown' };

export function multOf(loops: LoopFrame[]): Formula {
  return loops.reduce((acc, l) => mul(acc, l.size), constant(1));
}

/** Length of the common prefix of two loop stacks (loops both run inside). */
export function commonDepth(a: LoopFrame[], b: LoopFrame[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i].id === b[i].id) i++;
  return i;
}
