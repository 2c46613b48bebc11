// OP202 trigram-candidate: a stored Char/Text field that domains search with like/ilike, without
// an index. `ilike '%x%'` cannot use a btree (the pattern has no fixed prefix), so PostgreSQL
// scans the whole table on every such search; a GIN trigram index (pg_trgm, `index='trigram'`
// since Odoo 16) serves it. Odoo itself declares its searchable names this way (16+).
// Division of labour with OP201 missing-index: a Char field searched only with like operators is
// ours (OP201 stays quiet on it); a field also searched with `=`/`in` is OP201's (a btree helps).
import * as path from 'node:path';
import type { FieldInfo, QueryUse, QueryUseKind } from '../odoo/workspace';
import { extractModels } from '../odoo/pyModels';
import { extractQueryUses } from '../odoo/pyQueries';
import { pairKey, withKey } from './analysis/lookup';
import type { RelatedInfo, Rule, RuleContext } from './types';

export const LIKE_OPERATORS = new Set(['like', 'ilike', 'not like', 'not ilike', '=like', '=ilike']);
// `=like`/`=ilike` without a leading % can use a btree with text_pattern_ops, but in practice the
// patterns come from users: treat them like the others.
const SEARCH_KINDS: ReadonlySet<QueryUseKind> = new Set(['domain', 'record-rule', 'filter-domain', 'action-domain']);
const TEXT_TYPES = new Set(['Char', 'Text']);

function samePlace(a: QueryUse, b: QueryUse): boolean {
  return a.file === b.file && a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character;
}

/** The uses of a field OP202 owns: every operator-bearing use is a like (see OP201's division). */
export function onlyLikeSearches(uses: QueryUse[]): boolean {
  const withOp = uses.filter((u) => u.operator !== undefined);
  return withOp.length > 0 && withOp.every((u) => LIKE_OPERATORS.has(u.operator!));
}

function checkField(ctx: RuleContext, field: FieldInfo, live: ReturnType<typeof extractModels>, liveUses: QueryUse[]): void {
  const { model, name } = field;
  if (!TEXT_TYPES.has(field.type) || !field.stored || name === 'id') return;
  // The like searches first (plain map reads; most fields have none), the workspace's field
  // definitions after: every test before the report is pure, so the order changes no finding.
  const uses = [...ctx.workspace.queryUses(model, name).filter((u) => u.file !== ctx.file), ...withKey(liveUses, 'model.field', (u) => pairKey(u.model, u.field), pairKey(model, name))]
    .filter((u, i, all) => all.findIndex((v) => samePlace(u, v)) === i);
  if (!onlyLikeSearches(uses)) return;
  const definitions = [...ctx.workspace.field(model, name).filter((f) => f.file !== ctx.file), ...withKey(live.fields, 'model.name', (f) => pairKey(f.model, f.name), pairKey(model, name))];
  // Any index= (even False: a choice) or a non-stored redefinition ends it.
  if (definitions.some((f) => f.index !== undefined || !f.stored)) return;
  const info = ctx.workspace.model(model);
  const own = live.classes.filter((c) => c.model === model);
  if ([info?.kind, ...own.map((c) => c.kind)].some((k) => k === 'AbstractModel' || k === 'TransientModel')) return;
  if (info?.auto === false || own.some((c) => c.auto === false)) return;
  const declared = [...(ctx.workspace.declaredIndexes?.(model) ?? []).filter((i) => i.file !== ctx.file), ...live.indexes.filter((i) => i.model === model)];
  if (declared.some((i) => i.columns[0] === name)) return;
  const likes = uses.filter((u) => SEARCH_KINDS.has(u.kind) && LIKE_OPERATORS.has(u.operator ?? ''));
  if (!likes.length) return;
  const related: RelatedInfo[] = likes.slice(0, 20).map((u) => ({ file: u.file, range: u.range, message: `${u.operator} search in ${path.basename(u.file)}` }));
  const where = likes.length === 1 ? 'a domain' : `${likes.length} domains`;
  const version = ctx.odooVersion === undefined ? " (Odoo 16+; before 16, a pg_trgm GIN index created in init())" : '';
  ctx.report(field.range,
    `${field.type} field '${name}' is searched with ${[...new Set(likes.map((u) => u.operator))].join('/')} in ${where} and has no index: a btree cannot serve '%text%' patterns, so each search scans the whole ${model.replace(/\./g, '_')} table. index='trigram' (a GIN pg_trgm index) serves them${version}.`,
    { related });
}

export const trigramCandidate: Rule = {
  meta: {
    code: 'OP202',
    name: 'trigram-candidate',
    defaultSeverity: 'information',
    summary: "Stored Char/Text field searched with like/ilike without an index: index='trigram' (Odoo 16+) serves those searches.",
  },
  check(rawCtx) {
    const ctx: RuleContext = { ...rawCtx, file: path.resolve(rawCtx.file) };
    // index='trigram' exists from Odoo 16 on.
    if (ctx.odooVersion !== undefined && ctx.odooVersion < 16) return;
    if (!ctx.source.includes('_name') && !ctx.source.includes('_inherit')) return;
    const addon = ctx.addon?.name;
    const live = extractModels(ctx.tree, ctx.file, addon);
    if (!live.fields.some((f) => TEXT_TYPES.has(f.type))) return;
    const liveUses = extractQueryUses(ctx.tree, ctx.file, addon, live.classModels);
    for (const field of live.fields) checkField(ctx, field, live, liveUses);
  },
};
