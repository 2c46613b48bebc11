// Which loops repeat a given call, and how big they are. Shared by the "X in a loop" rules
// (search, browse, create, unlink ...): a call is per-iteration when it sits in the repeated
// part of a loop (for body, while condition and body, comprehension body, a lambda handed to
// filtered/mapped/sorted ...), not in a nested def or a stored lambda, and the loop iterates
// something whose size grows with the data.
import type { Node } from '../../parse/parser';
import { perTree } from '../../odoo/treeMemo';
import { callsNamedIn } from './calls';
import { callbackIterable } from './callbacks';
import { innermostSpan, spanTable } from './spans';
import type { OrmAnalysis } from './orm';
import { isCompanySet, isDomainName, isScalarId, isStringSplit, isViewArchNodes, selfIsOneRecord } from './smallIterables';
import {
  callArgs, calleeName, callReceiver, contains, intValue, keywordArg, positionalArgs, sameNode, shortText, unparen,
} from './syntax';

export type LoopKind = 'for' | 'while' | 'comprehension' | 'callback';

export interface Loop {
  kind: LoopKind;
  /** The for_statement / while_statement / for_in_clause / lambda node. */
  node: Node;
  /** What is iterated (for, comprehension clause, receiver of filtered ...); undefined for while. */
  iterable?: Node;
  /** The while condition. */
  condition?: Node;
  /** Names bound per iteration (loop targets, lambda parameters). */
  targets: Node[];
  /** For a comprehension clause: the comprehension node. */
  comprehension?: Node;
}

/** Literal collections up to this size are a fixed, hand-written number of iterations. */
export const SMALL_LITERAL = 20;

export type Size =
  | { kind: 'one' }
  | { kind: 'small'; count?: number }
  /** Chunks of a list (split_every, range with a big step): the batching idiom itself. */
  | { kind: 'batches' }
  | { kind: 'records' }
  | { kind: 'unknown' };

/** Wrappers whose size is the size of their first argument. */
const SAME_SIZE = new Set(['enumerate', 'reversed', 'sorted', 'list', 'tuple', 'set', 'iter', 'frozenset']);

const SPLIT_FUNCTIONS = new Set(['split_every', 'chunks', 'batched', 'chunked', 'grouper', 'split_by', 'split_for_in_conditions']);

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

function loopTargets(left: Node | null): Node[] {
  if (!left) return [];
  return left.descendantsOfType('identifier').filter((n): n is Node => !!n);
}

/** If `lambda` is a callback run per element by its caller, the loop it forms. */
function callbackLoop(lambda: Node): Loop | undefined {
  const iterable = callbackIterable(lambda);
  if (!iterable) return undefined;
  const params = lambda.childForFieldName('parameters');
  return { kind: 'callback', node: lambda, iterable, targets: params ? loopTargets(params) : [] };
}

/**
 * The loops that repeat `node`, innermost first, within its function. Stops at a def (a nested
 * function runs when called, not per iteration) and at a lambda that is not an immediate callback.
 */
export function enclosingLoops(node: Node): Loop[] {
  // The enclosing defs, lambdas, loops and comprehensions from the per-tree span table; "is the
  // node in the body (condition, clause ...)" from spans too, instead of climbing `.parent` with
  // the child on the path. Undecidable spans (equal offsets) fall back to the climb.
  const t = spanTable(node.tree);
  const j = innermostSpan(t, node);
  if (j === undefined) return enclosingLoopsByParents(node);
  const s = node.startIndex;
  const loops: Loop[] = [];
  for (let k = j; k >= 0; k = t.parent[k]) {
    const type = t.types[k];
    const p = t.nodes[k];
    if (type === 'function_definition' || type === 'class_definition') break;
    if (type === 'lambda') {
      const cb = callbackLoop(p);
      if (!cb) break; // stored callback (default=, key in a dict ...): not run here
      loops.push(cb);
      continue;
    }
    if (type === 'for_statement') {
      const inBody = startsIn(p.childForFieldName('body'), s);
      if (inBody === undefined) return enclosingLoopsByParents(node);
      if (inBody) {
        loops.push({ kind: 'for', node: p, iterable: p.childForFieldName('right') ?? undefined, targets: loopTargets(p.childForFieldName('left')) });
      }
    } else if (type === 'while_statement') {
      const cond = p.childForFieldName('condition');
      const inBody = startsIn(p.childForFieldName('body'), s);
      const inCond = startsIn(cond, s);
      if (inBody === undefined || inCond === undefined) return enclosingLoopsByParents(node);
      if (inBody || inCond) loops.push({ kind: 'while', node: p, condition: cond ?? undefined, targets: [] });
    } else if (COMPREHENSIONS.has(type)) {
      const clauses = p.namedChildren.filter((c): c is Node => c?.type === 'for_in_clause');
      const isBody = startsIn(p.childForFieldName('body'), s);
      if (isBody === undefined) return enclosingLoopsByParents(node);
      for (let i = clauses.length - 1; i >= 0; i--) {
        const c = clauses[i]!;
        const end = c.endIndex;
        if (end === s) return enclosingLoopsByParents(node);
        if (!isBody && end > s) continue;
        loops.push({ kind: 'comprehension', node: c, iterable: c.childForFieldName('right') ?? undefined, targets: loopTargets(c.childForFieldName('left')), comprehension: p });
      }
    }
  }
  return loops;
}

