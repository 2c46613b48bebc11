// The cost of one run of a followed method (OP101's "helper called per iteration" findings):
// the ORM calls of its body, except that calls in exclusive arms of one if/elif/else are not all
// paid by one run: only the costliest arm counts (l10n_it's AccountTax.compute_balance() runs a
// read_group in its `if` arm or one in its `elif` arm: 1 call per run, not 2).
import type { Node, Tree } from '../parse/parser';
import type { Range } from '../rules/types';
import { type BranchStep, sumExclusive } from './branches';
import { constant, evaluate } from './formula';
import { followedTree } from './sites';
import { sameNode } from '../rules/analysis/syntax';

interface Located {
  name: string;
  range: Range;
}

/**
 * Queries of one run of the callee and the chain label ("search() + search()", or
 * "read_group() or read_group()" for exclusive arms). `tree`/`file` are the file being checked
 * (the open buffer wins over the disk copy); a callee in another file is parsed from disk.
 */
export function exclusiveCost<T extends Located>(tree: Tree, file: string, calleeFile: string, calls: T[], cost: (c: T) => number): { perCall: number; label: string } {
  const sum = calls.reduce((n, c) => n + cost(c), 0);
  const plain = { perCall: sum, label: calls.map((c) => `${c.name}()`).join(' + ') };
  const t = calleeFile === file ? tree : followedTree(calleeFile);
  if (!t) return plain;
  const paths = calls.map((c) => armsOf(callAt(t, c.range)));
  if (paths.every((p) => !p.length)) return plain;
  const items = calls.map((c, i) => ({ c, path: paths[i] }));
  const perCall = evaluate(sumExclusive(items, (x) => constant(cost(x.c)), (x) => x.path, 1), 1);
  return { perCall, label: labelOf(items, 0) };
}

/** The call node starting at `range` (the fact's range), if the tree still has it there. */
function callAt(tree: Tree, range: Range): Node | undefined {
  let n: Node | null = tree.rootNode.descendantForPosition({ row: range.start.line, column: range.start.character });
  while (n && !(n.type === 'call' && n.startPosition.row === range.start.line && n.startPosition.column === range.start.character
    && n.endPosition.row === range.end.line && n.endPosition.column === range.end.character)) n = n.parent;
  return n ?? undefined;
}

/** The if/elif/else arms holding `node` within its function, outermost first. */
function armsOf(node: Node | undefined): BranchStep[] {
  const out: BranchStep[] = [];
  if (!node) return out;
  for (let p = node.parent; p && p.type !== 'function_definition'; p = p.parent) {
    if (p.type !== 'block') continue;
    const owner = p.parent;
    if (!owner) continue;
    if (owner.type === 'if_statement' && sameNode(owner.childForFieldName('consequence'), p)) out.unshift({ ifId: owner.id, arm: 0 });
    else if ((owner.type === 'elif_clause' || owner.type === 'else_clause') && owner.parent?.type === 'if_statement') {
      const ifs = owner.parent;
      const alts = ifs.childrenForFieldName('alternative').filter((x): x is Node => !!x);
      const i = alts.findIndex((x) => sameNode(x, owner));
      if (i >= 0) out.unshift({ ifId: ifs.id, arm: i + 1 });
    }
  }
  return out;
}

/** "a() + b()" for a sequence; an if's arms joined with " or " (bracketed when mixed with more). */
function labelOf<T extends Located>(items: { c: T; path: BranchStep[] }[], depth: number): string {
  const parts: string[] = [];
  const seen = new Map<number, number>();
  const groups: { c?: T; arms?: Map<number, { c: T; path: BranchStep[] }[]> }[] = [];
  for (const it of items) {
    const step = it.path[depth];
    if (!step) { groups.push({ c: it.c }); continue; }
    let gi = seen.get(step.ifId);
    if (gi === undefined) { seen.set(step.ifId, (gi = groups.length)); groups.push({ arms: new Map() }); }
    const arms = groups[gi]!.arms!;
    let list = arms.get(step.arm);
    if (!list) arms.set(step.arm, (list = []));
    list.push(it);
  }
  for (const g of groups) {
    if (g.c) { parts.push(`${g.c.name}()`); continue; }
    const arms = [...g.arms!.values()].map((list) => labelOf(list, depth + 1));
    const text = arms.length === 1 ? arms[0]! : arms.map((a) => (a.includes(' + ') ? `(${a})` : a)).join(' or ');
    parts.push(groups.length > 1 && arms.length > 1 ? `(${text})` : text);
  }
  return parts.join(' + ');
}
