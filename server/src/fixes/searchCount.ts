// OP108 len-search: `len(X.search(d))` (or `len(X.search(d).ids)`) -> `X.search_count(d)`. The
// same COUNT and the same records (search_count applies the same domain, context, active_test and
// record rules), without fetching ids. The rule already leaves limit/offset alone; any other
// keyword is left alone here too (`order=` means nothing to a count but is not accepted by
// search_count), except `domain=`, the parameter's name on 16+ (≤15 calls it `args`).
import type { Node } from '../parse/parser';
import { callArgs, calleeName, positionalArgs, unparen } from '../rules/analysis/syntax';
import { replaceNode } from './edits';
import { callAt } from './callAt';
import type { Fix, FixProvider } from './types';

function countedSearch(arg: Node): Node | undefined {
  let n = unparen(arg);
  if (n.type === 'attribute' && n.childForFieldName('attribute')?.text === 'ids') n = unparen(n.childForFieldName('object')!);
  return n.type === 'call' && calleeName(n) === 'search' ? n : undefined;
}

export const searchCountFix: FixProvider = {
  code: 'OP108',
  fixes(finding, ctx) {
    const len = callAt(ctx, finding);
    if (!len || callArgs(len).length !== 1) return [];
    const search = countedSearch(callArgs(len)[0]);
    if (!search) return [];
    const args = callArgs(search);
    if (args.length !== 1) return [];
    const keyword = args[0].type === 'keyword_argument' ? args[0].childForFieldName('name')?.text : undefined;
    if (positionalArgs(search).length !== 1 && !(keyword === 'domain' && ctx.odooVersion !== undefined && ctx.odooVersion >= 16)) return [];
    const fn = search.childForFieldName('function')!;
    const name = fn.childForFieldName('attribute')!;
    const argList = search.childForFieldName('arguments')!;
    const src = ctx.source;
    const text = src.slice(search.startIndex, name.startIndex) + 'search_count' + src.slice(argList.startIndex, argList.endIndex);
    const fix: Fix = { title: 'Use search_count()', code: 'OP108', edits: [replaceNode(ctx.file, len, text)], preferred: true, safe: true };
    return [fix];
  },
};
