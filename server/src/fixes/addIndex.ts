// OP201 missing-index: add `index=` to the field definition. `index=True` (a btree) is valid on
// every version; from Odoo 16 `index='btree_not_null'` is the better default for a Many2one that
// is not required (sparse columns: NULL rows stay out of the index). Fields searched only with
// ilike are OP202's (trigramIndex.ts).
import type { Node } from '../parse/parser';
import type { Finding } from '../rules/types';
import { appendKeyword, hasKwargsSplat, keywordValue, quoteOfCall } from './callArgs';
import { nodeAtRange, quoteLike } from './edits';
import type { Fix, FixContext, FixProvider } from './types';

/** `name = fields.X(...)` from the field-name node the finding points at. */
export function fieldCall(ctx: FixContext, finding: Finding): { call: Node; type: string } | undefined {
  const name = nodeAtRange(ctx.tree, finding.range);
  const assignment = name?.parent;
  if (!name || name.type !== 'identifier' || assignment?.type !== 'assignment') return undefined;
  if (assignment.childForFieldName('left')?.id !== name.id) return undefined;
  const call = assignment.childForFieldName('right');
  if (call?.type !== 'call') return undefined;
  const fn = call.childForFieldName('function');
  const type = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
  return type ? { call, type } : undefined;
}

export const addIndexFix: FixProvider = {
  code: 'OP201',
  fixes(finding, ctx) {
    const found = fieldCall(ctx, finding);
    if (!found || hasKwargsSplat(found.call) || keywordValue(found.call, 'index')) return [];
    const { call, type } = found;
    const q = quoteOfCall(call, quoteLike(ctx.source, 'x')[0]);
    const make = (value: string, title: string, preferred: boolean): Fix | undefined => {
      const edits = appendKeyword(ctx.file, ctx.source, call, `index=${value}`);
      return edits ? { title, code: 'OP201', edits, preferred, safe: true } : undefined;
    };
    const v = ctx.odooVersion;
    const modern = v !== undefined && v >= 16;
    const fixes: (Fix | undefined)[] = [];
    if (modern && type === 'Many2one' && keywordValue(call, 'required')?.text !== 'True') {
      fixes.push(make(`${q}btree_not_null${q}`, `Add index=${q}btree_not_null${q} (skips empty values)`, true));
      fixes.push(make('True', 'Add index=True (btree)', false));
    } else {
      fixes.push(make('True', v === undefined ? 'Add index=True (Odoo version unknown: a plain btree)' : 'Add index=True', true));
    }
    return fixes.filter((f): f is Fix => !!f);
  },
};
