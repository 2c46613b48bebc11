// OP201 missing-index: a stored field that the workspace queries (domains, record rules, the
// inverse of a One2many, _order, groupbys, search views) but that has no index. PostgreSQL then
// answers each such query with a sequential scan of the whole table. Odoo never indexes a
// Many2one by itself; its own test suite (18.3+) requires a btree index on the Many2one inverse
// of every One2many.
import * as path from 'node:path';
import type { FieldInfo, QueryUse, QueryUseKind, WorkspaceModel } from '../odoo/workspace';
import { extractModels } from '../odoo/pyModels';
import { extractOrderUses, extractQueryUses } from '../odoo/pyQueries';
import { extractCreatedModels } from '../odoo/createdModels';
import { pairKey, withKey } from './analysis/lookup';
import type { ClassFact } from '../odoo/facts';
import type { RelatedInfo, Rule, RuleContext, Severity } from './types';

// Types that get a column worth a btree. Skipped: x2many (no column), Boolean (two values: a
// plain btree is almost never chosen; a partial index is the tool), large values (Text, Html,
// Binary, Json, Properties: a btree does not serve their searches).
const INDEXABLE = new Set(['Many2one', 'Many2oneReference', 'Reference', 'Char', 'Integer', 'Date', 'Datetime', 'Selection', 'Float', 'Monetary']);
// Few distinct values: an index on these serves no selective lookup, so we cap at information.
const LOW_CARDINALITY_TYPES = new Set(['Selection', 'Float', 'Monetary']);
// Many2one to tables with a handful of rows: every value matches a large share of the rows, so
// PostgreSQL keeps scanning sequentially even with an index. Not reported.
const LOW_CARDINALITY_COMODELS = new Set(['res.company', 'res.currency', 'res.country', 'res.lang']);
// Evidence that runs on every search of the model (code domains, record rules) weighs more than
// ordering, grouping or a search view filter a user may pick.
const STRONG: ReadonlySet<QueryUseKind> = new Set(['domain', 'record-rule']);
const LIKE_OPERATORS = new Set(['like', 'ilike', 'not like', 'not ilike', '=like', '=ilike']);

const KIND_LABEL: Record<QueryUseKind, string> = {
  domain: 'searched in',
  'record-rule': 'record rule in',
  order: 'ordered by in',
  groupby: 'grouped by in',
  'search-view': 'search view field in',
  'filter-domain': 'search filter in',
  'action-domain': 'action domain in',
};

function tableOf(model: string): string {
  return model.replace(/\./g, '_');
}

function shortPath(ws: WorkspaceModel, file: string): string {
  const addon = ws.addonForFile(file);
  return addon ? path.relative(path.dirname(addon.dir), file).split(path.sep).join('/') : path.basename(file);
}

function samePlace(a: { file: string; range: FieldInfo['range'] }, b: { file: string; range: FieldInfo['range'] }): boolean {
  return a.file === b.file && a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character;
}

function isCovered(ctx: RuleContext, model: string, field: string, liveIndexes: ReturnType<typeof extractModels>['indexes']): boolean {
  const declared = [...(ctx.workspace.declaredIndexes?.(model) ?? []).filter((i) => i.file !== ctx.file), ...liveIndexes.filter((i) => i.model === model)];
  // A composite or unique index serves lookups on its leading column.
  return declared.some((i) => i.columns[0] === field);
}

// Indexed fields whose equality picks few rows. Not Selection/Boolean: `state` is often indexed,
// and `state = 'done'` ANDed with a field does not make that field's filter cheap.
const SELECTIVE_TYPES = new Set(['Many2one', 'Many2oneReference', 'Reference', 'Char', 'Integer']);

/** The field is indexed and selective: index= on a definition (not False/None) or the lead of a declared index. */
function isIndexed(ctx: RuleContext, model: string, field: string, live: ReturnType<typeof extractModels>): boolean {
  const defs = [...ctx.workspace.field(model, field), ...live.fields.filter((f) => f.model === model && f.name === field)];
  if (!defs.length || !defs.every((f) => SELECTIVE_TYPES.has(f.type))) return false;
  if (defs.some((f) => f.index !== undefined && !/^(False|None|0|'')$/.test(f.index.trim()))) return true;
  return isCovered(ctx, model, field, live.indexes);
}

/** The model has a table of its own (not abstract, not transient, not an SQL view). */
function hasTable(ctx: RuleContext, model: string, classes: ClassFact[]): boolean {
  const info = ctx.workspace.model(model);
  const own = classes.filter((c) => c.model === model);
  const kinds = [info?.kind, ...own.map((c) => c.kind)];
  if (kinds.includes('AbstractModel') || kinds.includes('TransientModel')) return false;
  if (info?.auto === false || own.some((c) => c.auto === false)) return false;
  return true;
}