/**
 * For a node starting at `s` inside the parent of `child`: is it inside `child`? Undefined when
 * it starts right at the child's end (only a zero-width node of an erroneous tree can).
 */
function startsIn(child: Node | null, s: number): boolean | undefined {
  if (!child) return false;
  const end = child.endIndex;
  if (end === s) return undefined;
  return child.startIndex <= s && s < end;
}

function enclosingLoopsByParents(node: Node): Loop[] {
  const loops: Loop[] = [];
  let child = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (p.type === 'function_definition' || p.type === 'class_definition' || p.type === 'module') break;
    if (p.type === 'lambda') {
      const cb = callbackLoop(p);
      if (!cb) break; // stored callback (default=, key in a dict ...): not run here
      loops.push(cb);
      continue;
    }
    if (p.type === 'for_statement') {
      const body = p.childForFieldName('body');
      if (body && sameNode(child, body)) {
        loops.push({ kind: 'for', node: p, iterable: p.childForFieldName('right') ?? undefined, targets: loopTargets(p.childForFieldName('left')) });
      }
    } else if (p.type === 'while_statement') {
      const cond = p.childForFieldName('condition');
      const body = p.childForFieldName('body');
      if ((body && sameNode(child, body)) || (cond && sameNode(child, cond))) {
        loops.push({ kind: 'while', node: p, condition: cond ?? undefined, targets: [] });
      }
    } else if (COMPREHENSIONS.has(p.type)) {
      // The body is repeated by every clause; a clause or condition by the clauses before it
      // (so the first clause's iterable runs once, outside the loop).
      const clauses = p.namedChildren.filter((c): c is Node => c?.type === 'for_in_clause');
      const isBody = sameNode(p.childForFieldName('body'), child);
      for (let i = clauses.length - 1; i >= 0; i--) {
        const c = clauses[i]!;
        if (!isBody && c.endIndex > child.startIndex) continue;
        loops.push({ kind: 'comprehension', node: c, iterable: c.childForFieldName('right') ?? undefined, targets: loopTargets(c.childForFieldName('left')), comprehension: p });
      }
    }
  }
  return loops;
}

/** Binding text of `name = <literal>` at module or function level, for `for s in STATES:`. */
function literalSize(n: Node): number | undefined {
  if (['tuple', 'list', 'set', 'dictionary'].includes(n.type)) {
    const items = n.namedChildren.filter((c) => c && c.type !== 'comment');
    if (items.some((c) => c!.type === 'list_splat' || c!.type === 'dictionary_splat' || c!.type === 'parenthesized_list_splat')) return undefined;
    return items.length;
  }
  if (n.type === 'string' && !n.text.startsWith('f')) return Math.max(0, n.text.length - 2);
  return undefined;
}

export class LoopAnalysis {
  constructor(readonly orm: OrmAnalysis) {}

  private sizes = new Map<number, Size>();

