// Shared checks for the fixes that move a per-iteration write out of its loop (OP103 create,
// OP104 unlink): the loop shape, the names it binds, fresh names, and "nothing else in the loop
// could notice that the write now happens after it" (no query, no other write, no early exit).
import type { Node } from '../parse/parser';
import { enclosingLoops, type Loop } from '../rules/analysis/loops';
import { calleeName, enclosingFunction, unparen } from '../rules/analysis/syntax';

/** Calls that read the database or write it: their result could depend on the moved write. */
const ORM_EFFECTS = new Set([
  'search', 'search_count', 'search_read', 'search_fetch', 'read', 'read_group', '_read_group', 'exists', 'browse',
  'create', 'write', 'unlink', 'copy', 'execute', 'flush', 'flush_model', 'flush_recordset', 'flush_all',
  'invalidate_cache', 'invalidate_model', 'invalidate_recordset', 'invalidate_all', 'mapped', 'filtered', 'sorted',
  'filtered_domain', 'fetch', 'action_archive', 'action_unarchive', 'toggle_active', 'name_search', 'name_create',
  'message_post', 'ensure_one', '_compute', 'modified', 'recompute', 'commit', 'rollback', 'savepoint',
]);

/** Pure builtins and value methods a vals-building body may call. */
const PURE_CALLS = new Set([
  'len', 'str', 'int', 'float', 'bool', 'dict', 'list', 'tuple', 'set', 'enumerate', 'zip', 'range', 'isinstance',
  'min', 'max', 'sum', 'round', 'abs', 'sorted', 'format', 'get', 'items', 'keys', 'values', 'append', 'update',
  'strip', 'lower', 'upper', 'join', 'split', 'replace', 'startswith', 'endswith', 'copy', '_', 'setdefault',
]);

export function identifiersIn(node: Node): Node[] {
  const out = node.type === 'identifier' ? [node] : [];
  return [...out, ...node.descendantsOfType('identifier').filter((n): n is Node => !!n)];
}

/** Names the loop binds (its targets and anything assigned inside it). */
export function boundInLoop(loop: Node): Set<string> {
  const out = new Set<string>();
  const left = loop.childForFieldName('left');
  if (left) for (const n of identifiersIn(left)) out.add(n.text);
  for (const kind of ['assignment', 'augmented_assignment', 'for_statement', 'named_expression', 'as_pattern', 'for_in_clause']) {
    for (const n of loop.descendantsOfType(kind)) {
      const target = n?.childForFieldName(kind === 'named_expression' ? 'name' : kind === 'as_pattern' ? 'alias' : 'left');
      if (target) for (const id of identifiersIn(target)) out.add(id.text);
    }
  }
  return out;
}

export function freshName(scope: Node | undefined, wanted: string): string {
  const used = new Set(scope ? identifiersIn(scope).map((n) => n.text) : []);
  if (!used.has(wanted)) return wanted;
  for (let i = 2; ; i++) if (!used.has(`${wanted}_${i}`)) return `${wanted}_${i}`;
}

/** The innermost loop of `stmt` when it is a plain for statement (no else) inside a function. */
export function plainForLoop(stmt: Node): Loop | undefined {
  const loop = enclosingLoops(stmt)[0];
  if (!loop || loop.kind !== 'for' || loop.node.type !== 'for_statement' || !loop.iterable) return undefined;
  if (loop.node.childForFieldName('alternative') || !enclosingFunction(loop.node)) return undefined;
  // async for / a loop inside a lambda: keep away
  if (loop.node.text.startsWith('async')) return undefined;
  // The statement must be in this loop's body, not in a nested def/class/lambda.
  for (let p = stmt.parent; p && p.id !== loop.node.id; p = p.parent) {
    if (['function_definition', 'class_definition', 'lambda', 'try_statement', 'with_statement'].includes(p.type)) return undefined;
  }
  return loop;
}

/**
 * Nothing in the loop body besides `except` (the moved statement) can observe the database: no ORM
 * call, no call beyond pure value builders, no return/yield (the loop would end before the batch
 * write), no try (savepoints, per-record error handling), no await.
 */
export function onlyBuildsValues(body: Node, except: Node): boolean {
  if (body.descendantsOfType(['return_statement', 'yield', 'try_statement', 'await', 'with_statement', 'global_statement', 'nonlocal_statement', 'lambda', 'function_definition', 'class_definition', 'delete_statement']).some((n) => !!n)) return false;
  for (const call of body.descendantsOfType('call')) {
    if (!call || (call.startIndex >= except.startIndex && call.endIndex <= except.endIndex)) continue;
    const name = calleeName(call);
    if (!name || ORM_EFFECTS.has(name) || !PURE_CALLS.has(name)) return false;
  }
  return true;
}

/** A receiver evaluated once after the loop instead of per iteration: no name the loop binds. */
export function loopInvariant(node: Node, bound: Set<string>): boolean {
  return !identifiersIn(unparen(node)).some((n) => bound.has(n.text));
}

/** The indentation unit the body uses relative to the loop header. */
export function statementIndent(source: string, node: Node): string {
  const lineStart = source.lastIndexOf('\n', node.startIndex - 1) + 1;
  return /^[ \t]*/.exec(source.slice(lineStart))![0];
}
