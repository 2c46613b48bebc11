// The call a finding points at. nodeAtRange() climbs to the outermost node of exactly the
// finding's span, which for a call standing alone on its line is the expression statement.
import type { Node } from '../parse/parser';
import type { Finding } from '../rules/types';
import { nodeAtRange } from './edits';
import type { FixContext } from './types';

/** The call node of the finding's range (nodeAtRange climbs to a statement spanning just the call). */
export function callAt(ctx: FixContext, finding: Finding): Node | undefined {
  let n = nodeAtRange(ctx.tree, finding.range);
  while (n && n.type !== 'call' && n.namedChildren.length === 1 && n.namedChildren[0]!.startIndex === n.startIndex && n.namedChildren[0]!.endIndex === n.endIndex) n = n.namedChildren[0]!;
  return n?.type === 'call' ? n : undefined;
}

