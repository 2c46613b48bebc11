// OP401 sql-injection: the query text given to cr.execute is built by interpolating a value
// (% formatting, str.format, an f-string, + concatenation). psycopg2 escapes only what is passed
// as parameters; text pasted into the query runs as SQL.
//
// What counts as safe to interpolate (decided here, documented in docs/rules/OP401-sql-injection.md):
// literals and module constants, identifiers that come from the model definition (`self._table`,
// `_rec_name`, `_order`, `_parent_name`), record ids (`.id`, `.ids`, `int(...)`, `len(...)`), names
// bound only to such values in the same function, Odoo's own SQL builders (`query.get_sql()`,
// `Query.select()`) and psycopg2.sql / odoo.tools.SQL composition. Odoo core writes
// f"... FROM {self._table}" everywhere; that is not user input and is not flagged.
import type { Node } from '../parse/parser';
import { callIndex } from './analysis/calls';
import { dottedName } from '../odoo/functions';
import { disabledForPylint } from './http/pylintDisable';
import { cursorNames, isCursorExpr } from './sql/cursors';
import { evaluateQuery, type Verdict } from './sql/queryText';
import type { Rule, RuleContext } from './types';

export const sqlInjection: Rule = {
  meta: {
    code: 'OP401',
    name: 'sql-injection',
    defaultSeverity: 'error',
    summary: 'cr.execute() receives a query built by interpolating a non-constant value (%, format, f-string, +).',
  },
  check(ctx: RuleContext) {
    const root = ctx.tree.rootNode;
    // Only the calls named execute/executemany (names read once per file by the shared call
    // index), in source order, instead of reading the callee of every call of the file.
    const index = callIndex(ctx.tree);
    for (let i = 0; i < index.calls.length; i++) {
      if (index.names[i] !== 'execute' && index.names[i] !== 'executemany') continue;
      const call = index.calls[i];
      const fn = call.childForFieldName('function');
      if (fn?.type !== 'attribute') continue;
      const method = fn.childForFieldName('attribute')?.text;
      if (method !== 'execute' && method !== 'executemany') continue;
      const scope = enclosingFunction(call);
      const receiver = fn.childForFieldName('object');
      if (!isCursorExpr(receiver, cursorNames(scope ?? root))) continue;
      const query = firstPositional(call);
      if (!query) continue;
      const verdict = evaluateQuery(query, scope, root);
      if (verdict.kind !== 'unsafe') continue;
      if (disabledForPylint(call, ['sql-injection', 'E8103'])) continue;
      // Reported on the cursor call (one line) rather than the query, which often spans many lines.
      ctx.report(fn, message(verdict, query, fn, ctx.odooVersion), {
        related: verdict.site && verdict.site.startIndex !== query.startIndex
          ? [{ file: ctx.file, range: rangeOf(verdict.site), message: `query text built here with ${verdict.how}` }]
          : undefined,
      });
    }
  },
};

function message(v: Extract<Verdict, { kind: 'unsafe' }>, query: Node, fn: Node, version: number | undefined): string {
  const callee = dottedName(fn) ?? `${fn.childForFieldName('object')?.text ?? 'cr'}.execute`;
  const what = query.type === 'identifier' ? `the query \`${query.text}\` passed to ${callee}` : `the query passed to ${callee}`;
  const value = v.culprit.text.length > 40 ? `${v.culprit.text.slice(0, 39)}…` : v.culprit.text;
  const composer = version === undefined
    ? 'psycopg2.sql (or odoo.tools.SQL from Odoo 17)'
    : version >= 17 ? 'odoo.tools.SQL (or psycopg2.sql)' : 'psycopg2.sql';
  return `SQL injection risk: ${what} is built with ${v.how} of \`${value}\`, which is not a constant: text pasted into a query is not escaped. Pass values as parameters (cr.execute(query, params)) and compose identifiers with ${composer}.`;
}

function enclosingFunction(node: Node): Node | null {
  let p = node.parent;
  while (p && p.type !== 'function_definition') p = p.parent;
  return p;
}

function firstPositional(call: Node): Node | undefined {
  const args = call.childForFieldName('arguments');
  if (!args) return undefined;
  for (const a of args.namedChildren) {
    if (!a || a.type === 'comment') continue;
    if (a.type === 'keyword_argument') {
      if (a.childForFieldName('name')?.text === 'query') return a.childForFieldName('value') ?? undefined;
      continue;
    }
    if (a.type === 'list_splat' || a.type === 'dictionary_splat') return undefined;
    return a;
  }
  return undefined;
}

function rangeOf(node: Node) {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}