  /** How many iterations `iterable` gives, as far as the code shows. */
  size(iterable: Node, depth = 0): Size {
    // Rules ask it several times per loop (repeatingLoop, isLarge, loopSite ...): a top-level
    // answer is remembered. (The ORM kinds it reads are memoised, so asking again gives the same.)
    if (depth > 0) return this.computeSize(iterable, depth);
    let s = this.sizes.get(iterable.id);
    if (!s) this.sizes.set(iterable.id, (s = this.computeSize(iterable, 0)));
    return s;
  }

  private computeSize(iterable: Node, depth: number): Size {
    const n = unparen(iterable);
    if (depth > 6) return { kind: 'unknown' };
    const lit = literalSize(n);
    if (lit !== undefined) return lit <= 1 ? { kind: 'one' } : lit <= SMALL_LITERAL ? { kind: 'small', count: lit } : { kind: 'unknown' };
    // One record or a handful that looks data-sized (see smallIterables.ts).
    if (isCompanySet(n) && !(n.type === 'identifier' && ensureOneBefore(n))) return { kind: 'small' };
    if (isDomainName(n)) return { kind: 'small' };
    if (n.type === 'identifier') return this.nameSize(n, depth);
    if (n.type === 'subscript') {
      // recs[:1], ids[:5]
      const sub = n.childForFieldName('subscript');
      if (sub?.type === 'slice') {
        const parts = sub.namedChildren.filter((c): c is Node => !!c);
        const text = sub.text.replace(/\s+/g, '');
        if (parts.length === 1 && text.startsWith(':')) {
          const stop = intValue(parts[0]);
          if (stop !== undefined && stop >= 0 && stop <= SMALL_LITERAL) return stop <= 1 ? { kind: 'one' } : { kind: 'small', count: stop };
        }
      }
    }
    if (n.type === 'call') return this.callSize(n, depth);
    if (n.type === 'attribute' && this.orm.kind(n) === 'records') return { kind: 'records' };
    return this.orm.kind(n) === 'records' ? { kind: 'records' } : { kind: 'unknown' };
  }

  private nameSize(n: Node, depth: number): Size {
    if (n.text === 'self' && this.orm.kind(n) === 'records') {
      return ensureOneBefore(n) || selfIsOneRecord(n) ? { kind: 'one' } : { kind: 'records' };
    }
    const bindings = this.orm.scopes.lookup(n);
    const values = bindings.map((b) => (b.kind === 'assign' && !b.augmented ? b.value : undefined));
    // STATES = ('draft', 'done') at module level, or a local literal never reassigned.
    if (values.length && values.every((v) => !!v)) {
      const sizes = values.map((v) => this.size(v!, depth + 1));
      if (sizes.every((s) => s.kind === 'one' || s.kind === 'small')) return { kind: 'small' };
      if (sizes.some((s) => s.kind === 'records')) return { kind: 'records' };
    }
    return this.orm.kind(n) === 'records' ? { kind: 'records' } : { kind: 'unknown' };
  }

