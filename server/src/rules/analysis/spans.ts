// Enclosing defs, lambdas, classes, loops and comprehensions of a node, answered from one per-tree
// table of those nodes' spans instead of climbing `.parent`. Each `.parent` is a wasm call that
// walks down from the root (~1.8 µs measured, against ~0.3 µs for `.type`), and the rules ask for
// the enclosing function / scope / loops of nearly every call and identifier they look at: on the
// benchmark the parent climbing of scope lookup, enclosingFunction and enclosingLoops was ~1 s.
// The table comes from the shared per-tree node list (treeMemo.nodesOfType, one wasm-side walk),
// plus one endIndex per table node.
import type { Node, Tree } from '../../parse/parser';
import { nodesOfType, perTree } from '../../odoo/treeMemo';

const SPAN_TYPES = [
  'function_definition', 'lambda', 'class_definition', 'for_statement', 'while_statement',
  'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression',
];

export interface SpanTable {
  /** The nodes of SPAN_TYPES, in pre-order (sorted by start). */
  nodes: Node[];
  types: string[];
  starts: number[];
  ends: number[];
  /** Index of the nearest table node enclosing nodes[i], or -1. */
  parent: number[];
}

export function spanTable(tree: Tree): SpanTable {
  return perTree(tree, 'analysisSpans', () => {
    const nodes = nodesOfType<Node>(tree, SPAN_TYPES);
    const types = nodes.map((n) => n.type);
    const starts = nodes.map((n) => n.startIndex);
    const ends = nodes.map((n) => n.endIndex);
    const parent: number[] = [];
    const stack: number[] = [];
    for (let i = 0; i < nodes.length; i++) {
      while (stack.length && ends[stack[stack.length - 1]] <= starts[i]) stack.pop();
      parent.push(stack.length ? stack[stack.length - 1] : -1);
      stack.push(i);
    }
    return { nodes, types, starts, ends, parent };
  });
}

/**
 * Index in the table of the innermost table node that is a proper ancestor of `node`, -1 when
 * none is, or undefined when spans alone cannot tell (a table node starting or ending exactly
 * where `node` starts: `[x for x in y][0]` starts with its comprehension, a zero-width node of an
 * erroneous tree may sit at a span's end). Callers then climb `.parent` as before.
 */
export function innermostSpan(t: SpanTable, node: Node): number | undefined {
  const s = node.startIndex;
  // last table node starting at or before s
  let lo = 0;
  let hi = t.starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t.starts[mid] <= s) lo = mid + 1;
    else hi = mid;
  }
  // Every table node containing s starts at or before it, so it is that node or one of its
  // ancestors (a table node starting inside another is nested in it).
  for (let j = lo - 1; j >= 0; j = t.parent[j]) {
    if (t.nodes[j].id === node.id) continue;
    if (t.starts[j] === s || t.ends[j] === s) return undefined;
    if (t.starts[j] < s && s < t.ends[j]) return j;
  }
  return -1;
}
