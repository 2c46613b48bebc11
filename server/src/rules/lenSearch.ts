// OP108 len-search: `len(Model.search(domain))` builds a recordset of every matching id only to
// count it. `search_count(domain)` is the same single query (SELECT COUNT(*)) and transfers no
// ids: a style-level gain (hint), not a query-count problem.
import type { Node } from '../parse/parser';
import { analysisFor, type FileAnalysis } from './analysis/index';
import { callArgs, calleeName, callReceiver, keywordArg, positionalArgs, shortText, unparen } from './analysis/syntax';
import type { Rule, RuleContext } from './types';

/** The search call counted by `len(...)`: `len(M.search(d))` or `len(M.search(d).ids)`. */
function countedSearch(arg: Node): Node | undefined {
  let n = unparen(arg);
  if (n.type === 'attribute' && n.childForFieldName('attribute')?.text === 'ids') n = unparen(n.childForFieldName('object')!);
  return n.type === 'call' && calleeName(n) === 'search' ? n : undefined;
}

function check(ctx: RuleContext, a: FileAnalysis, call: Node) {
  if (callReceiver(call)) return;
  // a local `len` would not be the builtin
  const fn = call.childForFieldName('function');
  if (!fn || a.scopes.lookup(fn).length) return;
  const args = callArgs(call);
  if (args.length !== 1) return;
  const search = countedSearch(args[0]!);
  if (!search) return;
  const recv = callReceiver(search);
  if (!recv || !a.orm.isOrm(recv)) return;
  // offset/limit/order change what a count means (or are positional): leave those alone
  if (positionalArgs(search).length > 1 || keywordArg(search, 'limit') || keywordArg(search, 'offset')) return;
  const domain = positionalArgs(search)[0] ?? keywordArg(search, 'domain');
  ctx.report(
    call,
    `len(${shortText(recv, 30)}.search(...)) fetches every matching id to count them. ${shortText(recv, 30)}.search_count(${domain ? shortText(domain, 40) : ''}) ` +
      'is the same 1 query (SELECT COUNT(*)) without building the recordset.',
  );
}

export const lenSearch: Rule = {
  meta: {
    code: 'OP108',
    name: 'len-search',
    defaultSeverity: 'hint',
    summary: 'len(Model.search(domain)) instead of search_count(domain) (same query, no recordset built).',
  },
  check(ctx) {
    const a = analysisFor(ctx.tree);
    for (const call of a.callsNamed('len')) check(ctx, a, call);
  },
};