  private callSize(n: Node, depth: number): Size {
    const name = calleeName(n) ?? '';
    const recv = callReceiver(n);
    const args = positionalArgs(n);
    if (!recv) {
      if (name === 'range') {
        const nums = args.map((a) => intValue(a));
        if (args.length === 1 && nums[0] !== undefined) return nums[0] <= 1 ? { kind: 'one' } : nums[0] <= SMALL_LITERAL ? { kind: 'small', count: nums[0] } : { kind: 'unknown' };
        if (args.length >= 2 && nums[0] !== undefined && nums[1] !== undefined) {
          const count = Math.ceil((nums[1] - nums[0]) / (args.length === 3 && nums[2] ? nums[2] : 1));
          if (count <= SMALL_LITERAL) return { kind: 'small', count };
        }
        // range(0, len(ids), 1000): chunk offsets
        const step = args.length === 3 ? intValue(args[2]) : undefined;
        if (step !== undefined && step >= 50) return { kind: 'batches' };
        return { kind: 'unknown' };
      }
      if (SPLIT_FUNCTIONS.has(name)) return { kind: 'batches' };
      if (SAME_SIZE.has(name) && args[0]) return this.size(args[0], depth + 1);
      // filter(pred, xs) has at most the elements of xs
      if (name === 'filter' && args[1]) return this.size(args[1], depth + 1);
      if (name === 'zip' && args.length) {
        const sizes = args.map((a) => this.size(a, depth + 1));
        return sizes.find((s) => s.kind === 'one') ?? sizes.find((s) => s.kind === 'small') ?? sizes[0]!;
      }
      return { kind: 'unknown' };
    }
    if (SPLIT_FUNCTIONS.has(name)) return { kind: 'batches' };
    // self._extract_chunks(...), self._get_batches(): a method yielding chunks (base_import_async)
    if (/(^|_)(chunks|batches)$/.test(name)) return { kind: 'batches' };
    if (isStringSplit(n) || isViewArchNodes(n)) return { kind: 'small' };
    if (name === 'browse' && args.length === 1 && isScalarId(args[0]) && this.orm.kind(n) === 'records') return { kind: 'one' };
    if (['items', 'keys', 'values'].includes(name)) {
      const s = this.size(recv, depth + 1);
      return s.kind === 'records' ? { kind: 'unknown' } : s;
    }
    if (this.orm.kind(n) === 'records') {
      // Model.search(..., limit=1) gives at most one record
      if (name === 'search' || name === 'search_fetch') {
        const limit = intValue(keywordArg(n, 'limit'));
        if (limit !== undefined && limit <= SMALL_LITERAL) return limit <= 1 ? { kind: 'one' } : { kind: 'small', count: limit };
      }
      if (['sudo', 'with_context', 'with_company', 'with_user', 'with_env', 'with_prefetch', 'sorted', 'filtered', 'filtered_domain', 'exists'].includes(name)) {
        const s = this.size(recv, depth + 1);
        if (s.kind === 'one' || s.kind === 'small') return s;
      }
      return { kind: 'records' };
    }
    return { kind: 'unknown' };
  }

  /** True when the loop's size grows with the data (worth a warning for per-iteration queries). */
  isLarge(loop: Loop): boolean {
    if (loop.kind === 'while') return true;
    if (!loop.iterable) return false;
    const s = this.size(loop.iterable);
    return s.kind === 'records' || s.kind === 'unknown';
  }

  /** A short name of what the loop iterates, for messages. */
  describe(loop: Loop): string {
    if (loop.kind === 'while') return `while ${loop.condition ? shortText(loop.condition, 30) : ''}`.trim();
    return loop.iterable ? shortText(loop.iterable) : 'the loop';
  }
}

/** `self.ensure_one()` earlier in the same function: loops over self run once. */
function ensureOneBefore(self: Node): boolean {
  // The enclosing def from the span table, and the file's `ensure_one` calls from the shared call
  // index, instead of walking every call of the def through wasm for each `self` asked about.
  const t = spanTable(self.tree);
  const j = innermostSpan(t, self);
  let fn: Node | null | undefined;
  if (j === undefined) {
    fn = self.parent;
    while (fn && fn.type !== 'function_definition') fn = fn.parent;
  } else {
    let k = j;
    while (k >= 0 && t.types[k] !== 'function_definition') k = t.parent[k];
    fn = k >= 0 ? t.nodes[k] : undefined;
  }
  if (!fn) return false;
  return firstSelfEnsureOne(fn) < self.startIndex;
}

/** Start of the first `self.ensure_one()` call inside `fn` (nested defs included), or Infinity. */
function firstSelfEnsureOne(fn: Node): number {
  const byFn = perTree(fn.tree, 'firstSelfEnsureOne', () => new Map<number, number>());
  let first = byFn.get(fn.id);
  if (first === undefined) {
    first = Infinity;
    const start = fn.startIndex;
    const end = fn.endIndex;
    for (const c of callsNamedIn(fn.tree, 'ensure_one')) {
      if (c.startIndex < start || c.startIndex >= end) continue;
      const r = callReceiver(c);
      if (r?.type === 'identifier' && r.text === 'self') {
        first = c.startIndex;
        break;
      }
    }
    byFn.set(fn.id, first);
  }
  return first;
}

const EXITS = new Set(['return_statement', 'raise_statement', 'break_statement']);

/**
 * True when, after `node` runs, the loop is always left (a `return`/`raise`, or a `break` of this
 * very loop, follows unconditionally): the call then runs at most once per entry into the loop,
 * as in `for rec in self: ...; return Model.search(...)` (first-match code).
 */
