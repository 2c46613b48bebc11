// OP112 create-single-override -> `@api.model_create_multi def create(self, vals_list)`, the old
// body looping over vals_list, one `super().create(vals_list)`. Only for the shape
//     @api.model                         (or no decorator)
//     def create(self, vals):
//         <statements that change vals>    (no return, no rebinding of vals, no multi-line string)
//         return super().create(vals)      (or super(Class, self).create(vals))
// A decorator change alone is not valid (the override would receive a list where it expects a
// dict), so any other shape gets no fix. The same output on every version since 12 (16-19 here).
// Safe for fixAll only when the loop body only builds values: with queries or writes in it, the
// pre-processing of every dict now runs before the first INSERT instead of interleaved with them.
import type { Node } from '../parse/parser';
import { callArgs, calleeName, callReceiver } from '../rules/analysis/syntax';
import { nodeAtRange, eolOf, indentOf, lineStarts } from './edits';
import { freshName, identifiersIn, onlyBuildsValues } from './loopBatch';
import type { Fix, FixProvider, TextEdit } from './types';

function isSuperCreate(stmt: Node, vals: string): Node | undefined {
  if (stmt.type !== 'return_statement') return undefined;
  const call = stmt.namedChildren[0];
  if (call?.type !== 'call' || calleeName(call) !== 'create') return undefined;
  const recv = callReceiver(call);
  if (recv?.type !== 'call' || recv.childForFieldName('function')?.text !== 'super') return undefined;
  const args = callArgs(call);
  return args.length === 1 && args[0].type === 'identifier' && args[0].text === vals ? args[0] : undefined;
}

function hasApiImport(root: Node): boolean {
  for (const imp of root.descendantsOfType(['import_from_statement'])) {
    if (imp?.childForFieldName('module_name')?.text === 'odoo' && imp.namedChildren.some((c) => c?.type === 'dotted_name' && c.text === 'api' && c.id !== imp.childForFieldName('module_name')?.id)) return true;
  }
  return false;
}

