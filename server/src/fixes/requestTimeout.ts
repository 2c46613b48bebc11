// OP302 request-without-timeout: pass `timeout=` (odooPerf.fixes.requestTimeout seconds, 10 by
// default). An explicit `timeout=None` is replaced; a missing one is appended to the call.
import type { Node } from '../parse/parser';
import { appendKeyword, hasKwargsSplat, keywordValue } from './callArgs';
import { nodeAtRange, replaceNode } from './edits';
import type { Fix, FixProvider } from './types';

export const DEFAULT_REQUEST_TIMEOUT = 10;

export const requestTimeoutFix: FixProvider = {
  code: 'OP302',
  fixes(finding, ctx) {
    // The finding points at the callee (`requests.get`); its parent is the call.
    const fn = nodeAtRange(ctx.tree, finding.range);
    const call: Node | null | undefined = fn?.parent;
    if (!fn || call?.type !== 'call' || call.childForFieldName('function')?.id !== fn.id) return [];
    // httpx.Client(timeout=None): removing None restores the 5 s default; we set the number.
    const seconds = ctx.settings.fixes?.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT;
    const title = `Add timeout=${seconds}`;
    const existing = keywordValue(call, 'timeout');
    if (existing) {
      if (existing.type !== 'none') return [];
      return [{ title: `Set timeout=${seconds}`, code: 'OP302', edits: [replaceNode(ctx.file, existing, String(seconds))], preferred: true, safe: true }];
    }
    if (hasKwargsSplat(call)) return [];
    const edits = appendKeyword(ctx.file, ctx.source, call, `timeout=${seconds}`);
    return edits ? [{ title, code: 'OP302', edits, preferred: true, safe: true } satisfies Fix] : [];
  },
};
