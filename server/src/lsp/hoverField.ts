// Hover on a field definition (`partner_id = fields.Many2one(...)` at class level of a model): its
// index status, where the workspace queries it (domains, _order, groupbys, search views, record
// rules) and whether those queries can use an index. A btree serves =, in, <, order and group by
// on its leading column; like/ilike need a trigram index; without any index PostgreSQL scans the
// whole table for each such query (Odoo does not index Many2one columns by itself).
import * as path from 'node:path';
import type { Node } from '../parse/parser';
import { modelOfClassNode } from '../cost/facts';
import { callArgs } from '../odoo/pyast';
import type { DeclaredIndex, QueryUse, QueryUseKind, WorkspaceModel } from '../odoo/workspace';

const KIND_LABEL: Record<QueryUseKind, string> = {
  domain: 'domain',
  order: 'order by',
  groupby: 'groupby',
  'search-view': 'search view',
  'filter-domain': 'search filter',
  'record-rule': 'record rule',
  'action-domain': 'action domain',
};
const LIKE = new Set(['like', 'ilike', 'not like', 'not ilike', '=like', '=ilike']);
const NO_COLUMN = new Set(['One2many', 'Many2many']);
const MAX_LOCATIONS = 3;

export interface FieldAt {
  model: string;
  name: string;
  type: string;
  call: Node;
}

/** The field definition whose name or `fields.X` callee holds `node`, at class level of a model. */
export function fieldAt(node: Node): FieldAt | undefined {
  let assign: Node | null = node;
  while (assign && assign.type !== 'assignment') {
    if (assign.type === 'function_definition' || assign.type === 'class_definition' || assign.type === 'block') return undefined;
    assign = assign.parent;
  }
  if (!assign) return undefined;
  const left = assign.childForFieldName('left');
  const right = assign.childForFieldName('right');
  if (left?.type !== 'identifier' || right?.type !== 'call') return undefined;
  const callee = right.childForFieldName('function');
  const onName = left.startIndex <= node.startIndex && node.endIndex <= left.endIndex;
  const onCallee = !!callee && callee.startIndex <= node.startIndex && node.endIndex <= callee.endIndex;
  if (!onName && !onCallee) return undefined;
  if (callee?.type !== 'attribute' || callee.childForFieldName('object')?.text !== 'fields') return undefined;
  const type = callee.childForFieldName('attribute')?.text ?? '';
  if (!/^[A-Z]/.test(type)) return undefined;
  const stmt = assign.parent;
  const cls = stmt?.type === 'expression_statement' ? stmt.parent?.parent : undefined;
  if (cls?.type !== 'class_definition') return undefined;
  const model = modelOfClassNode(cls);
  return model ? { model, name: left.text, type, call: right } : undefined;
}

function relPath(ws: WorkspaceModel, file: string, roots: string[]): string {
  const addon = ws.addonForFile(file);
  const base = addon ? path.dirname(addon.dir) : roots.find((r) => file.startsWith(r + path.sep));
  return (base ? path.relative(base, file) : path.basename(file)).split(path.sep).join('/');
}

/** The index the definitions declare: the current buffer's `index=` first, then the other definitions'. */
function indexValue(field: FieldAt, ws: WorkspaceModel): string | undefined {
  const own = callArgs(field.call).keywords.get('index')?.text;
  const values = [own, ...ws.field(field.model, field.name).map((d) => d.index)].filter((v): v is string => v !== undefined);
  // A later _inherit that sets index= wins in Odoo; any truthy value means an index exists.
  return values.find((v) => !/^(False|None|0)$/.test(v)) ?? values[0];
}

