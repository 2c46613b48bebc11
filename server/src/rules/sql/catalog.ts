// Queries about the schema rather than about records: PostgreSQL's catalogs (pg_class,
// pg_attribute, pg_indexes, pg_constraint, ...), information_schema, and Odoo's own model
// metadata tables (ir_model, ir_model_fields, ...). A loop that runs one of them per iteration
// walks tables, columns or models (database_cleanup, upgrade_analysis, init() index checks): the
// number of iterations is the size of the schema, fixed by the installed addons, not the number
// of records, and it does not grow with the data.
import type { Node } from '../../parse/parser';
import type { FileAnalysis } from '../analysis/index';
import { calleeName, callReceiver, positionalArgs, unparen } from '../analysis/syntax';

// ir_model_data is left out on purpose: one row per xmlid, it grows with data records.
const ODOO_METADATA = new Set(['ir_model', 'ir_model_fields', 'ir_model_fields_selection', 'ir_model_constraint', 'ir_model_relation']);

/** A relation name (maybe schema-qualified or quoted) that describes the schema. */
export function isCatalogRelation(name: string): boolean {
  const n = name.replace(/"/g, '').toLowerCase();
  if (n.startsWith('information_schema.') || n.startsWith('pg_catalog.')) return true;
  if (/^pg_[a-z_]+$/.test(n)) return true;
  return ODOO_METADATA.has(n);
}

/**
 * The literal SQL text of a query argument, as far as the code shows it: string literals (the
 * text parts of an f-string), `"..." % args`, `"..." + more`, `SQL("...")`, `"...".format()`, or
 * a name assigned from one of those (every assignment). Undefined when no text is visible.
 */
export function queryText(a: FileAnalysis, node: Node | undefined, depth = 0): string | undefined {
  if (!node || depth > 4) return undefined;
  const n = unparen(node);
  switch (n.type) {
    case 'string':
      return n.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text).join(' ');
    case 'concatenated_string':
      return join(n.namedChildren.map((c) => (c ? queryText(a, c, depth + 1) : undefined)));
    case 'binary_operator': {
      const op = n.childForFieldName('operator')?.text;
      const left = queryText(a, n.childForFieldName('left') ?? undefined, depth + 1);
      // `"..." % (values)`: the right side is values, not SQL text
      if (op === '%') return left;
      if (op === '+') return join([left, queryText(a, n.childForFieldName('right') ?? undefined, depth + 1)]);
      return undefined;
    }
    case 'call': {
      const name = calleeName(n);
      if (name === 'SQL') return queryText(a, positionalArgs(n)[0], depth + 1);
      if (name === 'format') return queryText(a, callReceiver(n), depth + 1);
      return undefined;
    }
    case 'identifier': {
      const values = a.scopes.lookup(n).filter((b) => b.kind === 'assign').map((b) => (b.kind === 'assign' ? queryText(a, b.value, depth + 1) : undefined));
      return values.length && values.every((v) => v !== undefined) ? values.join(' ') : undefined;
    }
    default:
      return undefined;
  }
}

function join(parts: (string | undefined)[]): string | undefined {
  const seen = parts.filter((p): p is string => p !== undefined);
  return seen.length ? seen.join(' ') : undefined;
}

// The relation after FROM / JOIN / UPDATE / INTO (a sub-select's parenthesis is skipped: its own
// FROM is matched in turn). Comma-joined relations after the first are not read.
const RELATION = /\b(?:FROM|JOIN|UPDATE|INTO)\s+((?:"[^"]+"|[A-Za-z_][\w$]*)(?:\.(?:"[^"]+"|[A-Za-z_][\w$]*))?)/gi;
// SQL functions that read the catalog without a FROM: SELECT to_regclass(%s), pg_relation_size(...)
const CATALOG_FUNCTION = /\b(?:to_regclass|pg_[a-z_]+)\s*\(/i;

/** Every relation the query reads or writes is a catalog/metadata relation. */
export function isCatalogQuery(text: string): boolean {
  const relations = [...text.matchAll(RELATION)].map((m) => m[1]!);
  if (!relations.length) return CATALOG_FUNCTION.test(text);
  return relations.every(isCatalogRelation);
}

/** `cr.execute(q, ...)` whose query text is a catalog query. */
export function isCatalogExecute(a: FileAnalysis, call: Node): boolean {
  const text = queryText(a, positionalArgs(call)[0]);
  return text !== undefined && isCatalogQuery(text);
}

// Names in an iterable's chain that hold Odoo's model registry or a model's field map: a loop over
// them walks models or fields (`for name, model in env.registry.items()`, `model._fields.values()`,
// `for model, fields in local_registry.items()` in upgrade tools).
const SCHEMA_HOLDERS = new Set(['registry', 'pool', '_fields']);

/** The iterable walks the model registry or a field map (through .items()/sorted()/list()...). */
export function isSchemaIterable(node: Node): boolean {
  let n: Node | null = unparen(node);
  for (let depth = 0; n && depth < 10; depth++) {
    if (n.type === 'identifier') return SCHEMA_HOLDERS.has(n.text) || /_registry$/.test(n.text);
    if (n.type === 'attribute') {
      if (SCHEMA_HOLDERS.has(n.childForFieldName('attribute')?.text ?? '')) return true;
      n = n.childForFieldName('object');
    } else if (n.type === 'call') {
      const call: Node = n;
      // sorted(x), list(x), x.items()
      n = callReceiver(call) ?? positionalArgs(call)[0] ?? null;
    } else if (n.type === 'subscript') {
      n = n.childForFieldName('value');
    } else return false;
    if (n) n = unparen(n);
  }
  return false;
}
