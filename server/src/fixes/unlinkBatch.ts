// OP104 unlink-in-loop -> one unlink() after (or instead of) the loop. Measured on Odoo 18:
// 4 queries per record become 4 in total. Two shapes, both only when certain:
// - the loop does nothing else: `for v in recs: v.unlink()` -> `recs.unlink()`, and
//   `for v in recs: v.line_ids.unlink()` -> `recs.mapped('line_ids').unlink()` when every hop is a
//   known relational field of the workspace (mapped() of a non-field fails);
// - `v.unlink()` of the loop record among other statements that only build values (no query or
//   write could see the records still there): collect `to_unlink |= v` in the loop, starting
//   from `recs.browse()` (an empty set of the same model), and unlink once after it.
// Not inside an outer loop: the one unlink() would still run per outer iteration.
import type { Node } from '../parse/parser';
import { analysisFor } from '../rules/analysis/index';
import { enclosingLoops } from '../rules/analysis/loops';
import { modelsFor } from '../rules/analysis/models';
import { callArgs, callReceiver, enclosingFunction, unparen } from '../rules/analysis/syntax';
import type { WorkspaceModel } from '../odoo/workspace';
import { callAt } from './callAt';
import { eolOf, insertAt, nodeRange, quoteLike } from './edits';
import { freshName, onlyBuildsValues, plainForLoop, statementIndent } from './loopBatch';
import type { Fix, FixProvider } from './types';

const RELATIONAL = new Set(['Many2one', 'One2many', 'Many2many']);

/** `v.a.b` with v the loop target -> ['a', 'b'] ([] for v itself). */
function pathFrom(n: Node, target: string): string[] | undefined {
  const parts: string[] = [];
  let cur = unparen(n);
  while (cur.type === 'attribute') {
    parts.unshift(cur.childForFieldName('attribute')!.text);
    cur = unparen(cur.childForFieldName('object')!);
  }
  return cur.type === 'identifier' && cur.text === target ? parts : undefined;
}

function relationalPath(ws: WorkspaceModel, model: string, path: string[]): boolean {
  let m = model;
  for (const hop of path) {
    const defs = ws.field(m, hop);
    if (!defs.length || !defs.every((f) => RELATIONAL.has(f.type) && f.comodel === defs[0].comodel) || !defs[0].comodel) return false;
    m = defs[0].comodel;
  }
  return true;
}

function plainPath(n: Node): boolean {
  const v = unparen(n);
  return v.type === 'identifier' || (v.type === 'attribute' && plainPath(v.childForFieldName('object')!));
}

export const unlinkBatchFix: FixProvider = {
  code: 'OP104',
  fixes(finding, ctx) {
    const call = callAt(ctx, finding);
    const stmt = call?.parent;
    if (!call || stmt?.type !== 'expression_statement' || stmt.namedChildren.length !== 1 || callArgs(call).length) return [];
    const receiver = callReceiver(call);
    const loop = plainForLoop(stmt);
    const target = loop?.node.childForFieldName('left');
    const body = loop?.node.childForFieldName('body');
    if (!receiver || !loop || !loop.iterable || target?.type !== 'identifier' || !body) return [];
    // Inside an outer loop the single unlink() would still run once per outer iteration (and be
    // reported again): the rewrite would not answer the finding.
    if (enclosingLoops(loop.node).length) return [];
    const a = analysisFor(ctx.tree);
    if (a.orm.kind(loop.iterable) !== 'records') return [];
    const path = pathFrom(receiver, target.text);
    if (!path) return [];
    const src = ctx.source;
    const iter = src.slice(loop.iterable.startIndex, loop.iterable.endIndex);
    const statements = body.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    if (statements.length === 1 && statements[0].id === stmt.id) {
      // A comment may only trail the unlink line (it stays after the replacement); others would be lost.
      const comments = loop.node.descendantsOfType('comment').filter((c): c is Node => !!c);
      if (comments.some((c) => c.startIndex < stmt.endIndex || c.startPosition.row !== stmt.endPosition.row)) return [];
      let unlinked = iter;
      if (path.length) {
        const model = modelsFor(a, ctx.workspace).modelOf(loop.iterable);
        if (!model || !relationalPath(ctx.workspace, model, path)) return [];
        unlinked = `${iter}.mapped(${quoteLike(src, path.join('.'))})`;
      }
      return [{ title: `Unlink all at once: ${unlinked}.unlink()`, code: 'OP104', edits: [{ file: ctx.file, range: { start: nodeRange(loop.node).start, end: nodeRange(stmt).end }, newText: `${unlinked}.unlink()` }], preferred: true, safe: true } satisfies Fix];
    }
    // Collect the loop record itself; the iterable is evaluated again for browse(): a plain path only.
    if (path.length || !plainPath(loop.iterable) || !onlyBuildsValues(body, stmt)) return [];
    const eol = eolOf(src);
    const indent = statementIndent(src, loop.node);
    const name = freshName(enclosingFunction(loop.node), 'to_unlink');
    const endRow = loop.node.endPosition.row;
    const lineEnd = src.split('\n')[endRow]?.replace(/\r$/, '').length ?? loop.node.endPosition.column;
    const start = { line: loop.node.startPosition.row, character: loop.node.startPosition.column };
    return [{
      title: 'Collect the records and unlink them once after the loop',
      code: 'OP104',
      edits: [
        insertAt(ctx.file, start, `${name} = ${iter}.browse()${eol}${indent}`),
        { file: ctx.file, range: nodeRange(call), newText: `${name} |= ${target.text}` },
        insertAt(ctx.file, { line: endRow, character: lineEnd }, `${eol}${indent}${name}.unlink()`),
      ],
      preferred: true,
      safe: true,
    } satisfies Fix];
  },
};
