// OP103 create-in-loop -> collect the values in the loop, one create(vals_list) after it:
//   for visit in self:                          vals_list = []
//       Line.create({'visit_id': visit.id})  ->  for visit in self:
//                                                    vals_list.append({'visit_id': visit.id})
//                                                Line.create(vals_list)
// Measured on Odoo 18: 101 queries for 100 records become 2. Offered only when the created record
// is not used (the call is a statement), the loop body only builds values (loopBatch.ts: no query,
// no other write, no return/try), the receiver does not depend on the loop, and the values are a
// fresh dict per iteration (a dict literal, or a name the loop assigns a dict literal and does not
// touch after the create: one dict reused across iterations would be appended N times).
import type { Node } from '../parse/parser';
import { callReceiver, enclosingFunction, positionalArgs, callArgs, unparen } from '../rules/analysis/syntax';
import { callAt } from './callAt';
import { eolOf, insertAt, nodeRange } from './edits';
import { boundInLoop, freshName, identifiersIn, loopInvariant, onlyBuildsValues, plainForLoop, statementIndent } from './loopBatch';
import type { Fix, FixProvider } from './types';

const FRESH_DICT = new Set(['dictionary', 'dictionary_comprehension']);

function freshValues(arg: Node, loop: Node, stmt: Node): boolean {
  const v = unparen(arg);
  if (FRESH_DICT.has(v.type)) return true;
  if (v.type !== 'identifier') return false;
  const fn = enclosingFunction(loop);
  if (!fn) return false;
  const same = identifiersIn(fn).filter((n) => n.text === v.text);
  let assigned = false;
  for (const id of same) {
    const p = id.parent;
    const isTarget = p?.type === 'assignment' && p.childForFieldName('left')?.id === id.id;
    if (isTarget) {
      // every binding: inside this loop, a fresh dict
      if (id.startIndex < loop.startIndex || id.endIndex > loop.endIndex) return false;
      if (!FRESH_DICT.has(unparen(p.childForFieldName('right')!).type)) return false;
      assigned = true;
      continue;
    }
    if (p?.type === 'augmented_assignment' || p?.type === 'named_expression' || p?.type === 'for_statement' || p?.type === 'parameters' || p?.type === 'default_parameter') return false;
    // no use after the create, in the loop or after it
    if (id.startIndex >= stmt.endIndex) return false;
    if (id.startIndex < loop.startIndex) return false;
  }
  return assigned;
}

export const createBatchFix: FixProvider = {
  code: 'OP103',
  fixes(finding, ctx) {
    const call = callAt(ctx, finding);
    const stmt = call?.parent;
    if (!call || stmt?.type !== 'expression_statement' || stmt.namedChildren.length !== 1) return [];
    const receiver = callReceiver(call);
    if (!receiver || callArgs(call).length !== 1 || positionalArgs(call).length !== 1) return [];
    const loop = plainForLoop(stmt);
    const body = loop?.node.childForFieldName('body');
    if (!loop || !body || !onlyBuildsValues(body, stmt)) return [];
    if (!loopInvariant(receiver, boundInLoop(loop.node))) return [];
    const arg = positionalArgs(call)[0];
    if (!freshValues(arg, loop.node, stmt)) return [];
    const src = ctx.source;
    const eol = eolOf(src);
    const indent = statementIndent(src, loop.node);
    const list = freshName(enclosingFunction(loop.node), 'vals_list');
    const endRow = loop.node.endPosition.row;
    const lineEnd = src.split('\n')[endRow]?.replace(/\r$/, '').length ?? loop.node.endPosition.column;
    const start = { line: loop.node.startPosition.row, character: loop.node.startPosition.column };
    const fix: Fix = {
      title: 'Collect the values and create them with one create(vals_list) after the loop',
      code: 'OP103',
      edits: [
        insertAt(ctx.file, start, `${list} = []${eol}${indent}`),
        // `X.create(` -> `vals_list.append(`: the arguments keep their layout.
        { file: ctx.file, range: nodeRange(call.childForFieldName('function')!), newText: `${list}.append` },
        insertAt(ctx.file, { line: endRow, character: lineEnd }, `${eol}${indent}${src.slice(receiver.startIndex, receiver.endIndex)}.create(${list})`),
      ],
      preferred: true,
      safe: true,
    };
    return [fix];
  },
};
