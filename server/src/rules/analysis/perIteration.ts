// Shared wording and guards of the "one ORM call per iteration" rules (OP103 create, OP104 unlink,
// OP106 cr.execute): which loop repeats the call, how to name it in a message, and whether the
// call is deliberately isolated per iteration (a savepoint or try/except around it: batching
// would make one bad record abort the whole batch, which is the point of the isolation).
import type { Node } from '../../parse/parser';
import { repeatingLoop, type FileAnalysis, type Loop } from './index';
import { enclosingLoops, exitsAfter } from './loops';
import { grownInPlace } from './grownInPlace';
import { chainRoot } from './orm';
import { calleeName, intValue, keywordArg, sameNode, unparen } from './syntax';
import { perTree } from '../../odoo/treeMemo';

export interface LoopSite {
  loop: Loop;
  /** "a loop over 'self'" / "a 'while todo' loop". */
  where: string;
  /** 'records' when the loop walks a recordset, else 'iterations'. */
  unit: 'records' | 'iterations';
  /** The data-sized loop around the reported one, worded as `where` ("a loop over 'orders'"). */
  nestedIn?: string;
  /** The loop the message names when it is not `loop` (see namedLoop). */
  named?: Loop;
  /** Iterations the named loop is known to make (`range(1, 23)`: 22), when literal. */
  iterations?: number;
}

/** "a loop over 'self'" / "a 'while todo' loop". */
export function loopWhere(a: FileAnalysis, loop: Loop): string {
  const text = a.loops.describe(loop);
  return loop.kind === 'while' ? `a '${text}' loop` : `a loop over '${text}'`;
}

export function loopSite(a: FileAnalysis, call: Node): LoopSite | undefined {
  const loop = repeatingLoop(a, call, { allowBatchingWhile: true });
  if (!loop || isChunkingLoop(loop)) return undefined;
  // The guards (isolatedPerIteration ...) keep `loop`; the wording names the loop that repeats the call.
  const named = namedLoop(a, call, loop);
  const where = loopWhere(a, named);
  const unit = named.iterable && a.loops.size(named.iterable).kind === 'records' ? 'records' : 'iterations';
  const outer = outerLoop(a, call, named);
  const iterations = literalIterations(named);
  return {
    loop, where, unit, ...(named !== loop ? { named } : {}),
    ...(outer ? { nestedIn: loopWhere(a, outer) } : {}), ...(iterations !== undefined ? { iterations } : {}),
  };
}

/**
 * The loop a message names for a call `loop` repeats: `loop` itself, or a loop inside it over a
 * name bound to a literal and filled in place (`events = []` ... `events.extend(page)` ...
 * `for event in events:`), which the size analysis takes for the small literal but which holds
 * what the code added: that loop is the one repeating the call (mailgun's events loop, the
 * holiday list of l10n_br_resource). Only the wording changes: whether the call is reported is
 * still decided by `loop`.
 */
/** `todo`, `todo.items()`, `enumerate(todo)`: the name whose filled contents the loop walks. */
function filledName(it: Node): Node | undefined {
  if (it.type === 'identifier') return it;
  if (it.type !== 'call') return undefined;
  const fn = it.childForFieldName('function');
  if (fn?.type === 'attribute' && ['items', 'keys', 'values'].includes(fn.childForFieldName('attribute')?.text ?? '')) {
    const obj = fn.childForFieldName('object');
    return obj?.type === 'identifier' ? obj : undefined;
  }
  if (fn?.type === 'identifier' && ['enumerate', 'sorted', 'list', 'reversed'].includes(fn.text)) {
    const arg = it.childForFieldName('arguments')?.namedChildren[0];
    return arg?.type === 'identifier' ? arg : undefined;
  }
  return undefined;
}

export function namedLoop(a: FileAnalysis, call: Node, loop: Loop): Loop {
  const loops = enclosingLoops(call);
  const i = loops.findIndex((l) => sameNode(l.node, loop.node));
  for (const l of loops.slice(0, Math.max(0, i))) {
    const it = l.iterable && filledName(unparen(l.iterable));
    if (!it || (l.kind !== 'for' && l.kind !== 'comprehension')) continue;
    if (exitsAfter(call, l) || a.loops.size(it).kind === 'batches') continue;
    if (grownInPlace(it)) return l;
  }
  return loop;
}

