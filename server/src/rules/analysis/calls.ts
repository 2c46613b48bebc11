// The calls of a file grouped by called name (`x.search(...)` and `search(...)` under 'search'),
// built once per syntax tree from the shared pre-order call list and shared by every rule and
// analysis that looks for calls of a few names (instead of each reading the callee of every call).
import type { Node, Tree } from '../../parse/parser';
import { nodesOfType, perTree } from '../../odoo/treeMemo';
import { calleeName } from './syntax';

export interface CallIndex {
  /** Every call of the file, in pre-order (the order of `descendantsOfType('call')`). */
  calls: Node[];
  /** names[i]: calleeName(calls[i]). */
  names: (string | undefined)[];
  /** Calls by called name, each list in pre-order; keys in order of first call. */
  byName: Map<string, Node[]>;
}

export function callIndex(tree: Tree): CallIndex {
  return perTree(tree, 'analysisCallIndex', () => {
    const calls = nodesOfType<Node>(tree, 'call');
    const names = calls.map((c) => calleeName(c));
    const byName = new Map<string, Node[]>();
    calls.forEach((call, i) => {
      const name = names[i];
      if (!name) return;
      const list = byName.get(name);
      if (list) list.push(call);
      else byName.set(name, [call]);
    });
    return { calls, names, byName };
  });
}

/** Calls of `name` in the file, in pre-order (shared list: do not modify). */
export function callsNamedIn(tree: Tree, name: string): Node[] {
  return callIndex(tree).byName.get(name) ?? [];
}
