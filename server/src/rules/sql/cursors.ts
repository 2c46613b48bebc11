// What a database cursor looks like in Odoo code: self.env.cr, self._cr, request.env.cr, env.cr,
// record.env.cr, self.cr (controllers and old tests), a `cr` parameter, or a name bound to one of
// those or to `registry.cursor()`.
import type { Node } from '../../parse/parser';
import { lowerBound, nodesOfType, perTree } from '../../odoo/treeMemo';

const CURSOR_PARAMS = new Set(['cr', 'cursor', 'new_cr']);

export function isCursorExpr(node: Node | null | undefined, names: Set<string>): boolean {
  if (!node) return false;
  if (node.type === 'identifier') return names.has(node.text);
  if (node.type !== 'attribute') return false;
  const attr = node.childForFieldName('attribute')?.text;
  const obj = node.childForFieldName('object');
  if (!obj) return false;
  if (attr === '_cr') return true;
  if (attr === 'cr') return obj.text === 'self' || obj.text === 'env' || (obj.type === 'attribute' && obj.childForFieldName('attribute')?.text === 'env');
  return false;
}

function isCursorSource(node: Node | null | undefined, names: Set<string>): boolean {
  if (!node) return false;
  if (isCursorExpr(node, names)) return true;
  // registry.cursor() / self.pool.cursor() / db.cursor()
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    return fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'cursor';
  }
  return false;
}

/** Names that hold a cursor in this scope (a function, or the module). Shared set: do not modify. */
export function cursorNames(scope: Node): Set<string> {
  const byScope = perTree(scope.tree, 'cursorNames', () => new Map<number, Set<string>>());
  let names = byScope.get(scope.id);
  if (!names) byScope.set(scope.id, (names = readCursorNames(scope)));
  return names;
}

// Node types the scan looks at: bindings, and the nested scopes it skips.
const SCAN_TYPES = ['assignment', 'as_pattern', 'function_definition', 'class_definition'];

function readCursorNames(scope: Node): Set<string> {
  const names = new Set<string>(['cr']);
  const params = scope.type === 'function_definition' ? scope.childForFieldName('parameters') : null;
  for (const p of params?.namedChildren ?? []) {
    const id = p?.type === 'identifier' ? p : p?.namedChildren.find((c) => c?.type === 'identifier');
    if (id && CURSOR_PARAMS.has(id.text)) names.add(id.text);
  }
  // The assignments and as-patterns of the scope, in source order, not inside a nested def or
  // class: from the file's shared pre-order node list instead of a walk of every node of the
  // function through wasm (a node starting inside the scope's range is in it).
  const root = scope.type === 'function_definition' ? scope.childForFieldName('body') ?? scope : scope;
  const nodes = nodesOfType<Node>(scope.tree, SCAN_TYPES);
  const end = root.endIndex;
  let skipEnd = -1;
  for (let i = lowerBound(nodes, root.startIndex); i < nodes.length && nodes[i].startIndex < end; i++) {
    const child = nodes[i];
    if (child.startIndex < skipEnd || child.id === root.id) continue;
    const type = child.type;
    if (type === 'function_definition' || type === 'class_definition') {
      skipEnd = child.endIndex;
      continue;
    }
    if (type === 'assignment') {
      const left = child.childForFieldName('left');
      if (left?.type === 'identifier' && isCursorSource(child.childForFieldName('right'), names)) names.add(left.text);
    } else if (type === 'as_pattern') {
      const target = child.childForFieldName('alias');
      const id = target?.namedChildren[0] ?? target;
      if (id?.type === 'identifier' && isCursorSource(child.namedChildren[0], names)) names.add(id.text);
    }
  }
  return names;
}