/** The workspace defines the model (a `_name` class), so it knows all its field definitions. */
function definedHere(ctx: RuleContext, model: string, classes: ClassFact[]): boolean {
  return classes.some((c) => c.model === model && !c.extension) || !!ctx.workspace.model(model)?.definitions.some((d) => !d.extension);
}

// Business documents carry a chatter; line tables hang off a parent through a One2many.
const DOCUMENT_MIXINS = new Set(['mail.thread', 'mail.activity.mixin', 'mail.thread.main.attachment']);
// Core tables that grow with business activity, whatever the workspace shows of them (some
// localisations redeclare them with `_name` to add mixins, so "defined here" says nothing).
const LARGE_CORE = new Set([
  'res.partner', 'res.partner.bank', 'account.move', 'account.move.line', 'account.payment', 'account.bank.statement.line',
  'account.analytic.line', 'account.partial.reconcile', 'stock.picking', 'stock.move', 'stock.move.line', 'stock.quant',
  'stock.lot', 'stock.production.lot', 'stock.quant.package', 'sale.order', 'sale.order.line', 'purchase.order',
  'purchase.order.line', 'product.product', 'product.template', 'mail.message', 'mail.mail', 'mail.notification',
  'mail.followers', 'mail.activity', 'mail.tracking.value', 'ir.attachment', 'mrp.production', 'pos.order', 'pos.order.line',
  'project.task', 'hr.expense', 'crm.lead', 'helpdesk.ticket',
]);
// Core configuration and reference tables: tens to a few thousand rows that users set up in forms
// or data files load (journals, taxes, carriers, units, periods, mail servers, installed modules).
// A sequential scan of them costs about what an index lookup does.
const SMALL_CORE = new Set([
  ...LOW_CARDINALITY_COMODELS, 'res.country.state', 'res.bank', 'res.groups', 'res.partner.category', 'res.partner.title',
  'account.journal', 'account.tax', 'account.tax.group', 'account.tax.repartition.line', 'account.fiscal.position',
  'account.account', 'account.chart.template', 'account.account.template', 'account.tax.template', 'account.payment.term', 'account.payment.method', 'account.payment.method.line', 'account.payment.mode',
  'date.range', 'date.range.type', 'uom.uom', 'uom.category', 'delivery.carrier', 'product.category', 'product.pricelist',
  'stock.warehouse', 'stock.picking.type', 'stock.route', 'stock.location.route', 'pos.config', 'crm.team',
  'ir.model', 'ir.model.fields', 'ir.module.module', 'ir.module.category', 'ir.mail_server', 'fetchmail.server',
  'mail.template', 'ir.actions.report', 'ir.actions.server', 'ir.sequence', 'ir.cron', 'ir.ui.view', 'fs.storage',
  'queue.job.channel', 'queue.job.function', 'mail.activity.type',
]);

type Live = ReturnType<typeof extractModels>;

/**
 * Whether the table of `model` grows with business data rather than holding configuration rows.
 * Signals: a chatter (business documents), records created by workspace code (logs, queues,
 * exchanges: configuration is created in forms and by data files), a core model we cannot see
 * (unknown size: assume it grows), or hanging off a growing parent (a Many2one that a One2many of
 * the parent shows, or deleted in cascade with it). A line of a configuration parent is configuration.
 */
function tableGrows(ctx: RuleContext, model: string, live: Live, created: readonly string[], memo: Map<string, boolean>, stack = new Set<string>()): boolean {
  const known = memo.get(model);
  if (known !== undefined) return known;
  // A cycle (a parent_id tree, two models that point at each other) adds no growth on this path.
  // Lines of lines deeper than 6 levels are no business document's: the cap also bounds the walk,
  // since answers found under an undecided model are not memoised.
  if (stack.has(model) || stack.size >= 6) return false;
  stack.add(model);
  const grows = readGrowth(ctx, model, live, created, memo, stack);
  stack.delete(model);
  // "Grows" holds whatever the order models are asked in; "does not grow" is final only when no
  // model above was still being decided (its answer could have been the missing signal).
  if (grows || stack.size === 0) memo.set(model, grows);
  return grows;
}

