// Mutually exclusive branches: the arms of one `if/elif/else` never run in the same pass, so a
// total over them is the costliest arm, not their sum (`if a: read_group(...) elif b:
// read_group(...)` costs one read_group per run, not two). Each charged cost carries the arms it
// sits in (outermost first); sums over costs take, per `if`, the maximum over its arms.
import { type Formula, add, evaluate, ZERO } from './formula';

/** One arm of one if statement: `ifId` the if_statement node id, `arm` 0 for the consequence. */
export interface BranchStep {
  ifId: number;
  arm: number;
}

/**
 * The sum of `items`' formulas where, for each if statement, only its costliest arm counts
 * (compared at N = `n`, then at 1000 on a tie). Items outside any if are summed as they are.
 */
export function sumExclusive<T>(items: T[], formula: (t: T) => Formula, path: (t: T) => BranchStep[] | undefined, n: number): Formula {
  return sumAt(items.map((t) => ({ f: formula(t), path: path(t) ?? [] })), 0, n);
}

interface Item {
  f: Formula;
  path: BranchStep[];
}

function sumAt(items: Item[], depth: number, n: number): Formula {
  const plain: Formula[] = [];
  const byIf = new Map<number, Map<number, Item[]>>();
  for (const it of items) {
    const step = it.path[depth];
    if (!step) {
      plain.push(it.f);
      continue;
    }
    let arms = byIf.get(step.ifId);
    if (!arms) byIf.set(step.ifId, (arms = new Map()));
    let list = arms.get(step.arm);
    if (!list) arms.set(step.arm, (list = []));
    list.push(it);
  }
  for (const arms of byIf.values()) {
    let best: Formula = ZERO;
    let first = true;
    for (const list of arms.values()) {
      const f = sumAt(list, depth + 1, n);
      if (first || costlier(f, best, n)) best = f;
      first = false;
    }
    plain.push(best);
  }
  return plain.length ? add(...plain) : ZERO;
}

function costlier(a: Formula, b: Formula, n: number): boolean {
  const x = evaluate(a, n);
  const y = evaluate(b, n);
  return x !== y ? x > y : evaluate(a, 1000) > evaluate(b, 1000);
}