/**
 * The nearest data-sized loop enclosing `loop` (itself one of the loops repeating `node`): a
 * message names it so as to state the nesting instead of multiplying the two loops' N.
 */
export function outerLoop(a: FileAnalysis, node: Node, loop: Loop): Loop | undefined {
  const loops = enclosingLoops(node);
  const i = loops.findIndex((l) => sameNode(l.node, loop.node));
  if (i < 0) return undefined;
  return loops.slice(i + 1).find((l) => a.loops.isLarge(l));
}

/** Iterations of a loop over a literal: `range(1, 23)` (22), `range(30)`, a literal list or tuple. */
export function literalIterations(loop: Loop): number | undefined {
  if (!loop.iterable || loop.kind === 'while') return undefined;
  const it = unparen(loop.iterable);
  if (it.type === 'list' || it.type === 'tuple') {
    const items = it.namedChildren.filter((c) => !!c && c.type !== 'comment');
    return items.some((c) => c!.type.endsWith('splat')) ? undefined : items.length;
  }
  if (it.type !== 'call' || calleeName(it) !== 'range' || it.childForFieldName('function')?.type !== 'identifier') return undefined;
  const args = it.childForFieldName('arguments')?.namedChildren.filter((c) => !!c && c.type !== 'comment') ?? [];
  const nums = args.map((x) => intValue(x));
  if (!args.length || args.length > 3 || nums.some((x) => x === undefined)) return undefined;
  const [start, stop, step] = args.length === 1 ? [0, nums[0]!, 1] : [nums[0]!, nums[1]!, nums[2] ?? 1];
  if (step <= 0) return undefined;
  return Math.max(0, Math.ceil((stop - start) / step));
}

/**
 * True when nothing `call` reads changes between iterations of `loop`: no name it uses (receiver
 * or arguments) is bound by the loop targets, by the targets of loops between it and `loop`, or
 * assigned anywhere in `loop`'s repeated part. Such a call gives the same answer every time: the
 * fix is to move it above the loop, not to batch it with an 'in' domain.
 */
export function isLoopInvariant(call: Node, loop: Loop): boolean {
  const bound = new Set<string>();
  for (const l of enclosingLoops(call)) {
    for (const t of l.targets) bound.add(t.text);
    if (sameNode(l.node, loop.node)) break;
  }
  const repeated = loop.kind === 'comprehension' ? loop.comprehension : loop.node;
  if (!repeated) return false;
  for (const name of assignedNamesMemo(repeated)) bound.add(name);
  const local = comprehensionTargets(call);
  for (const id of usedNames(call)) if (bound.has(id) && !local.has(id)) return false;
  return true;
}

/** Identifiers read in `node` as variables (not attribute names or keyword argument names). */
function usedNames(node: Node): string[] {
  const out: string[] = [];
  const ids = node.type === 'identifier' ? [node] : node.descendantsOfType('identifier');
  for (const id of ids) {
    if (!id) continue;
    const p = id.parent;
    if (p?.type === 'attribute' && sameNode(p.childForFieldName('attribute'), id)) continue;
    if (p?.type === 'keyword_argument' && sameNode(p.childForFieldName('name'), id)) continue;
    out.push(id.text);
  }
  return out;
}

/** Names a comprehension inside `node` binds for itself (`[l.id for l in lines]`: l). */
function comprehensionTargets(node: Node): Set<string> {
  const out = new Set<string>();
  for (const c of node.descendantsOfType('for_in_clause')) {
    for (const id of c?.childForFieldName('left')?.descendantsOfType('identifier') ?? []) if (id) out.add(id.text);
    const left = c?.childForFieldName('left');
    if (left?.type === 'identifier') out.add(left.text);
  }
  return out;
}

/** assignedNames per loop node, read once per loop: a loop repeats many calls (one tree walk each before). */
function assignedNamesMemo(node: Node): Set<string> {
  const memo = perTree(node.tree, 'loopAssignedNames', () => new Map<number, Set<string>>());
  let names = memo.get(node.id);
  if (!names) memo.set(node.id, (names = assignedNames(node)));
  return names;
}

