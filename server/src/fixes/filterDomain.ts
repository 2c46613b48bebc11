// OP109 filter-after-search: move the `filtered(...)` condition into the search's literal domain:
//   X.search([('a', '=', 1)]).filtered(lambda r: r.state == 'done')
//     -> X.search([('a', '=', 1), ('state', '=', 'done')])
// Offered only where the domain selects exactly the records the Python filter kept. Checked by
// field type, because Odoo's SQL and Python truthiness differ at the edges:
// - `==` / `in` on a Selection or Char (non-empty string literals; a Selection also against a plain
//   name, since an empty value compares the same: False == False, `= False` is IS NULL), an Integer
//   (non-zero literals: Python reads NULL as 0, SQL `= 0` does not match NULL);
// - `!=` / `not in` the same, on the record's own field only: Odoo adds `OR f IS NULL` to negative
//   operators, as Python's `False != 'x'` keeps empty values; through a Many2one path the empty
//   link would be decided differently;
// - truthiness `r.f` / `not r.f` on a Many2one, Selection, Date or Datetime (empty is NULL) ->
//   `('f', '!=', False)` / `('f', '=', False)`; a Boolean -> `('f', '=', True)` / `('f', '=', False)`;
//   not on Char/Integer/Float (`''` and `0` are falsy but not NULL) nor x2many;
// - equality on relational fields is not rewritten (a record or an id: the domain value differs).
// The domain must be a list literal (a name may hold a tuple or, on 19, a Domain object); the
// comparison value must not be computed (no calls) nor mention the lambda parameter.
import type { Node } from '../parse/parser';
import { analysisFor } from '../rules/analysis/index';
import { paramPath } from '../rules/analysis/callbacks';
import { modelsFor } from '../rules/analysis/models';
import { callArgs, calleeName, callReceiver, keywordArg, positionalArgs, unparen } from '../rules/analysis/syntax';
import type { WorkspaceModel } from '../odoo/workspace';
import { callAt } from './callAt';
import { eolOf, indentOf, insertAt } from './edits';
import type { Fix, FixProvider, TextEdit } from './types';

const EMPTY_IS_NULL = new Set(['Many2one', 'Selection', 'Date', 'Datetime']);

interface Leaf { path: string[]; op: string; value: string }

/** The type of the last field of a stored path whose hops are stored Many2one fields. */
function pathType(ws: WorkspaceModel, model: string, path: string[]): string | undefined {
  let m = model;
  for (let i = 0; i < path.length; i++) {
    const defs = ws.field(m, path[i]);
    if (!defs.length || defs.some((f) => !f.stored) || new Set(defs.map((f) => f.type)).size !== 1) return undefined;
    if (i === path.length - 1) return defs[0].type;
    if (defs[0].type !== 'Many2one' || !defs[0].comodel) return undefined;
    m = defs[0].comodel;
  }
  return undefined;
}

function nonEmptyString(n: Node): boolean {
  const v = unparen(n);
  if (v.type !== 'string' || v.namedChildren.some((c) => c?.type === 'interpolation')) return false;
  if (/^[a-zA-Z]*[bB]/.test(v.text)) return false; // bytes
  return v.namedChildren.some((c) => c?.type === 'string_content' && c.text.length > 0);
}

function nonZeroInt(n: Node): boolean {
  const v = unparen(n);
  return v.type === 'integer' && Number(v.text.replace(/_/g, '')) !== 0;
}

/** A plain name or attribute chain (no call, no subscript) not mentioning the parameter. */
function plainName(n: Node, param: string): boolean {
  const v = unparen(n);
  if (v.type === 'identifier') return v.text !== param && v.text !== 'True' && v.text !== 'False';
  return v.type === 'attribute' && plainName(v.childForFieldName('object')!, param);
}

function scalarOk(type: string, value: Node, param: string): boolean {
  if (type === 'Selection') return nonEmptyString(value) || plainName(value, param);
  if (type === 'Char') return nonEmptyString(value);
  if (type === 'Integer') return nonZeroInt(value);
  return false;
}

function collectionOk(type: string, value: Node): boolean {
  const v = unparen(value);
  if (v.type !== 'list' && v.type !== 'tuple') return false;
  const items = v.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  if (!items.length) return false;
  if (type === 'Selection' || type === 'Char') return items.every(nonEmptyString);
  if (type === 'Integer') return items.every(nonZeroInt);
  return false;
}

const OPS: Record<string, string> = { '==': '=', '!=': '!=', in: 'in', 'not in': 'not in' };

function truthLeaf(path: string[], type: string | undefined, negated: boolean): Leaf | undefined {
  if (type === 'Boolean') return { path, op: '=', value: negated ? 'False' : 'True' };
  if (!type || !EMPTY_IS_NULL.has(type)) return undefined;
  // `not r.a.b` through a Many2one: an empty link is "not b" in Python, a NULL join in SQL.
  if (negated && path.length > 1) return undefined;
  return { path, op: negated ? '=' : '!=', value: 'False' };
}

