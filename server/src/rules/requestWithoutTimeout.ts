// OP302 request-without-timeout: requests has no default timeout, so a call without `timeout=`
// waits for a silent server forever, holding the Odoo worker (or cron thread) and its open
// transaction until the process is killed. httpx defaults to 5 seconds, so for httpx only an
// explicit `timeout=None` (which switches the default off) is flagged.
import type { Node } from '../parse/parser';
import { nodesOfType } from '../odoo/treeMemo';
import {
  clientBindings, clientKindOfConstructor, collectImports, httpCallOf, type ClientKind, type Imports,
} from '../odoo/functions';
import { disabledForPylint } from './http/pylintDisable';
import type { Rule, RuleContext } from './types';

export const requestWithoutTimeout: Rule = {
  meta: {
    code: 'OP302',
    name: 'request-without-timeout',
    defaultSeverity: 'warning',
    summary: 'A requests call without timeout= (waits forever), or an httpx call with timeout=None.',
  },
  check(ctx: RuleContext) {
    const imports = collectImports(ctx.tree.rootNode);
    if (![...imports.values()].some((q) => q === 'requests' || q === 'httpx' || q.startsWith('requests.') || q.startsWith('httpx.'))) return;
    const scopes = new Map<number, Map<string, ClientKind>>();
    const bindingsFor = (node: Node) => {
      let scope: Node | null = node.parent;
      while (scope && scope.type !== 'function_definition') scope = scope.parent;
      const s = scope ?? ctx.tree.rootNode;
      let b = scopes.get(s.id);
      if (!b) scopes.set(s.id, (b = clientBindings(s.type === 'function_definition' ? s.childForFieldName('body') ?? s : s, imports)));
      return b;
    };
    for (const call of nodesOfType<Node>(ctx.tree, 'call')) {
      if (!call) continue;
      checkCall(ctx, call, imports, bindingsFor(call));
    }
  },
};

type TimeoutArg = { kind: 'absent' } | { kind: 'none' } | { kind: 'given' } | { kind: 'unknown' };

function timeoutArg(call: Node): TimeoutArg {
  const args = call.childForFieldName('arguments');
  if (!args) return { kind: 'unknown' };
  for (const arg of args.namedChildren) {
    if (!arg) continue;
    // **kwargs may carry a timeout: we cannot tell.
    if (arg.type === 'dictionary_splat') return { kind: 'unknown' };
    if (arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === 'timeout') {
      return arg.childForFieldName('value')?.type === 'none' ? { kind: 'none' } : { kind: 'given' };
    }
  }
  return { kind: 'absent' };
}

function checkCall(ctx: RuleContext, call: Node, imports: Imports, bindings: Map<string, ClientKind>) {
  const fn = call.childForFieldName('function');
  if (!fn) return;
  // httpx.Client(timeout=None) switches the default off for every call made on that client.
  if (clientKindOfConstructor(call, imports) === 'httpx-client') {
    if (timeoutArg(call).kind === 'none') {
      ctx.report(fn, `${fn.text}(timeout=None) switches off httpx's 5-second default for every call on this client: an endpoint that stops answering holds the Odoo worker and its transaction until the process is killed. Remove timeout=None or pass a number of seconds.`);
    }
    return;
  }
  const http = httpCallOf(call, imports, bindings);
  if (!http || (http.library !== 'requests' && http.library !== 'httpx')) return;
  const t = timeoutArg(call);
  if ((t.kind === 'absent' || t.kind === 'none') && disabledForPylint(call, ['external-request-timeout', 'E8106'])) return;
  if (http.library === 'requests') {
    if (t.kind !== 'absent' && t.kind !== 'none') return;
    const what = t.kind === 'none' ? `${http.label}(...) passes timeout=None` : `${http.label}(...) has no timeout`;
    ctx.report(fn, `${what}: requests waits forever by default, so an endpoint that stops answering holds the Odoo worker (or cron thread) and its open transaction until the process is killed. Pass timeout=, e.g. timeout=10 or timeout=(5, 30) for (connect, read).`);
  } else if (t.kind === 'none') {
    ctx.report(fn, `${http.label}(...) passes timeout=None, which switches off httpx's 5-second default: an endpoint that stops answering holds the Odoo worker (or cron thread) and its open transaction until the process is killed. Remove timeout=None or pass a number of seconds.`);
  }
}