/** Names bound anywhere inside `node`: assignments, for targets, `with ... as`, `:=`, `except ... as`. */
function assignedNames(node: Node): Set<string> {
  const out = new Set<string>();
  const add = (target: Node | null | undefined) => {
    if (!target) return;
    if (target.type === 'identifier') out.add(target.text);
    else if (['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression', 'list_splat_pattern'].includes(target.type)) {
      for (const c of target.namedChildren) add(c);
    }
  };
  for (const asg of node.descendantsOfType(['assignment', 'augmented_assignment'])) add(asg?.childForFieldName('left'));
  for (const f of node.descendantsOfType(['for_statement', 'for_in_clause'])) add(f?.childForFieldName('left'));
  for (const w of node.descendantsOfType('as_pattern')) add(w?.childForFieldName('alias')?.namedChild(0) ?? w?.childForFieldName('alias'));
  for (const ne of node.descendantsOfType('named_expression')) add(ne?.childForFieldName('name'));
  return out;
}

/**
 * True when, between the call and the loop, the call sits in a `try` body or a
 * `with ... savepoint()` block: each iteration is isolated on purpose.
 */
export function isolatedPerIteration(call: Node, loop: Loop): boolean {
  for (let p = call.parent; p && !sameNode(p, loop.node); p = p.parent) {
    if (p.type === 'try_statement') return true;
    if (p.type === 'with_statement') {
      // `with cr.savepoint():` or `with registry.cursor() as new_cr:` (own transaction per item)
      const items = p.namedChildren.find((c) => c?.type === 'with_clause');
      if (items?.descendantsOfType('call').some((c) => !!c && ['savepoint', 'cursor'].includes(calleeName(c) ?? ''))) return true;
    }
  }
  return false;
}

/** Chunk size below which a slice is a "first few" rather than a batch. */
const BATCH_MIN = 50;

/** `recs[0:1000]`, `ids[i:i + 1000]`, `todo[:batch_size]`: a chunk of a bigger set. */
export function isBatchSlice(value: Node): boolean {
  const v = unparen(value);
  if (v.type !== 'subscript') return false;
  const sub = v.childForFieldName('subscript');
  if (sub?.type !== 'slice') return false;
  const parts = sub.namedChildren.filter((c): c is Node => !!c);
  const text = sub.text.replace(/\s+/g, '');
  if (text.startsWith(':') && parts.length === 1) {
    const stop = intValue(parts[0]);
    return stop === undefined || stop >= BATCH_MIN;
  }
  const [start, stop] = parts;
  const a = intValue(start);
  const b = intValue(stop);
  if (a !== undefined && b !== undefined) return b - a >= BATCH_MIN;
  return true;
}

/** `Model.search(domain, limit=1000)` (limit not a small literal): one batch of a bigger set. */
export function isBatchSearch(value: Node): boolean {
  const v = unparen(value);
  if (v.type !== 'call' || !['search', 'search_fetch'].includes(calleeName(v) ?? '')) return false;
  const limit = keywordArg(v, 'limit');
  if (!limit) return false;
  const k = intValue(limit);
  return k === undefined || k >= BATCH_MIN;
}

/** The receiver is (bound to) a chunk of a bigger set: the loop handles batches, not records. */
export function isBatchReceiver(a: FileAnalysis, recv: Node): boolean {
  if (isBatchSlice(recv) || isBatchSearch(recv)) return true;
  const root = chainRoot(recv);
  if (!root) return false;
  const bindings = a.scopes.lookup(root);
  return bindings.some((b) => b.kind === 'assign' && !b.augmented && (isBatchSlice(b.value) || isBatchSearch(b.value)));
}

/** A while loop whose body takes chunks (`batch = todo[:1000]`, `search(..., limit=1000)`): one round per batch. */
export function isChunkingLoop(loop: Loop): boolean {
  const body = loop.node.childForFieldName('body');
  if (!body || loop.kind !== 'while') return false;
  return body.descendantsOfType('assignment').some((asg) => {
    const right = asg?.childForFieldName('right');
    return !!right && (isBatchSlice(right) || isBatchSearch(right));
  });
}
