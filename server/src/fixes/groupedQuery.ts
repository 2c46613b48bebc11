// The grouped-query idiom shared by the fixes that replace a per-record count/sum with one query
// before the loop (OP101 search-in-loop, OP107 aggregate-in-compute), in the API of the addon's
// Odoo version:
// 17+: `dict(X._read_group(domain, ['f'], ['__count']))` keyed by the grouped record (Odoo turns a
// Many2one group value into a record of the comodel; records hash by model and ids), read with
// `.get(rec._origin, 0)`. <=16: `read_group(domain, ['f', 'amount:sum'], ['f'], lazy=False)` returns
// dicts with the Many2one as an (id, name) pair and the count under '__count' (lazy=False), keyed
// here by id and read with `.get(rec._origin.id, 0)`.
// New records (a compute run by a form's onchange) have NewId ids: `records.ids` already lists
// their origin ids (Odoo's `ids` drops NewIds for their origin), but a NewId record is neither equal
// to its origin record nor its id to the origin id, so the lookup goes through `_origin` (real
// records are their own origin) -- Odoo's own idiom, e.g. hr.expense `_compute_nb_attachment`:
// domain on `self.ids`, `.get(expense._origin.id, 0)`. `_origin` exists since Odoo 13.
import type { Node } from '../parse/parser';
import { indentOf } from './edits';
import type { FixContext, TextEdit } from './types';

export const NUMERIC = new Set(['Integer', 'Float', 'Monetary']);

/** ORM calls that write (or drop the cache): a grouped query hoisted before them would read stale rows. */
export const WRITES = new Set(['create', 'write', 'unlink', 'copy', 'execute', 'flush', 'flush_model', 'flush_recordset', 'invalidate_cache', 'invalidate_model', 'invalidate_recordset', 'toggle_active', 'action_archive', 'action_unarchive']);

/** The word inside a plain string literal ('amount', "order_id"); undefined for f-strings and others. */
export function stringText(node: Node | undefined): string | undefined {
  if (node?.type !== 'string' || node.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  const content = node.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text).join('');
  return /^\w+$/.test(content) ? content : undefined;
}

export function identifiers(node: Node): string[] {
  const out = node.type === 'identifier' ? [node.text] : [];
  return [...out, ...node.descendantsOfType('identifier').filter((n): n is Node => !!n).map((n) => n.text)];
}

/** `wanted`, or `wanted_2`, ... : a name no identifier of the function uses. */
export function freshName(fn: Node | undefined, wanted: string): string {
  const used = new Set(fn ? identifiers(fn) : []);
  if (!used.has(wanted)) return wanted;
  for (let i = 2; ; i++) if (!used.has(`${wanted}_${i}`)) return `${wanted}_${i}`;
}

export interface GroupedQuery {
  version: number;
  /** Text of the model expression, e.g. `self.env['sale.order.line']`. */
  receiver: string;
  /** Text of the whole domain list, with the `('f', 'in', records.ids)` leaf. */
  domain: string;
  /** The Many2one grouped by. */
  groupBy: string;
  /** Summed field; undefined counts. */
  sumField?: string;
  /** Quote character of the generated strings. */
  quote: string;
  /** The dict's variable name. */
  name: string;
  /** The loop variable the dict is read for. */
  target: string;
}

/** The dict built before the loop, the lookup that replaces the per-record aggregate, the API named. */
export function groupedQueryText(g: GroupedQuery): { query: string; read: string; api: string } {
  const s = (x: string) => `${g.quote}${x}${g.quote}`;
  const f = g.groupBy;
  if (g.version >= 17) {
    const agg = g.sumField ? s(`${g.sumField}:sum`) : s('__count');
    return {
      query: `dict(${g.receiver}._read_group(${g.domain}, [${s(f)}], [${agg}]))`,
      read: `${g.name}.get(${g.target}._origin, 0)`,
      api: '_read_group',
    };
  }
  const fields = g.sumField ? `[${s(f)}, ${s(`${g.sumField}:sum`)}]` : `[${s(f)}]`;
  const value = g.sumField ? s(g.sumField) : s('__count');
  return {
    query: `{g[${s(f)}][0]: g[${value}] for g in ${g.receiver}.read_group(${g.domain}, ${fields}, [${s(f)}], lazy=False)}`,
    read: `${g.name}.get(${g.target}${g.version >= 13 ? '._origin' : ''}.id, 0)`,
    api: 'read_group',
  };
}

/** Inserts `statement` on its own line just before `loop`, at the loop's indentation. */
export function hoistBefore(ctx: FixContext, loop: Node, statement: string): TextEdit {
  const indent = indentOf(ctx.source, loop.startPosition.row);
  const eol = ctx.source.includes('\r\n') ? '\r\n' : '\n';
  const at = { line: loop.startPosition.row, character: loop.startPosition.column };
  return { file: ctx.file, range: { start: at, end: at }, newText: `${statement}${eol}${indent}` };
}
