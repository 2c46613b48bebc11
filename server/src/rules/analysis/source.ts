// The source text of a syntax tree, read once per tree: `node.text` costs a wasm call (endIndex)
// per node, while a look at the source at a node's start (a free field) costs nothing. Used to
// reject most candidates by their first characters before asking the tree about them.
import type { Node } from '../../parse/parser';
import { treeSource } from '../../odoo/treeMemo';

/** True when the source at the start of `node` reads `prefix`. */
export function startsWithText(node: Node, prefix: string): boolean {
  const s = treeSource(node.tree);
  return s.text.startsWith(prefix, node.startIndex - s.offset);
}
