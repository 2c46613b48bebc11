// OCA code marks reviewed spots with pylint-odoo's own switches (`sql-injection`,
// `external-request-timeout`). Honour them rather than repeat a finding somebody already weighed:
// a trailing `# pylint: disable=...` on the call's lines, or a standalone one earlier in the
// enclosing function, which pylint applies to the rest of the block.
import type { Node } from '../../parse/parser';

export function disabledForPylint(call: Node, messages: string[]): boolean {
  const pattern = new RegExp(`pylint:\\s*disable=[\\w,\\s-]*\\b(${messages.join('|')})\\b`);
  let scope: Node | null = call.parent;
  while (scope && scope.type !== 'function_definition') scope = scope.parent;
  const root = scope ?? call.tree.rootNode;
  for (const comment of root.descendantsOfType('comment')) {
    if (!comment || !pattern.test(comment.text)) continue;
    const row = comment.startPosition.row;
    if (row >= call.startPosition.row && row <= call.endPosition.row) return true;
    const standalone = !comment.previousSibling || comment.previousSibling.endPosition.row < row;
    if (scope && standalone && row < call.startPosition.row) return true;
  }
  return false;
}