function readGrowth(ctx: RuleContext, model: string, live: Live, created: readonly string[], memo: Map<string, boolean>, stack: Set<string>): boolean {
  if (LARGE_CORE.has(model)) return true;
  if (SMALL_CORE.has(model)) return false;
  const parents = [...(ctx.workspace.ancestorsOf?.(model) ?? []), ...live.classes.filter((c) => c.model === model).flatMap((c) => c.inherit)];
  if (parents.some((m) => DOCUMENT_MIXINS.has(m))) return true;
  if (created.includes(model) || (ctx.workspace.createdIn?.(model) ?? []).some((c) => c.file !== ctx.file)) return true;
  if (!definedHere(ctx, model, live.classes)) return true;
  const many2ones = [...ctx.workspace.fieldsOfModel(model).filter((f) => f.file !== ctx.file), ...live.fields.filter((f) => f.model === model)]
    .filter((f) => f.type === 'Many2one' && f.comodel && f.comodel !== model);
  const shownAsLines = (f: FieldInfo) =>
    (ctx.workspace.inverseOf?.(model, f.name) ?? []).length > 0 ||
    live.fields.some((o) => o.type === 'One2many' && o.comodel === model && o.inverseName === f.name);
  // A required link alone (no One2many, no cascade) counts only toward a parent known to grow: a
  // setting row that must name a location or a chart template is still configuration.
  const knownToGrow = (m: string) => LARGE_CORE.has(m) || definedHere(ctx, m, live.classes);
  // Everything may point at a partner (the partner to notify, a backend's partner): an optional
  // link to res.partner says nothing; its real lines (bank accounts, addresses) are required or
  // deleted in cascade with it.
  const loose = (f: FieldInfo) => f.comodel === 'res.partner' && !f.required;
  return many2ones.some((f) =>
    (f.ondelete === 'cascade' || (shownAsLines(f) && !loose(f)) || (f.required && knownToGrow(f.comodel!))) && tableGrows(ctx, f.comodel!, live, created, memo, stack));
}

function related(ctx: RuleContext, uses: QueryUse[], inverses: FieldInfo[]): RelatedInfo[] {
  const out: RelatedInfo[] = [];
  for (const o of inverses) out.push({ file: o.file, range: o.range, message: `One2many ${o.model}.${o.name} in ${shortPath(ctx.workspace, o.file)}` });
  for (const u of uses) out.push({ file: u.file, range: u.range, message: `${KIND_LABEL[u.kind]} ${shortPath(ctx.workspace, u.file)}` });
  return out.slice(0, 20);
}

