// A name bound to a literal (`events = []`, `todo = {}`) that the function then fills in place
// (`events.append(e)`, `events.extend(page)`, `todo[key] = ids`) holds as many items as the code
// adds, not the literal's count: a loop over it is data-sized (the mailgun events loop, the
// holiday list of l10n_br_resource), and is the loop that repeats a call made inside it.
import type { Node } from '../../parse/parser';
import { nodesOfType } from '../../odoo/treeMemo';
import { callsNamedIn } from './calls';
import { callReceiver } from './syntax';

const GROWING_METHODS = ['append', 'extend', 'insert', 'add', 'update', 'setdefault'];

/** True when `name` (an identifier) is filled in place in its function (or module). */
export function grownInPlace(name: Node): boolean {
  let scope: Node | null = name.parent;
  while (scope && scope.type !== 'function_definition' && scope.type !== 'module') scope = scope.parent;
  if (!scope) return false;
  const start = scope.startIndex;
  const end = scope.endIndex;
  const inScope = (n: Node) => n.startIndex >= start && n.endIndex <= end;
  for (const method of GROWING_METHODS) {
    for (const call of callsNamedIn(name.tree, method)) {
      const recv = callReceiver(call);
      if (recv?.type === 'identifier' && recv.text === name.text && inScope(call)) return true;
    }
  }
  for (const asg of nodesOfType<Node>(name.tree, 'assignment')) {
    const left = asg.childForFieldName('left');
    if (left?.type !== 'subscript' || !inScope(asg)) continue;
    const value = left.childForFieldName('value');
    if (value?.type === 'identifier' && value.text === name.text) return true;
  }
  return false;
}
