// A value read back from the database as a record id: `row[0]` of `for row in cr.fetchall()` (or
// `cr.fetchone()[0]`) where the query that produced the rows selects `id` / `alias.id` (or
// `count(...)`) in that column, or returns it with `RETURNING id`. PostgreSQL hands these back as
// integers, so pasting one into SQL cannot inject text. Migration scripts do this all the time
// (OCA l10n-brazil: seven reports, all on ids). Any other column (names, codes, `*_id` columns
// whose type the query does not show) stays a culprit.
import type { Node } from '../../parse/parser';
import { CONDITIONAL_TYPES } from '../../odoo/pyast';

const FETCH_ALL = new Set(['fetchall', 'dictfetchall', 'fetchmany']);
const FETCH_ONE = new Set(['fetchone']);

function methodOf(call: Node | null | undefined): string | undefined {
  if (call?.type !== 'call') return undefined;
  const fn = call.childForFieldName('function');
  return fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
}

/** The text of a plain or f-string literal (interpolations kept as written), or undefined. */
function stringText(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'parenthesized_expression') return stringText(node.namedChildren[0]);
  if (node.type === 'concatenated_string') {
    const parts = node.namedChildren.map((c) => stringText(c));
    return parts.every((p) => p !== undefined) ? parts.join(' ') : undefined;
  }
  if (node.type !== 'string') return undefined;
  return node.namedChildren.filter((c) => c?.type === 'string_content' || c?.type === 'interpolation').map((c) => c!.text).join('');
}

/** Top-level comma-separated items of `text` (commas inside parentheses do not split). */
function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim());
}

/** The output columns of a SELECT (up to its first FROM) or of a RETURNING clause. */
export function outputColumns(sql: string): string[] | undefined {
  const returning = /\bRETURNING\s+([\s\S]+?)\s*;?\s*$/i.exec(sql);
  if (returning) return splitTopLevel(returning[1]!);
  const select = /^\s*SELECT\s+(?:DISTINCT\s+(?:ON\s*\([^)]*\)\s*)?)?([\s\S]+?)\s+FROM\b/i.exec(sql);
  return select ? splitTopLevel(select[1]!) : undefined;
}

/** `id`, `t.id`, `t.id AS x`, `count(*)`, `count(t.id) AS n`: an integer column. */
export function isIntegerIdColumn(column: string): boolean {
  const expr = column.replace(/\s+AS\s+"?\w+"?\s*$/i, '').trim();
  return /^("?\w+"?\.)?"?id"?$/i.test(expr) || /^count\s*\(/i.test(expr);
}

/** The cursor a call is made on, as written (`env.cr` of `env.cr.fetchall()`). */
function receiverText(call: Node): string | undefined {
  const fn = call.childForFieldName('function');
  return fn?.type === 'attribute' ? fn.childForFieldName('object')?.text.replace(/\s+/g, '') : undefined;
}

/**
 * The last `cursor.execute(...)` on the same cursor that ends before `site`, outside nested defs;
 * undefined when it sits under an if/try/loop that does not also hold `site` (another query may
 * have run instead).
 */
function lastExecuteBefore(scope: Node, site: Node, cursor: string): Node | undefined {
  let found: Node | undefined;
  const visit = (node: Node) => {
    for (const child of node.namedChildren) {
      if (!child || child.startIndex >= site.startIndex) continue;
      if (child.type === 'function_definition' || child.type === 'class_definition') continue;
      if (child.type === 'call' && child.endIndex <= site.startIndex && methodOf(child) === 'execute' && receiverText(child) === cursor) found = child;
      visit(child);
    }
  };
  visit(scope);
  if (!found) return undefined;
  for (let p = found.parent; p && p.id !== scope.id; p = p.parent) {
    if (CONDITIONAL_TYPES.has(p.type) && !(p.startIndex <= site.startIndex && site.endIndex <= p.endIndex)) return undefined;
  }
  return found;
}

function columnOfQueryBefore(scope: Node, site: Node, fetch: Node, index: number): string | undefined {
  const cursor = receiverText(fetch);
  const execute = cursor ? lastExecuteBefore(scope, site, cursor) : undefined;
  // The first argument, past any comment (`cr.execute(  # noqa` puts one first).
  const query = execute?.childForFieldName('arguments')?.namedChildren.find((c) => c?.type !== 'comment');
  const columns = stringText(query) !== undefined ? outputColumns(stringText(query)!) : undefined;
  return columns?.[index];
}

/**
 * `subscript` is `row[k]` / `cr.fetchone()[k]` reading column k of a query whose column k is an
 * integer id. `rowBinding` gives the single binding of a row name in `scope` (a `for` over
 * fetchall(), or `= cr.fetchone()`), or undefined when the name has another or several bindings.
 */
export function isFetchedIdColumn(
  subscript: Node,
  scope: Node | null,
  rowBinding: (name: string) => { kind: string; value: Node; site: Node } | undefined,
): boolean {
  if (!scope) return false;
  const indexNode = subscript.childForFieldName('subscript');
  if (indexNode?.type !== 'integer') return false;
  const index = Number(indexNode.text);
  const value = subscript.childForFieldName('value');
  if (!value) return false;
  // cr.fetchone()[0]: the row is fetched right here.
  if (FETCH_ONE.has(methodOf(value) ?? '')) {
    const column = columnOfQueryBefore(scope, value, value, index);
    return !!column && isIntegerIdColumn(column);
  }
  if (value.type !== 'identifier') return false;
  const b = rowBinding(value.text);
  if (!b) return false;
  const fetched = (b.kind === 'for' && FETCH_ALL.has(methodOf(b.value) ?? '')) || (b.kind === '=' && FETCH_ONE.has(methodOf(b.value) ?? ''));
  if (!fetched) return false;
  const column = columnOfQueryBefore(scope, b.site, b.value, index);
  return !!column && isIntegerIdColumn(column);
}
