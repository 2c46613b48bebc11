// OP301 blocking-http-in-request: an http.route handler that waits on outbound HTTP, directly or
// through workspace methods/helpers. An Odoo HTTP worker (prefork) or thread (threaded mode) serves
// one request at a time: while it waits on a remote server it serves nobody, and a handful of slow
// remote calls exhausts the workers (a default deployment has 2 × CPU + 1 of them).
import * as path from 'node:path';
import { collectImports, functionHeadsOf, functionsOf, type CallFact, type FunctionFact } from '../odoo/functions';
import { factLabel, findHttpPath, type HttpPath, type Lookup } from './http/callGraph';
import { routeOf } from './http/routes';
import type { RelatedInfo, Rule, RuleContext } from './types';

const ADVICE = 'An HTTP worker is blocked for the whole call (up to its timeout); hand it to a queue_job (with_delay) or a cron.';

export const blockingHttpInRequest: Rule = {
  meta: {
    code: 'OP301',
    name: 'blocking-http-in-request',
    defaultSeverity: 'warning',
    summary: 'An http.route handler waits on an outbound HTTP call (directly or through workspace methods).',
  },
  check(ctx: RuleContext) {
    // A route decorator is spelled `route` somewhere (the decorator or its import): files without
    // the word have no handler, and most files are spared the function facts below.
    if (!ctx.source.includes('route')) return;
    const imports = collectImports(ctx.tree.rootNode);
    // The word may be a field or a stock route: look at the decorators before building facts.
    if (!functionHeadsOf(ctx.tree, ctx.file).some((f) => f.className && routeOf(f.decorators, imports))) return;
    const local = functionsOf(ctx.tree, ctx.file);
    const handlers = local.filter((f) => f.fact.className && routeOf(f.decorators, imports));
    if (!handlers.length) return;

    // This file's facts come from the tree being checked (the workspace copy may be stale or, while
    // the workspace model is being built, absent); other files' facts come from the workspace.
    const here = path.resolve(ctx.file);
    const lookup: Lookup = (name) => [
      ...ctx.workspace.functionsNamed(name).filter((f) => path.resolve(f.file) !== here),
      ...local.filter((f) => f.fact.name === name).map((f) => f.fact),
    ];

    for (const handler of handlers) {
      const route = routeOf(handler.decorators, imports)!;
      const fact = handler.fact;
      const head = `Route ${route.path ? `${route.path} ` : ''}(${fact.className}.${fact.name}) waits on outbound HTTP: `;
      for (const http of fact.httpCalls) {
        ctx.report(http.range, `${head}${fact.name} → ${http.label}. ${ADVICE}`);
      }
      for (const call of fact.calls) {
        if (call.viaQueue) continue;
        const found = findHttpPath(call, fact, lookup);
        if (!found) continue;
        const chain = [fact.name, ...found.hops.map((h) => factLabel(h.fact)), found.http.label].join(' → ');
        ctx.report(call.range, `${head}${chain}. ${ADVICE}`, { related: related(found) });
      }
    }
  },
};

/** Evidence: each further call site along the chain, ending at the HTTP call. */
function related(found: HttpPath): RelatedInfo[] {
  const out: RelatedInfo[] = [];
  for (let i = 1; i < found.hops.length; i++) {
    const from = found.hops[i - 1].fact;
    out.push(site(from, found.hops[i].via, `${factLabel(from)} calls ${factLabel(found.hops[i].fact)}`));
  }
  const last = found.hops[found.hops.length - 1].fact;
  out.push(site(last, found.http, `outbound HTTP: ${found.http.label} in ${factLabel(last)}`));
  return out;
}

function site(fact: FunctionFact, call: CallFact, message: string): RelatedInfo {
  return { file: path.resolve(fact.file), range: call.range, message };
}
