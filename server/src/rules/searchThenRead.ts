// OP111 search-then-read: `search(d)` whose records are only used to read a few stored fields.
// Measured on Odoo 18 (reference/query-costs-odoo18.json): search() then reading 2 fields costs
// 2 queries (the search, then the fetch of every prefetchable field), `search_read(d, fields)` or
// `search_fetch(d, fields)` 1 — at N = 100 and at N = 1000. A bounded gain (one query, and only
// the named columns), so information at most: hint when the search has a limit.
import type { Node } from '../parse/parser';
import { analysisFor, type FileAnalysis } from './analysis/index';
import { looksRelational } from './analysis/orm';
import { identifiersNamed } from './analysis/scopes';
import { callReceiver, calleeName, enclosingClass, enclosingFunction, positionalArgs, sameNode, unparen } from './analysis/syntax';
import { extractModels } from '../odoo/pyModels';
import { functionsNamedIn } from '../odoo/functions';
import { isUnboundedSearch, searchedModel, valueUses } from './unboundedSearch';
import type { WorkspaceModel } from '../odoo/workspace';
import type { Rule, RuleContext } from './types';

/** Reading more fields than this is not "a few": the full prefetch is then about as good. */
const MAX_FIELDS = 8;

// Attributes that are no stored column of the record (or no field at all).
const NOT_STORED = new Set(['display_name', 'env', '_name', '_context', '_cr', '_uid', 'pool', '_fields', '_origin', 'ids', '_ids', '_prefetch_ids']);

interface Reads { fields: Set<string>; viaRead: boolean }

function stringOf(n: Node | undefined): string | undefined {
  const u = n ? unparen(n) : undefined;
  if (u?.type !== 'string' || u.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  return u.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text).join('');
}

/** A plain field read `rec.f` (not a call, not assigned to, not a relation followed further). */
function fieldRead(attr: Node): string | undefined {
  const name = attr.childForFieldName('attribute')?.text ?? '';
  const p = attr.parent;
  if (p?.type === 'call' && sameNode(p.childForFieldName('function'), attr)) return undefined;
  if ((p?.type === 'assignment' || p?.type === 'augmented_assignment') && sameNode(p.childForFieldName('left'), attr)) return undefined;
  if (p?.type === 'attribute' && sameNode(p.childForFieldName('object'), attr)) return undefined;
  if (NOT_STORED.has(name) || looksRelational(name)) return undefined;
  return name;
}

/** Every use of a loop variable is a field read: collects them, else false. */
function loopVarReads(a: FileAnalysis, target: Node, scope: Node, out: Reads): boolean {
  if (target.type !== 'identifier') return false;
  for (const id of identifiersNamed(scope, target.text)) {
    if (sameNode(id, target)) continue;
    if (!a.scopes.lookup(id).some((b) => sameNode(b.node, target))) continue;
    const p = id.parent;
    if (p?.type === 'attribute' && sameNode(p.childForFieldName('object'), id)) {
      const attr = p.childForFieldName('attribute')?.text;
      if (attr === 'id') continue;
      const f = fieldRead(p);
      if (!f) return false;
      out.fields.add(f);
      continue;
    }
    return false;
  }
  return true;
}

/** Classifies each use of the search result; undefined when one of them is more than a read. */
function readsOf(a: FileAnalysis, uses: Node[]): Reads | undefined {
  const out: Reads = { fields: new Set(), viaRead: false };
  for (const use of uses) {
    const p = use.parent;
    if (p?.type === 'attribute' && sameNode(p.childForFieldName('object'), use)) {
      const attr = p.childForFieldName('attribute')?.text ?? '';
      const call = p.parent?.type === 'call' && sameNode(p.parent.childForFieldName('function'), p) ? p.parent : undefined;
      if (!call) {
        if (attr === 'ids') continue;
        return undefined; // recs.name on a set: ensure_one semantics, leave it
      }
      if (attr === 'read') {
        const list = positionalArgs(call)[0];
        const names = list && unparen(list).type === 'list' ? unparen(list).namedChildren.filter((c): c is Node => !!c).map((c) => stringOf(c)) : [];
        if (!names.length || names.some((n) => !n)) return undefined;
        names.forEach((n) => out.fields.add(n!));
        out.viaRead = true;
        continue;
      }
      if (attr === 'mapped') {
        const f = stringOf(positionalArgs(call)[0]);
        if (!f || f.includes('.') || looksRelational(f) || NOT_STORED.has(f)) return undefined;
        out.fields.add(f);
        continue;
      }
      return undefined;
    }
    if (p?.type === 'for_statement' && sameNode(p.childForFieldName('right'), use)) {
      const body = p.childForFieldName('body');
      if (!body || !loopVarReads(a, unparen(p.childForFieldName('left')!), body, out)) return undefined;
      continue;
    }
    if (p?.type === 'for_in_clause' && sameNode(p.childForFieldName('right'), use) && p.parent) {
      if (!loopVarReads(a, unparen(p.childForFieldName('left')!), p.parent, out)) return undefined;
      continue;
    }
    // len(recs), `if recs:` and `not recs` need no field.
    if (p?.type === 'argument_list' && p.parent?.type === 'call' && calleeName(p.parent) === 'len' && !callReceiver(p.parent)) continue;
    if (p?.type === 'if_statement' || p?.type === 'not_operator') continue;
    return undefined;
  }
  return out;
}