export function exitsAfter(node: Node, loop: Loop): boolean {
  if (loop.kind === 'comprehension' || loop.kind === 'callback') return false;
  let child: Node = node;
  for (let p = node.parent; p && !sameNode(p, loop.node); child = p, p = p.parent) {
    if (p.type === 'block') {
      const stmts = p.namedChildren.filter((s): s is Node => !!s);
      const i = stmts.findIndex((s) => sameNode(s, child));
      for (const s of stmts.slice(i)) {
        if (s.type === 'return_statement' || s.type === 'raise_statement') return true;
        // a break only leaves the loop it belongs to: no loop in between
        if (s.type === 'break_statement' && !loopBetween(p, loop.node)) return true;
        // the statement holding the call may itself be the exit (`return Model.search(...)`)
        if (sameNode(s, child) && EXITS.has(s.type)) return true;
      }
    }
    if (p.type === 'function_definition' || p.type === 'lambda') return false;
  }
  return false;
}

function loopBetween(inner: Node, outer: Node): boolean {
  for (let p = inner.parent; p && !sameNode(p, outer); p = p.parent) {
    if (p.type === 'for_statement' || p.type === 'while_statement') return true;
  }
  return false;
}

/**
 * The recommended cron batching idiom: inside a `while`, a search whose result decides the exit
 * (`while True: recs = Model.search(dom, limit=1000); if not recs: break`, or `while recs:`),
 * or a search in the while condition itself. Each round handles a batch: not an N+1.
 */
export function isBatchingWhile(call: Node, loop: Loop): boolean {
  if (loop.kind !== 'while') return false;
  if (loop.condition && contains(loop.condition, call)) return true;
  const v = assignedName(call);
  if (!v) return false;
  if (loop.condition && mentions(loop.condition, v)) return true;
  return exitConditionNames(loop.node).some((names) => names.has(v));
}

/**
 * For each `if` of the while body that exits in its consequence (or its `else`), the identifier
 * names of its condition. Read once per loop: every call of the loop body asks.
 */
function exitConditionNames(loop: Node): Set<string>[] {
  const byLoop = perTree(loop.tree, 'exitConditionNames', () => new Map<number, Set<string>[]>());
  let out = byLoop.get(loop.id);
  if (out) return out;
  out = [];
  const body = loop.childForFieldName('body');
  for (const ifs of body?.descendantsOfType('if_statement') ?? []) {
    if (!ifs) continue;
    const cond = ifs.childForFieldName('condition');
    if (!cond) continue;
    const cons = ifs.childForFieldName('consequence');
    // `if recs: ... else: break` — the same exit written the other way round.
    const alt = ifs.childForFieldName('alternative');
    const altBody = alt?.type === 'else_clause' ? alt.childForFieldName('body') : undefined;
    const exits = (b: Node | null | undefined) => !!b && b.namedChildren.some((s) => !!s && EXITS.has(s.type));
    if (exits(cons) || exits(altBody)) out.push(identifierNames(cond));
  }
  byLoop.set(loop.id, out);
  return out;
}

/** The names `mentions(node, name)` is true for. */
function identifierNames(node: Node): Set<string> {
  const names = new Set<string>();
  for (const i of node.descendantsOfType('identifier')) if (i) names.add(i.text);
  if (node.type === 'identifier') names.add(node.text);
  return names;
}

/** `x = <...call...>` where the call is the value (possibly through a method chain). */
export function assignedName(call: Node): string | undefined {
  let n: Node = call;
  while (n.parent && (n.parent.type === 'attribute' || n.parent.type === 'call' || n.parent.type === 'parenthesized_expression')) {
    if (n.parent.type === 'attribute' && !sameNode(n.parent.childForFieldName('object'), n)) break;
    n = n.parent;
  }
  const p = n.parent;
  if ((p?.type === 'assignment' || p?.type === 'augmented_assignment') && sameNode(p.childForFieldName('right'), n)) {
    const left = p.childForFieldName('left');
    return left?.type === 'identifier' ? left.text : undefined;
  }
  if (p?.type === 'named_expression') return p.childForFieldName('name')?.text;
  return undefined;
}

export function mentions(node: Node, name: string): boolean {
  return node.descendantsOfType('identifier').some((i) => i?.text === name) || (node.type === 'identifier' && node.text === name);
}

/** Arguments of a call, for rules that inspect domains. */
export { callArgs };
