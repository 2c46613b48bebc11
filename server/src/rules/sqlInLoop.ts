// OP106 sql-in-loop: `cr.execute(...)` once per iteration: one round trip to PostgreSQL per
// element (the cost model charges 1 query per execute, as Odoo's Cursor.execute runs the SQL as
// given). A single statement over all ids (`WHERE id = ANY(%s)`, `UPDATE ... FROM (VALUES ...)`)
// or execute_values costs 1.
import type { Node } from '../parse/parser';
import { analysisFor, type FileAnalysis } from './analysis/index';
import { enclosingLoops } from './analysis/loops';
import { loopSite, type LoopSite } from './analysis/perIteration';
import { isCatalogExecute, isSchemaIterable } from './sql/catalog';
import { calleeName, callReceiver, positionalArgs, unparen } from './analysis/syntax';
import type { Rule, RuleContext } from './types';

/** `cr`, `self.env.cr`, `self._cr`, `env.cr`, `request.cr`, or a name assigned from one of them. */
export function isCursor(a: FileAnalysis, node: Node, depth = 0): boolean {
  const n = unparen(node);
  if (depth > 4) return false;
  if (n.type === 'attribute') {
    const attr = n.childForFieldName('attribute')?.text;
    const obj = n.childForFieldName('object');
    if (!obj) return false;
    if (attr === 'cr') return a.orm.kind(obj) === 'env' || unparen(obj).text === 'request';
    if (attr === '_cr') return a.orm.isOrm(obj);
    return false;
  }
  if (n.type === 'identifier') {
    const bindings = a.scopes.lookup(n);
    if (!bindings.length) return false;
    if (bindings.every((b) => b.kind === 'assign' && !b.augmented && isCursor(a, b.value, depth + 1))) return true;
    // def migrate(cr, version) / hooks(cr, registry): Odoo passes the cursor as `cr`
    return n.text === 'cr' && bindings.every((b) => b.kind === 'param');
  }
  return false;
}

/** Statements that work on rows and can be merged into one set-based statement. */
const ROW_VERBS = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'WITH']);

/**
 * The first SQL keyword of the query argument, when the code shows it: a literal, an f-string,
 * `SQL("...")`, `"..." % args`, `"..." + more`, or a name assigned from one of those.
 * DDL (ALTER/CREATE/DROP per table) and transaction control (SAVEPOINT per item) cannot be
 * merged into one statement, so only row statements are reported.
 */
export function sqlVerb(a: FileAnalysis, node: Node | undefined, depth = 0): string | undefined {
  if (!node || depth > 4) return undefined;
  const n = unparen(node);
  switch (n.type) {
    case 'string': {
      const body = n.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text).join(' ');
      return /^\s*\(*\s*([A-Za-z]+)/.exec(body)?.[1]?.toUpperCase();
    }
    case 'concatenated_string':
      return sqlVerb(a, n.namedChildren[0] ?? undefined, depth + 1);
    case 'binary_operator':
      return sqlVerb(a, n.childForFieldName('left') ?? undefined, depth + 1);
    case 'call': {
      const name = calleeName(n);
      if (name === 'SQL' || name === 'format') return sqlVerb(a, name === 'format' ? callReceiver(n) : positionalArgs(n)[0], depth + 1);
      return undefined;
    }
    case 'identifier': {
      const bindings = a.scopes.lookup(n).filter((b) => b.kind === 'assign' && !b.augmented);
      const verbs = new Set(bindings.map((b) => (b.kind === 'assign' ? sqlVerb(a, b.value, depth + 1) : undefined)));
      return verbs.size === 1 ? [...verbs][0] : undefined;
    }
    default:
      return undefined;
  }
}

const TABLE_TEXT = /\b_table\b|IdentifierAdapter|AsIs\(|[Ii]dentifier\(/;

function namesTable(a: FileAnalysis, call: Node): boolean {
  if (TABLE_TEXT.test(call.text)) return true;
  const q = positionalArgs(call)[0];
  const u = q && unparen(q);
  if (u?.type !== 'identifier') return false;
  return a.scopes.lookup(u).some((b) => b.kind === 'assign' && TABLE_TEXT.test(b.statement.text));
}

/**
 * The statement runs once per table, column or model, not per record: it reads the catalog
 * itself (`SELECT ... FROM pg_indexes WHERE tablename = %s`, with model._table as a parameter),
 * an enclosing loop walks the model registry or a field map, or the repeating loop also reads the
 * catalog for the element at hand (then it walks schema objects: database_cleanup's purge lines).
 * The count is fixed by the installed addons and does not grow with the data.
 */
function overSchemaObjects(a: FileAnalysis, call: Node, site: LoopSite): boolean {
  if (isCatalogExecute(a, call)) return true;
  // The other two signals speak for the loop, not the statement: a loop over records (`for rec
  // in self`) repeats its data statements per record even beside a catalog check, and a
  // per-record loop nested in a registry walk still runs per record.
  if (site.unit === 'records') return false;
  const loop = site.loop;
  if (enclosingLoops(call).some((l) => l.iterable && isSchemaIterable(l.iterable))) return true;
  return a.callsNamed('execute').some((other) => other.startIndex > loop.node.startIndex && other.endIndex <= loop.node.endIndex
    && other.id !== call.id && isCursor(a, callReceiver(other) ?? other) && isCatalogExecute(a, other));
}

function check(ctx: RuleContext, a: FileAnalysis, call: Node) {
  const recv = callReceiver(call);
  if (!recv || !isCursor(a, recv)) return;
  const verb = sqlVerb(a, positionalArgs(call)[0]);
  if (!verb || !ROW_VERBS.has(verb)) return;
  const site = loopSite(a, call);
  if (!site) return;
  // `SELECT ... FROM %s` % obj._table over a list of models: one statement per table, the
  // iterations are schema objects, not records (a loop over a recordset is still reported).
  if (site.unit !== 'records' && namesTable(a, call)) return;
  if (overSchemaObjects(a, call, site)) return;
  ctx.report(
    call,
    `cr.execute(${verb} ...) inside ${site.where}: 1 query per iteration (~100 queries for 100 ${site.unit}). ` +
      'Run one statement for all of them (WHERE id = ANY(%s), UPDATE ... FROM (VALUES ...), or execute_values): 1 query.',
  );
}

export const sqlInLoop: Rule = {
  meta: {
    code: 'OP106',
    name: 'sql-in-loop',
    defaultSeverity: 'warning',
    perIteration: true,
    summary: 'cr.execute() called once per iteration of a loop (N round trips instead of 1).',
  },
  check(ctx) {
    const a = analysisFor(ctx.tree);
    for (const call of a.callsNamed('execute')) check(ctx, a, call);
  },
};