function checkField(ctx: RuleContext, field: FieldInfo, live: Live, liveUses: QueryUse[], grows: (model: string) => boolean): void {
  const { model, name } = field;
  if (name === 'id' || !INDEXABLE.has(field.type) || !field.stored) return;
  if (field.comodel && LOW_CARDINALITY_COMODELS.has(field.comodel)) return;
  // The evidence first: most fields are queried nowhere, and its lookups are plain map reads,
  // where the workspace's field definitions (below) cost ~0.2 s over the benchmark's fields.
  // Every test before the report is a pure check, so their order does not change the findings.
  const inverses = field.type === 'Many2one' || field.type === 'Many2oneReference'
    ? [
        ...(ctx.workspace.inverseOf?.(model, name) ?? []).filter((o) => o.file !== ctx.file),
        ...withKey(live.fields, 'o2m.inverse', (o) => (o.type === 'One2many' ? pairKey(o.comodel, o.inverseName) : undefined), pairKey(model, name)),
      ].filter((o, i, all) => all.findIndex((p) => samePlace(o, p)) === i)
    : [];
  const uses = [
    ...ctx.workspace.queryUses(model, name).filter((u) => u.file !== ctx.file),
    ...withKey(liveUses, 'model.field', (u) => pairKey(u.model, u.field), pairKey(model, name)),
  ].filter((u, i, all) => all.findIndex((v) => samePlace(u, v)) === i);
  // Not evidence on their own: a GROUP BY over the table is a sequential scan with or without
  // an index, and a search view <field> is only offered to users (on a Char it searches with
  // ilike, which a btree does not serve). They still show as related evidence.
  // A domain leaf ANDed with `id =` or with an equality on an indexed field is answered through
  // that field's index (`[('id', '=', x), ('token', '=', t)]`, `[('email_id', '=', e), ('url', '=', u)]`):
  // it says nothing about this field. Still shown as related evidence.
  const pinned = (u: QueryUse) => !!u.andEq?.some((f) => f === 'id' || isIndexed(ctx, model, f, live));
  const sole = uses.filter((u) => u.kind !== 'groupby' && u.kind !== 'search-view' && !pinned(u));
  if (!inverses.length && !sole.length) return;
  const definitions = [
    ...ctx.workspace.field(model, name).filter((f) => f.file !== ctx.file),
    ...withKey(live.fields, 'model.name', (f) => pairKey(f.model, f.name), pairKey(model, name)),
  ];
  // index= anywhere (even index=False: a deliberate choice) and any non-stored redefinition end it.
  if (definitions.some((f) => f.index !== undefined || !f.stored)) return;
  if (!hasTable(ctx, model, live.classes) || isCovered(ctx, model, name, live.indexes)) return;

  const table = tableOf(model);
  const strong = uses.filter((u) => STRONG.has(u.kind) && !pinned(u));
  let severity: Severity = inverses.length || strong.length ? 'warning' : 'information';
  // Code domains and One2many inverses on a table of unknown size: read on OCA code, most of
  // these were configuration and reference tables (templates, backends, layouts, fiscal codes,
  // carriers) where a sequential scan of a few hundred rows is cheap. Keep the warning for tables
  // that show they grow with business data. A record rule runs on every search: it keeps it.
  const small = severity === 'warning' && !strong.some((u) => u.kind === 'record-rule') && !grows(model);
  if (small) severity = 'information';
  let message: string;
  if (inverses.length) {
    const o = inverses[0];
    message = `Field '${name}' is the inverse of One2many '${o.model}.${o.name}' and is not indexed: every read of ${o.name} and every unlink of a ${o.model} record scans the whole ${table} table (sequential scan per query).`;
    if (small) message += ` Nothing shows that ${model} grows with business data (no chatter, not created by code, not a line of a business document); index it if it does.`;
  } else if (strong.length) {
    const where = strong.some((u) => u.kind === 'record-rule') ? 'a record rule (applied to every search and read of the model)' : `${strong.length} domain${strong.length > 1 ? 's' : ''}`;
    message = `Field '${name}' is filtered on by ${where} and is not indexed: each such query scans the whole ${table} table (sequential scan), so its cost grows with the table.`;
    if (small) message += ` Nothing shows that ${model} grows with business data (no chatter, not created by code, not a line of a business document); index it if it does.`;
  } else {
    const kinds = [...new Set(sole.map((u) => u.kind === 'order' ? 'the default order' : u.kind === 'action-domain' ? 'an action domain' : 'a search filter'))];
    message = `Field '${name}' is used for ${kinds.join(' and ')} and is not indexed: on a large ${table} table these queries scan the whole table (and sort it, for ordering).`;
  }
  const domainUses = uses.filter((u) => u.operator !== undefined);
  if ((field.type === 'Char') && domainUses.length && domainUses.every((u) => LIKE_OPERATORS.has(u.operator!))) {
    // A btree cannot serve ilike '%x%': only a trigram index can (index='trigram', Odoo 16+).
    // OP202 trigram-candidate reports these fields; one finding per field.
    return;
  }
  if (LOW_CARDINALITY_TYPES.has(field.type)) severity = 'information';
  // A relational field whose comodel the workspace defines cannot come from core: it is new.
  const newField = !!field.comodel && definedHere(ctx, field.comodel, live.classes);
  if (!newField && !definedHere(ctx, model, live.classes)) {
    // An extension of a model defined outside the workspace: its original definition (not
    // indexed here) may already carry index=. Keep it to information.
    severity = 'information';
    message += ` (${model} is defined outside the indexed addons: add them to odooPerf.addonsPaths to check its original definition.)`;
  }
  ctx.report(field.range, message, { severity, related: related(ctx, uses, inverses) });
}

export const missingIndex: Rule = {
  meta: {
    code: 'OP201',
    name: 'missing-index',
    defaultSeverity: 'warning',
    summary: 'Stored field queried by domains, record rules or a One2many inverse without an index.',
  },
  check(rawCtx) {
    // Workspace facts carry absolute paths; the caller may hand a relative one.
    const ctx: RuleContext = { ...rawCtx, file: path.resolve(rawCtx.file) };
    if (!ctx.source.includes('_name') && !ctx.source.includes('_inherit')) return;
    // Facts of the file as it is now (the workspace index may hold an older version of it).
    const addon = ctx.addon?.name;
    const live = extractModels(ctx.tree, ctx.file, addon);
    if (!live.fields.length) return;
    const liveUses = [
      ...extractOrderUses(ctx.tree, ctx.file, addon, live.classModels),
      ...extractQueryUses(ctx.tree, ctx.file, addon, live.classModels),
    ];
    const created = extractCreatedModels(ctx.tree, ctx.file, addon, live.classModels).map((c) => c.model);
    const memo = new Map<string, boolean>();
    const grows = (model: string) => tableGrows(ctx, model, live, created, memo);
    for (const field of live.fields) checkField(ctx, field, live, liveUses, grows);
  },
};