/** Every field is a known stored, non-relational column of the model when the workspace defines it. */
function storedColumns(workspace: WorkspaceModel, model: string | undefined, fields: Set<string>): boolean {
  if (!model) return true;
  for (const f of fields) {
    const defs = workspace.field(model, f);
    if (defs.some((d) => !d.stored || ['One2many', 'Many2many', 'Many2one', 'Binary', 'Html', 'Properties'].includes(d.type))) return false;
  }
  return true;
}

function modelOfSearch(call: Node, classModels: () => Map<number, string>): string | undefined {
  const explicit = searchedModel(call);
  if (explicit) return explicit;
  const recv = callReceiver(call);
  if (recv?.type === 'identifier' && recv.text === 'self') {
    const cls = enclosingClass(call);
    return cls ? classModels().get(cls.id) : undefined;
  }
  return undefined;
}

export function searchThenReadAdvice(fields: string[], viaRead: boolean, version: number | undefined): string {
  const list = `[${fields.map((f) => `'${f}'`).join(', ')}]`;
  if (viaRead) return `search_read(domain, ${list}) does it in 1 query.`;
  if (version === undefined) return `search_fetch(domain, ${list}) (Odoo 17+: records with those fields cached) or search_read(domain, ${list}) (dicts) does it in 1 query.`;
  if (version >= 17) return `search_fetch(domain, ${list}) does it in 1 query and the records keep working as before.`;
  return `search_read(domain, ${list}) does it in 1 query (it returns dicts: read rec['field']).`;
}

/** What the records of a `search()` call serve for: a few stored columns, maybe through read(). */
export interface SearchReads {
  fields: string[];
  /** The fields are read with recs.read([...]) (dicts), not as record attributes. */
  viaRead: boolean;
}

/**
 * OP111's analysis, shared with its quick fix: the fields `call` (a `search()`) is read for, when
 * reading a few stored columns is all its records serve for; undefined otherwise.
 * `classModels` maps class node ids to their model names (for `self.search`).
 */
export function searchReads(a: FileAnalysis, call: Node, workspace: WorkspaceModel, classModels: () => Map<number, string>): SearchReads | undefined {
  if (calleeName(call) !== 'search') return undefined;
  const recv = callReceiver(call);
  if (!recv || !a.orm.isOrm(recv)) return undefined;
  const uses = valueUses(a, call);
  if (!uses?.length) return undefined;
  const reads = readsOf(a, uses);
  if (!reads || !reads.fields.size || reads.fields.size > MAX_FIELDS) return undefined;
  if (!storedColumns(workspace, modelOfSearch(call, classModels), reads.fields)) return undefined;
  return { fields: [...reads.fields], viaRead: reads.viaRead };
}

/**
 * The search sits in a method decorated with `@tools.ormcache...`: its body runs once per cache
 * key, not per call, so the extra fetch is paid once. The same `cached` flag of the function facts
 * that makes OP101 skip such callees.
 */
function inOrmcachedMethod(ctx: RuleContext, call: Node): boolean {
  const fn = enclosingFunction(call);
  const name = fn?.type === 'function_definition' ? fn.childForFieldName('name')?.text : undefined;
  if (!name) return false;
  return functionsNamedIn(ctx.tree, ctx.file, name).some((f) => sameNode(f.node, fn) && f.fact.cached);
}

function check(ctx: RuleContext, a: FileAnalysis, call: Node, classModels: () => Map<number, string>): void {
  const reads = searchReads(a, call, ctx.workspace, classModels);
  if (!reads || inOrmcachedMethod(ctx, call)) return;
  const { fields } = reads;
  const unbounded = isUnboundedSearch(a, call);
  const what = reads.viaRead ? 'read()' : fields.length === 1 ? `field '${fields[0]}'` : `fields ${fields.map((f) => `'${f}'`).join(', ')}`;
  ctx.report(call,
    `search() whose records are only used to read ${what}: 2 queries (the search, then a fetch of every prefetched column) where 1 does. ${searchThenReadAdvice(fields, reads.viaRead, ctx.odooVersion)}`,
    { severity: unbounded ? 'information' : 'hint' });
}

export const searchThenRead: Rule = {
  meta: {
    code: 'OP111',
    name: 'search-then-read',
    defaultSeverity: 'information',
    summary: 'search() whose records only serve to read a few stored fields: 2 queries where search_read/search_fetch takes 1.',
  },
  check(ctx) {
    if (!ctx.source.includes('search')) return;
    const a = analysisFor(ctx.tree);
    let models: Map<number, string> | undefined;
    const classModels = () => (models ??= extractModels(ctx.tree, ctx.file, ctx.addon?.name).classModels);
    for (const call of a.callsNamed('search')) check(ctx, a, call, classModels);
  },
};
