// The calls of a file grouped by called name (`x.search(...)` and `search(...)` under 'search'),
// built once per syntax tree from the shared pre-order call list and shared by every rule and
// analysis that looks for calls of a few names (instead of each reading the callee of every call).
import type { Node, Tree } from '../../parse/parser';
import { nodesOfType, perTree, treeSource } from '../../odoo/treeMemo';
import { cleanTree } from '../../odoo/pyast';
import { calleeName } from './syntax';

// The callee of a call read from the source text: reading it from the tree (childForFieldName,
// type, text: 3-4 wasm calls per call) was ~5% of the lint time, for every call of every file.
// A call's `function` child starts where the call starts. When the text there is a plain dotted
// name (ASCII identifiers, only spaces/tabs/newlines around the dots) directly followed by '(',
// and no other call starts at the same offset (a call starting there would be nested in the
// function part: `f(x)(y)`, `a.b(x).c(y)`, `a.b(x)[0](y)`), the function is exactly that name:
// an identifier or an attribute whose `attribute` is the last part. Anything else (comments,
// backslash continuations, strings, subscripts, parentheses, non-ASCII names, a tree with
// errors) is read from the tree as before.
const DOTTED_CALLEE = /[A-Za-z_][A-Za-z0-9_]*(?:[ \t\r\n]*\.[ \t\r\n]*[A-Za-z_][A-Za-z0-9_]*)*[ \t\r\n]*\(/y;
const LAST_NAME = /([A-Za-z_][A-Za-z0-9_]*)[ \t\r\n]*\($/;

function calleeNames(tree: Tree, calls: Node[]): (string | undefined)[] {
  if (!cleanTree(tree)) return calls.map((c) => calleeName(c));
  const { text, offset } = treeSource(tree);
  const names: (string | undefined)[] = new Array(calls.length);
  for (let i = 0; i < calls.length; i++) {
    const start = calls[i].startIndex;
    // an inner call at the same start follows immediately in pre-order
    const innermost = i + 1 >= calls.length || calls[i + 1].startIndex !== start;
    if (innermost) {
      DOTTED_CALLEE.lastIndex = start - offset;
      const m = DOTTED_CALLEE.exec(text);
      if (m) {
        names[i] = LAST_NAME.exec(m[0])![1];
        continue;
      }
    }
    names[i] = calleeName(calls[i]);
  }
  return names;
}

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
    const names = calleeNames(tree, calls);
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