export const createMultiFix: FixProvider = {
  code: 'OP112',
  fixes(finding, ctx) {
    const name = nodeAtRange(ctx.tree, finding.range);
    const def = name?.parent;
    if (name?.type !== 'identifier' || def?.type !== 'function_definition') return [];
    const params = def.childForFieldName('parameters')!.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    if (params.length !== 2 || params[1].type !== 'identifier') return [];
    const valsParam = params[1];
    const vals = valsParam.text;
    const body = def.childForFieldName('body');
    const statements = body?.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') ?? [];
    if (!body || !statements.length) return [];
    const ret = statements[statements.length - 1];
    const retArg = isSuperCreate(ret, vals);
    if (!retArg) return [];
    let work = statements.slice(0, -1);
    // A docstring stays at the top of the function.
    if (work[0]?.type === 'expression_statement' && work[0].namedChildren[0]?.type === 'string') work = work.slice(1);
    for (const s of work) {
      if (s.descendantsOfType(['return_statement', 'yield', 'function_definition', 'class_definition', 'global_statement', 'nonlocal_statement']).some((n) => !!n) || s.type === 'return_statement') return [];
      if (s.descendantsOfType('call').some((c) => !!c && c.childForFieldName('function')?.text === 'super')) return [];
      // `vals = dict(vals, ...)` would rebind the loop variable, not change the list's dict.
      for (const id of identifiersIn(s)) {
        const p = id.parent;
        if (id.text !== vals || !p) continue;
        if ((p.type === 'assignment' || p.type === 'augmented_assignment' || p.type === 'for_statement') && p.childForFieldName('left')?.id === id.id) return [];
        if (p.type === 'named_expression' || p.type === 'pattern_list' || p.type === 'tuple_pattern') return [];
      }
      // each statement on lines of its own (no `a; b`, no body on the def line)
      if (s.startPosition.column !== indentOf(ctx.source, s.startPosition.row).length || s.startPosition.row === def.startPosition.row) return [];
      if (s.descendantsOfType('string').some((str) => !!str && str.startPosition.row !== str.endPosition.row)) return [];
    }
    const src = ctx.source;
    const eol = eolOf(src);
    const edits: TextEdit[] = [];
    // The decorator: @api.model -> @api.model_create_multi; none -> add it (needs `from odoo import api`).
    const wrapper = def.parent?.type === 'decorated_definition' ? def.parent : undefined;
    const decorators = wrapper?.namedChildren.filter((c): c is Node => c?.type === 'decorator') ?? [];
    if (decorators.length > 1) return [];
    if (decorators.length === 1) {
      const expr = decorators[0].namedChildren[0];
      if (expr?.type !== 'attribute' || expr.text !== 'api.model') return [];
      edits.push({ file: ctx.file, range: { start: { line: expr.startPosition.row, character: expr.startPosition.column }, end: { line: expr.endPosition.row, character: expr.endPosition.column } }, newText: 'api.model_create_multi' });
    } else {
      if (!hasApiImport(ctx.tree.rootNode)) return [];
      const at = { line: def.startPosition.row, character: def.startPosition.column };
      edits.push({ file: ctx.file, range: { start: at, end: at }, newText: `@api.model_create_multi${eol}${indentOf(src, def.startPosition.row)}` });
    }
    const list = freshName(def, 'vals_list');
    edits.push({ file: ctx.file, range: rangeOf(valsParam), newText: list });
    if (work.length) {
      // Re-indent the statements' lines one level under `for vals in vals_list:`.
      const starts = lineStarts(src);
      const firstRow = work[0].startPosition.row;
      const lastRow = work[work.length - 1].endPosition.row;
      const indent = indentOf(src, firstRow);
      const unit = indent.startsWith('\t') ? '\t' : '    ';
      const from = starts[firstRow];
      const to = lastRow + 1 < starts.length ? starts[lastRow + 1] : src.length;
      const lines = src.slice(from, to).split('\n');
      const shifted = lines.map((l, i) => (l.replace(/\r$/, '').trim() === '' || (i === lines.length - 1 && l === '') ? l : unit + l)).join('\n');
      edits.push({ file: ctx.file, range: { start: { line: firstRow, character: 0 }, end: { line: firstRow, character: 0 } }, newText: `${indent}for ${vals} in ${list}:${eol}` });
      edits.push({ file: ctx.file, range: { start: { line: firstRow, character: 0 }, end: positionOfOffset(src, to, starts) }, newText: shifted });
    }
    edits.push({ file: ctx.file, range: rangeOf(retArg), newText: list });
    const safe = work.every((s) => onlyBuildsValues(s, ret));
    return [{ title: `Use @api.model_create_multi: create(self, ${list}) with one super().create(${list})`, code: 'OP112', edits: mergeAdjacent(edits), preferred: true, safe } satisfies Fix];
  },
};

function rangeOf(n: Node) {
  return { start: { line: n.startPosition.row, character: n.startPosition.column }, end: { line: n.endPosition.row, character: n.endPosition.column } };
}

function positionOfOffset(src: string, offset: number, starts: number[]) {
  let line = starts.length - 1;
  while (line > 0 && starts[line] > offset) line--;
  return { line, character: offset - starts[line] };
}

/** The loop header insert and the re-indented block start at the same point: one edit. */
function mergeAdjacent(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const prev = out[out.length - 1];
    const emptyPrev = prev && prev.range.start.line === prev.range.end.line && prev.range.start.character === prev.range.end.character;
    if (prev && emptyPrev && prev.range.start.line === e.range.start.line && prev.range.start.character === e.range.start.character) {
      out[out.length - 1] = { file: e.file, range: e.range, newText: prev.newText + e.newText };
    } else out.push(e);
  }
  return out;
}
