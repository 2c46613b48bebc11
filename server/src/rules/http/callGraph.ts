// Follows calls from a function into the workspace's methods and helpers until outbound HTTP is
// found. Resolution is deliberately conservative: a call whose target cannot be pinned to one model,
// one class or one imported helper is not followed, because a wrong edge would blame a route for
// somebody else's HTTP call.
import * as path from 'node:path';
import type { CallFact, FunctionFact } from '../../odoo/functions';

export type Lookup = (name: string) => FunctionFact[];

/** How deep to follow calls below the handler (handler → a → b → c → d). */
export const MAX_DEPTH = 4;

// Names too common to resolve without knowing the receiver's model: Python builtins and container
// methods, ORM methods every model has, and verbs that many unrelated objects define.
const GENERIC_NAMES = new Set([
  'get', 'post', 'put', 'patch', 'delete', 'head', 'request', 'send', 'open', 'close', 'read', 'write',
  'create', 'copy', 'unlink', 'search', 'browse', 'update', 'run', 'execute', 'call', 'load', 'save',
  'format', 'join', 'split', 'append', 'extend', 'pop', 'items', 'keys', 'values', 'encode', 'decode',
  'strip', 'replace', 'lower', 'upper', 'startswith', 'endswith', 'filtered', 'mapped', 'sorted',
  'exists', 'ensure_one', 'sudo', 'with_context', 'with_user', 'with_company', 'name_get', 'default_get',
  'fields_get', 'name_search', 'search_read', 'read_group', 'check', 'process', 'render', 'parse',
  'validate', 'sync', 'connect', 'login', 'fetch', 'export', 'import_data', 'action_confirm',
  'action_cancel', 'action_done', 'action_post', 'button_confirm', 'message_post', 'send_mail',
]);

export function factLabel(f: FunctionFact): string {
  if (f.model) return `${f.model}.${f.name}`;
  if (f.className) return `${f.className}.${f.name}`;
  return f.name;
}

function moduleTail(mod: string): string {
  return mod.replace(/^\.+/, '').split('.').pop() ?? '';
}

/** Whether `file` is the Python module `tail` (tail.py or tail/__init__.py). */
function isModuleFile(file: string, tail: string): boolean {
  if (!tail) return false;
  const base = path.basename(file, '.py');
  return base === tail || (base === '__init__' && path.basename(path.dirname(file)) === tail);
}

function commonPrefix(a: string, b: string): number {
  const x = path.dirname(a).split(path.sep);
  const y = path.dirname(b).split(path.sep);
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return i;
}

/** Among candidates, keep those nearest the caller's file (same addon before another addon). */
function nearest(cands: FunctionFact[], file: string): FunctionFact[] {
  if (cands.length <= 1) return cands;
  const best = Math.max(...cands.map((c) => commonPrefix(c.file, file)));
  return cands.filter((c) => commonPrefix(c.file, file) === best);
}

/** Workspace functions a call may run, or [] when it cannot be resolved with confidence. */
export function resolveCall(call: CallFact, caller: FunctionFact, lookup: Lookup): FunctionFact[] {
  if (call.viaQueue) return [];
  const named = lookup(call.name);
  if (!named.length) return [];
  if (call.receiver === '') {
    // helper(...): a module-level function of this file, else the one it was imported from.
    const functions = named.filter((f) => !f.className);
    const local = functions.filter((f) => f.file === caller.file);
    if (local.length) return local;
    if (call.importedFrom === undefined) return [];
    const tail = moduleTail(call.importedFrom);
    return nearest(functions.filter((f) => isModuleFile(f.file, tail)), caller.file);
  }
  if (call.importedFrom !== undefined && !call.onSelf) {
    // tools.helper(...) where `tools` is an imported module of the workspace.
    const tail = moduleTail(call.importedFrom);
    return nearest(named.filter((f) => !f.className && isModuleFile(f.file, tail)), caller.file);
  }
  if (call.onSelf) {
    if (caller.model) return named.filter((f) => f.model === caller.model);
    return named.filter((f) => f.className === caller.className && f.file === caller.file);
  }
  if (call.model) return named.filter((f) => f.model === call.model);
  // Unknown receiver: follow only a non-generic name that every definition gives to one model.
  if (GENERIC_NAMES.has(call.name)) return [];
  const models = new Set(named.map((f) => f.model));
  if (models.size !== 1 || models.has(undefined)) return [];
  return named;
}

export interface Hop {
  /** The function entered. */
  fact: FunctionFact;
  /** Where the previous function calls it (in the previous function's file). */
  via: CallFact;
}

export interface HttpPath {
  hops: Hop[];
  /** The outbound HTTP call in the last hop's function. */
  http: CallFact;
}

const key = (f: FunctionFact) => `${f.file}:${f.range.start.line}:${f.range.start.character}`;

/** Shortest chain from `call` (made in `caller`) to a function that makes outbound HTTP itself. */
export function findHttpPath(call: CallFact, caller: FunctionFact, lookup: Lookup, maxDepth = MAX_DEPTH): HttpPath | undefined {
  const seen = new Set<string>([key(caller)]);
  let frontier: Hop[][] = [];
  for (const fact of resolveCall(call, caller, lookup)) frontier.push([{ fact, via: call }]);
  for (let depth = 1; depth <= maxDepth && frontier.length; depth++) {
    const next: Hop[][] = [];
    for (const chain of frontier) {
      const { fact } = chain[chain.length - 1];
      if (seen.has(key(fact))) continue;
      seen.add(key(fact));
      // A method that hands work to queue_job has split its sync and async paths deliberately;
      // we do not second-guess which branch runs.
      if (fact.delegatesToQueue) continue;
      if (fact.httpCalls.length) return { hops: chain, http: fact.httpCalls[0] };
      if (depth === maxDepth) continue;
      for (const c of fact.calls) for (const target of resolveCall(c, fact, lookup)) next.push([...chain, { fact: target, via: c }]);
    }
    frontier = next;
  }
  return undefined;
}
