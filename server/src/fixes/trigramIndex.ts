// OP202 trigram-candidate: add `index='trigram'` (a GIN pg_trgm index, Odoo 16+), the only index
// that serves `ilike '%x%'`. Before 16 `index=` takes booleans only and a trigram index needs a
// hand-written init(): no fix there, nor when the version is unknown.
import { appendKeyword, hasKwargsSplat, keywordValue, quoteOfCall } from './callArgs';
import { fieldCall } from './addIndex';
import { quoteLike } from './edits';
import type { FixProvider } from './types';

export const trigramIndexFix: FixProvider = {
  code: 'OP202',
  fixes(finding, ctx) {
    if (ctx.odooVersion === undefined || ctx.odooVersion < 16) return [];
    const found = fieldCall(ctx, finding);
    if (!found || hasKwargsSplat(found.call) || keywordValue(found.call, 'index')) return [];
    const q = quoteOfCall(found.call, quoteLike(ctx.source, 'x')[0]);
    const edits = appendKeyword(ctx.file, ctx.source, found.call, `index=${q}trigram${q}`);
    return edits ? [{ title: `Add index=${q}trigram${q} (serves ilike searches)`, code: 'OP202', edits, preferred: true, safe: true }] : [];
  },
};