function leavesOf(body: Node, param: string, ws: WorkspaceModel, model: string): Leaf[] | undefined {
  const b = unparen(body);
  if (b.type === 'boolean_operator' && b.childForFieldName('operator')?.text === 'and') {
    const l = leavesOf(b.childForFieldName('left')!, param, ws, model);
    const r = l && leavesOf(b.childForFieldName('right')!, param, ws, model);
    return l && r ? [...l, ...r] : undefined;
  }
  if (b.type === 'not_operator') {
    const p = paramPath(b.childForFieldName('argument')!, param);
    const leaf = p && truthLeaf(p, pathType(ws, model, p), true);
    return leaf ? [leaf] : undefined;
  }
  const truthy = paramPath(b, param);
  if (truthy) {
    const leaf = truthLeaf(truthy, pathType(ws, model, truthy), false);
    return leaf ? [leaf] : undefined;
  }
  if (b.type !== 'comparison_operator') return undefined;
  const operands = b.namedChildren.filter((c): c is Node => !!c);
  const op = b.children.filter((c) => !!c && !c.isNamed).map((c) => c!.text).join(' ');
  if (operands.length !== 2 || !(op in OPS)) return undefined;
  let [left, right] = operands;
  let p = paramPath(left, param);
  if (!p && (op === '==' || op === '!=')) {
    [left, right] = [right, left];
    p = paramPath(left, param);
  }
  if (!p) return undefined;
  const type = pathType(ws, model, p);
  if (!type) return undefined;
  const negative = op === '!=' || op === 'not in';
  if (negative && p.length > 1) return undefined;
  const ok = op === '==' || op === '!=' ? scalarOk(type, right, param) : collectionOk(type, right);
  return ok ? [{ path: p, op: OPS[op], value: right.text }] : undefined;
}

/** The edits appending `texts` to a list literal, in its layout (as callArgs.appendKeyword does). */
function appendToList(file: string, source: string, list: Node, texts: string[]): TextEdit[] {
  const open = list.child(0)!;
  const close = list.child(list.childCount - 1)!;
  const items = list.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  const last = items[items.length - 1];
  const at = (n: Node) => ({ line: n.endPosition.row, character: n.endPosition.column });
  if (!last) return [insertAt(file, at(open), texts.join(', '))];
  const trailing = list.children.find((c) => !!c && c.type === ',' && c.startIndex >= last.endIndex);
  const closeIndent = indentOf(source, close.startPosition.row);
  const onePerLine = close.startPosition.row > last.endPosition.row && closeIndent.length === close.startPosition.column;
  if (onePerLine) {
    const indent = indentOf(source, last.startPosition.row);
    const eol = eolOf(source);
    const lines = texts.map((t) => `${indent}${t},${eol}`).join('');
    const lineStart = { line: close.startPosition.row, character: 0 };
    if (trailing) return [insertAt(file, lineStart, lines)];
    return [insertAt(file, at(last), ','), insertAt(file, lineStart, lines.slice(0, lines.length - 1 - eol.length) + eol)];
  }
  if (trailing) return [insertAt(file, at(trailing), ` ${texts.join(', ')},`)];
  return [insertAt(file, at(last), `, ${texts.join(', ')}`)];
}

export const filterDomainFix: FixProvider = {
  code: 'OP109',
  fixes(finding, ctx) {
    const filtered = callAt(ctx, finding);
    const search = filtered && callReceiver(filtered);
    if (!filtered || !search || unparen(search).type !== 'call' || calleeName(search) !== 'search') return [];
    // The rule's conditions (no limit/offset) are rechecked: a wrong rewrite is worse than none.
    if (positionalArgs(search).length !== 1 || callArgs(search).length !== 1 || keywordArg(search, 'limit') || keywordArg(search, 'offset')) return [];
    const domain = unparen(positionalArgs(search)[0]);
    if (domain.type !== 'list') return [];
    const recv = callReceiver(search);
    const model = recv && modelsFor(analysisFor(ctx.tree), ctx.workspace).modelOf(recv);
    if (!model) return [];
    const args = callArgs(filtered);
    if (args.length !== 1) return [];
    const arg = unparen(args[0]);
    let leaves: Leaf[] | undefined;
    if (arg.type === 'string' && nonEmptyString(arg) && !arg.text.includes('\\')) {
      const path = arg.text.replace(/^[a-zA-Z]*['"]{1,3}|['"]{1,3}$/g, '').split('.');
      if (path.every((p) => /^\w+$/.test(p))) {
        const leaf = truthLeaf(path, pathType(ctx.workspace, model, path), false);
        leaves = leaf ? [leaf] : undefined;
      }
    } else if (arg.type === 'lambda') {
      const params = arg.childForFieldName('parameters')?.namedChildren.filter((c) => !!c) ?? [];
      const body = arg.childForFieldName('body');
      if (params.length === 1 && params[0]!.type === 'identifier' && body) leaves = leavesOf(body, params[0]!.text, ctx.workspace, model);
    }
    if (!leaves?.length) return [];
    const strings = domain.descendantsOfType('string_start');
    const q = strings[0]?.text.endsWith('"') ? '"' : strings[0] ? "'" : (ctx.source.split('"').length > ctx.source.split("'").length ? '"' : "'");
    const texts = leaves.map((l) => `(${q}${l.path.join('.')}${q}, ${q}${l.op}${q}, ${l.value})`);
    const src = ctx.source;
    // Drop `.filtered(...)`: from the end of the search call to the end of the filtered call.
    const end = { line: filtered.endPosition.row, character: filtered.endPosition.column };
    const from = { line: search.endPosition.row, character: search.endPosition.column };
    const between = src.slice(search.endIndex, filtered.endIndex);
    if (between.includes('#')) return []; // a comment inside the removed text
    const edits: TextEdit[] = [...appendToList(ctx.file, src, domain, texts), { file: ctx.file, range: { start: from, end }, newText: '' }];
    const fix: Fix = { title: `Move the filter into the search domain: ${texts.join(', ')}`, code: 'OP109', edits, preferred: true, safe: true };
    return [fix];
  },
};
