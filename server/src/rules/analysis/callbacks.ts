// Lambdas that run right away, once per element: `recs.filtered(lambda r: ...)`,
// `sorted(items, key=lambda x: ...)`. A lambda stored for later (`default=lambda self: ...`)
// is not one of them.
import type { Node } from '../../parse/parser';
import { calleeName, callReceiver, positionalArgs, sameNode, unparen } from './syntax';

/** Recordset methods that call their function argument once per record. */
export const CALLBACK_METHODS = new Set(['filtered', 'mapped', 'sorted', 'grouped']);
/** Builtins that call their function argument once per element. */
export const CALLBACK_FUNCTIONS = new Set(['map', 'filter', 'sorted', 'min', 'max', 'groupby']);

/** What `lambda` is called on, element by element, when it is such a callback. */
export function callbackIterable(lambda: Node): Node | undefined {
  let arg: Node = lambda;
  if (arg.parent?.type === 'keyword_argument') arg = arg.parent;
  const list = arg.parent;
  const call = list?.type === 'argument_list' ? list.parent : undefined;
  if (!call || call.type !== 'call') return undefined;
  const name = calleeName(call) ?? '';
  const recv = callReceiver(call);
  if (recv && CALLBACK_METHODS.has(name)) return recv;
  if (!recv && CALLBACK_FUNCTIONS.has(name)) return positionalArgs(call).find((a) => !sameNode(a, lambda));
  return undefined;
}

/** `r.a.b` with `r` the callback's parameter -> ['a', 'b'] (a field path); undefined otherwise. */
export function paramPath(n: Node, param: string): string[] | undefined {
  const parts: string[] = [];
  let cur = unparen(n);
  while (cur.type === 'attribute') {
    parts.unshift(cur.childForFieldName('attribute')?.text ?? '');
    cur = unparen(cur.childForFieldName('object')!);
  }
  return cur.type === 'identifier' && cur.text === param && parts.length ? parts : undefined;
}
