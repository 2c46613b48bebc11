// Recognises Odoo HTTP route handlers: methods decorated with `@http.route(...)` (`from odoo import
// http`), `@route(...)` (`from odoo.http import route`) or `@odoo.http.route(...)`.
import type { Node } from '../../parse/parser';
import { qualify, stringValue, type Imports } from '../../odoo/functions';

const ROUTE_DECORATORS = new Set(['odoo.http.route', 'openerp.http.route']);

export interface RouteInfo {
  /** First path of the route as written, undefined when not a literal (or an override `@http.route()`). */
  path: string | undefined;
}

/** Route info when one of the decorators is an Odoo http.route, else undefined. */
export function routeOf(decorators: Node[], imports: Imports): RouteInfo | undefined {
  for (const decorator of decorators) {
    const expr = decorator.namedChildren[0];
    if (!expr) continue;
    const callee = expr.type === 'call' ? expr.childForFieldName('function') : expr;
    const q = qualify(callee, imports);
    if (!q || !ROUTE_DECORATORS.has(q)) continue;
    return { path: expr.type === 'call' ? routePath(expr.childForFieldName('arguments')) : undefined };
  }
  return undefined;
}

function routePath(args: Node | null): string | undefined {
  if (!args) return undefined;
  let value: Node | null | undefined;
  for (const arg of args.namedChildren) {
    if (!arg) continue;
    if (arg.type === 'keyword_argument') {
      if (arg.childForFieldName('name')?.text === 'route') value = arg.childForFieldName('value');
    } else if (!value && arg.type !== 'comment') {
      value = arg;
    }
  }
  if (!value) return undefined;
  if (value.type === 'list' || value.type === 'tuple') value = value.namedChildren.find((c) => c?.type === 'string');
  return stringValue(value);
}