function indexKind(value: string | undefined): 'btree' | 'btree_not_null' | 'trigram' | undefined {
  if (!value || /^(False|None|0)$/.test(value)) return undefined;
  const v = value.replace(/^['"]|['"]$/g, '');
  if (v === 'trigram') return 'trigram';
  if (v === 'btree_not_null') return 'btree_not_null';
  return 'btree';
}

function uses(ws: WorkspaceModel, model: string, name: string): QueryUse[] {
  return [...ws.queryUses(model, name)].sort((a, b) => a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line);
}

export function fieldHover(field: FieldAt, ws: WorkspaceModel, roots: string[]): string {
  const head = `**${field.model}.${field.name}** (${field.type})`;
  if (NO_COLUMN.has(field.type)) {
    return `${head}: no column of its own (${field.type === 'One2many' ? 'stored as the inverse Many2one on the comodel' : 'a relation table'}); index the other side.`;
  }
  const kw = callArgs(field.call).keywords;
  const computed = kw.has('compute') || kw.has('related');
  const storeText = kw.get('store')?.text;
  if (storeText === 'False' || (computed && storeText !== 'True' && !ws.field(field.model, field.name).some((d) => d.stored))) {
    return `${head}: not stored (computed when read), so no column and nothing to index; searching it needs a search= method.`;
  }
  const idx = indexKind(indexValue(field, ws));
  const declared: DeclaredIndex[] = (ws.declaredIndexes?.(field.model) ?? []).filter((d) => d.columns.includes(field.name));
  const leading = declared.filter((d) => d.columns[0] === field.name);
  const lines: string[] = [];
  const status: string[] = [];
  if (idx) status.push(`index=${idx === 'btree' ? 'True' : `'${idx}'`}`);
  for (const d of declared) status.push(`${d.unique ? 'unique' : 'composite index'} (${d.columns.join(', ')})`);
  lines.push(`${head} — index: ${status.length ? status.join('; ') : 'none'}`);

  const all = uses(ws, field.model, field.name);
  if (!all.length) {
    lines.push('Not queried anywhere in the workspace (no domain, _order, groupby, search view or record rule uses it).');
    return lines.join('\n\n');
  }
  const byKind = new Map<QueryUseKind, number>();
  for (const u of all) byKind.set(u.kind, (byKind.get(u.kind) ?? 0) + 1);
  const counts = [...byKind].map(([k, n]) => `${n} ${KIND_LABEL[k]}`).join(', ');
  lines.push(`Queried in ${all.length} place${all.length === 1 ? '' : 's'} (${counts}):\n${all
    .slice(0, MAX_LOCATIONS)
    .map((u) => `- ${KIND_LABEL[u.kind]}${u.operator ? ` \`${u.operator}\`` : ''}: ${relPath(ws, u.file, roots)}:${u.range.start.line + 1}`)
    .join('\n')}${all.length > MAX_LOCATIONS ? `\n- … ${all.length - MAX_LOCATIONS} more` : ''}`);

  const btree = idx === 'btree' || idx === 'btree_not_null' || leading.length > 0;
  const likes = all.filter((u) => u.operator && LIKE.has(u.operator)).length;
  const others = all.length - likes;
  const verdict: string[] = [];
  if (btree && others) verdict.push(`the ${others} equality/range, order and group-by use${others === 1 ? '' : 's'} can use the index`);
  if (idx === 'trigram' && likes) verdict.push(`the ${likes} like/ilike use${likes === 1 ? '' : 's'} can use the trigram index`);
  if (!btree && idx !== 'trigram') verdict.push('none can use an index: each one scans the whole table');
  else {
    if (!btree && others) verdict.push(`the ${others} equality/order use${others === 1 ? '' : 's'} cannot use the trigram index efficiently (add a btree)`);
    if (idx !== 'trigram' && likes) verdict.push(`the ${likes} like/ilike use${likes === 1 ? '' : 's'} cannot use a btree (index='trigram' serves them)`);
  }
  if (!idx && declared.length && !leading.length) verdict.push(`${field.name} is not the leading column of the declared index`);
  lines.push(`Index use: ${verdict.join('; ')}.`);
  const order = orderNote(ws.model(field.model)?.order, field, btree);
  if (order) lines.push(order);
  return lines.join('\n\n');
}

/**
 * The field's place in the model's `_order`: every search without an explicit order sorts by it.
 * A btree on the leading sort column lets PostgreSQL read rows in index order and stop at the
 * limit (a list view page); a column after the first is only a tie-breaker, its index alone does
 * not serve the sort.
 */
function orderNote(order: string | undefined, field: FieldAt, btree: boolean): string | undefined {
  if (!order) return undefined;
  const columns = order.split(',').map((p) => p.trim().split(/\s+/)[0]).filter(Boolean);
  const at = columns.indexOf(field.name);
  if (at < 0) return undefined;
  const spec = `\`_order = '${order.trim()}'\``;
  if (at > 0) return `Column ${at + 1} of ${spec}: only a tie-breaker, an index on ${field.name} alone does not serve the sort.`;
  return btree
    ? `Leads ${spec}: every search of ${field.model} sorts by it, and the btree returns rows in that order (a limited search stops early).`
    : `Leads ${spec}: every search of ${field.model} sorts by it; without a btree PostgreSQL sorts all matching rows each time.`;
}
