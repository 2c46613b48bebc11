// OP111 search-then-read: name the fields the records are used for.
// - `X.search(d, ...).read(['a', 'b'])` -> `X.search_read(d, ['a', 'b'], ...)` on every version:
//   both return the same list of dicts (with 'id'); limit/offset/order keywords carry over.
// - 17+: `X.search(d)` -> `X.search_fetch(d, ['a', 'b'])`: the same records, with those fields
//   fetched by the one query; every use stays as it is.
// - ≤16 with record uses (loops, mapped): no fix. search_read returns dicts, and rewriting every
//   use (`v.name` -> `v['name']`, mapped() -> a comprehension, `if recs` ...) is more than a quick
//   fix can be sure of.
// The field list comes from the rule's own analysis of the uses (searchReads in
// rules/searchThenRead.ts), so the fix names exactly the fields the finding is about.
import type { Node } from '../parse/parser';
import { extractModels } from '../odoo/pyModels';
import { analysisFor } from '../rules/analysis/index';
import { callArgs, calleeName, positionalArgs } from '../rules/analysis/syntax';
import { searchReads } from '../rules/searchThenRead';
import { callAt } from './callAt';
import { insertAt, replaceNode } from './edits';
import { addonOf, type Fix, type FixContext, type FixProvider, type TextEdit } from './types';

/** `['a', 'b']`: the fields the search's records are read for, when that is all they serve. */
function fieldsOf(ctx: FixContext, search: Node): string | undefined {
  const classModels = () => extractModels(ctx.tree, ctx.file, addonOf(ctx)?.name).classModels;
  const reads = searchReads(analysisFor(ctx.tree), search, ctx.workspace, classModels);
  // Records read later with read([...]): the advice is search_read (dicts), whose uses differ; no fix.
  if (!reads || reads.viaRead) return undefined;
  return `[${reads.fields.map((f) => `'${f}'`).join(', ')}]`;
}

const CARRIED = new Set(['limit', 'offset', 'order']);

export const fieldsListFix: FixProvider = {
  code: 'OP111',
  fixes(finding, ctx) {
    const search = callAt(ctx, finding);
    if (!search || calleeName(search) !== 'search') return [];
    const args = callArgs(search);
    const positional = positionalArgs(search);
    // the domain as the one positional argument, then only limit/offset/order keywords
    if (positional.length !== 1 || args[0].id !== positional[0].id) return [];
    if (args.slice(1).some((a) => a.type !== 'keyword_argument' || !CARRIED.has(a.childForFieldName('name')?.text ?? ''))) return [];
    const name = search.childForFieldName('function')?.childForFieldName('attribute');
    if (!name) return [];
    const src = ctx.source;
    const q = positional[0].descendantsOfType('string_start')[0]?.text.endsWith('"') ? '"' : "'";
    const requote = (list: string) => (q === '"' ? list.replace(/'/g, '"') : list);

    // search(...).read([...]) chained: search_read with the same list.
    const attr = search.parent;
    const read = attr?.type === 'attribute' && attr.childForFieldName('attribute')?.text === 'read' ? attr.parent : undefined;
    if (read?.type === 'call' && read.childForFieldName('function')?.id === attr!.id) {
      const readArgs = callArgs(read);
      if (readArgs.length !== 1 || positionalArgs(read).length !== 1 || readArgs[0].type !== 'list') return [];
      const list = src.slice(readArgs[0].startIndex, readArgs[0].endIndex);
      const searchArgs = search.childForFieldName('arguments') as Node;
      const inner = src.slice(positional[0].startIndex, positional[0].endIndex);
      const rest = args.slice(1).map((a) => src.slice(a.startIndex, a.endIndex));
      const text = src.slice(search.startIndex, name.startIndex) + 'search_read(' + [inner, list, ...rest].join(', ') + ')';
      if (searchArgs.text.includes('\n') || searchArgs.text.includes('#')) return [];
      return [{ title: `Use search_read(domain, ${list})`, code: 'OP111', edits: [replaceNode(ctx.file, read, text)], preferred: true, safe: true } satisfies Fix];
    }

    const v = ctx.odooVersion;
    if (v === undefined || v < 17) return [];
    const list = fieldsOf(ctx, search);
    if (!list) return [];
    const at = { line: positional[0].endPosition.row, character: positional[0].endPosition.column };
    const edits: TextEdit[] = [replaceNode(ctx.file, name, 'search_fetch'), insertAt(ctx.file, at, `, ${requote(list)}`)];
    return [{ title: `Use search_fetch(domain, ${requote(list)})`, code: 'OP111', edits, preferred: true, safe: true } satisfies Fix];
  },
};
