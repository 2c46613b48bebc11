// What a database cursor looks like in Odoo code: self.env.cr, self._cr, request.env.cr, env.cr,
// record.env.cr, self.cr (controllers and old tests), a `cr` parameter, or a name bound to one of
// those or to `registry.cursor()`.
import type { Node } from '../../parse/parser';

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

/** Names that hold a cursor in this scope (a function, or the module). */
export function cursorNames(scope: Node): Set<string> {
  const names = new Set<string>(['cr']);
  const params = scope.type === 'function_definition' ? scope.childForFieldName('parameters') : null;
  for (const p of params?.namedChildren ?? []) {
    const id = p?.type === 'identifier' ? p : p?.namedChildren.find((c) => c?.type === 'identifier');
    if (id && CURSOR_PARAMS.has(id.text)) names.add(id.text);
  }
  const visit = (node: Node) => {
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'function_definition' || child.type === 'class_definition') continue;
      if (child.type === 'assignment') {
        const left = child.childForFieldName('left');
        if (left?.type === 'identifier' && isCursorSource(child.childForFieldName('right'), names)) names.add(left.text);
      } else if (child.type === 'as_pattern') {
        const target = child.childForFieldName('alias');
        const id = target?.namedChildren[0] ?? target;
        if (id?.type === 'identifier' && isCursorSource(child.namedChildren[0], names)) names.add(id.text);
      }
      visit(child);
    }
  };
  visit(scope.type === 'function_definition' ? scope.childForFieldName('body') ?? scope : scope);
  return names;
}
