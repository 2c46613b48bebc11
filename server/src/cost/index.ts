// Public API of the query-cost model: estimates for a method, its calls and loops, as formulas in N
// (the size of the recordset the method runs on), and the wording hovers and messages share.
import type { Node, Tree } from '../parse/parser';
import { nodeRange } from '../rules/types';
import { type CostFacts, LayeredFacts, modelOfClassNode, TreeFacts } from './facts';
import { type Formula, add, constant, evaluate, format, isConstant, isZero, ZERO } from './formula';
import { Estimator, type RawEvent } from './estimator';
import { type CostContext, type CostOptions, DEFAULT_COST_OPTIONS, type FunctionEstimate, type SiteEstimate } from './types';
import { multOf } from './values';
import { sumExclusive } from './branches';

export * from './types';
export { type Formula, evaluate, format } from './formula';
export { type CostFacts, type FieldFact, type MethodFact, TreeFacts, WorkspaceFacts, LayeredFacts } from './facts';

const treeFacts = new WeakMap<Tree, TreeFacts>();

function factsFor(fn: Node, given: CostFacts | undefined): CostFacts {
  const tree = fn.tree;
  let local = treeFacts.get(tree);
  if (!local) {
    local = new TreeFacts([tree]);
    treeFacts.set(tree, local);
  }
  // Fields: the workspace index first (it merges every _inherit); methods: the file's own classes
  // first (the open buffer, not the file on disk), then the workspace's other files.
  return given ? new LayeredFacts([given, local], [local, given]) : local;
}

export function resolveOptions(options: Partial<CostOptions> | undefined): CostOptions {
  return { ...DEFAULT_COST_OPTIONS, ...(options ?? {}) };
}

function functionNode(node: Node): Node | undefined {
  if (node.type === 'decorated_definition') return node.childForFieldName('definition') ?? undefined;
  return node.type === 'function_definition' ? node : undefined;
}

function enclosingClass(fn: Node): Node | undefined {
  for (let p = fn.parent; p; p = p.parent) {
    if (p.type === 'class_definition') return p;
    if (p.type === 'function_definition') return undefined;
  }
  return undefined;
}

function siteName(node: Node): string {
  let text: string;
  if (node.type === 'call') text = node.childForFieldName('function')?.text ?? node.text;
  else if (node.type === 'assignment' || node.type === 'augmented_assignment') text = `${node.childForFieldName('left')?.text ?? ''} = …`;
  else text = node.text;
  text = text.replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function loopName(node: Node): string {
  const left = node.childForFieldName('left')?.text ?? '';
  const right = node.childForFieldName('right')?.text ?? '';
  const text = `for ${left} in ${right}`.replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function sum(fs: Formula[]): Formula {
  return fs.length ? add(...fs) : ZERO;
}

/** Total of events; of the arms of one if/elif/else only the costliest counts (one run takes one). */
function sumEvents(events: RawEvent[], n: number, per: (e: RawEvent) => Formula = (e) => e.total): Formula {
  return sumExclusive(events, per, (e) => e.branch, n);
}

/** Events without their site and branch tags (what the public estimate exposes). */
function publicEvents(events: RawEvent[]) {
  return events.map(({ site: _s, branch: _b, ...rest }) => rest);
}

/** total / executions when every term of total is a multiple of it (a followed call paid per run). */
function divideExact(total: Formula, executions: Formula): Formula | undefined {
  if (executions.terms.length !== 1 || executions.terms[0].ceils.length) return undefined;
  const e = executions.terms[0];
  if (e.power === 0 || total.terms.length === 0) return undefined;
  const terms = [];
  for (const t of total.terms) {
    if (t.power < e.power) return undefined;
    terms.push({ coef: t.coef / e.coef, power: t.power - e.power, ceils: t.ceils });
  }
  return { terms };
}

function contains(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/**
 * Estimates the SQL queries of one method (a function_definition or decorated_definition node).
 * `self` holds N records; with no model facts the estimate falls back to name conventions.
 */
/** The method node, its model and an estimator over the facts it sees: shared by the two entry points. */
function estimatorFor(fnOrDecorated: Node, ctx: CostContext) {
  const fn = functionNode(fnOrDecorated) ?? fnOrDecorated;
  const options = resolveOptions(ctx.options);
  const facts = factsFor(fn, ctx.facts);
  const cls = enclosingClass(fn);
  const model = cls ? facts.modelOfClass(cls) ?? modelOfClassNode(cls) : undefined;
  return { fn, model, options, est: new Estimator(facts, options) };
}

/** A call site's runs, total and cost per run, from the events charged to it. */
function figuresOf(est: Estimator, siteId: number, events: RawEvent[], n: number): CallFigures {
  const frames = est.siteLoops.get(siteId) ?? [];
  const executions = multOf(frames);
  const total = sumEvents(events, n);
  const perExec = events.every((e) => e.perExecution) ? sumEvents(events, n, (e) => e.perExecution!) : divideExact(total, executions);
  return {
    executions, total, perExecution: perExec && !isConstant(executions) ? perExec : undefined,
    loops: frames.map((f) => ({ node: f.node, size: f.size })),
  };
}

export function estimateFunction(fnOrDecorated: Node, ctx: CostContext = {}): FunctionEstimate {
  const { fn, model, options, est } = estimatorFor(fnOrDecorated, ctx);
  est.run(fn, model);
  const n = options.assumedRecordCount;

  const bySite = new Map<number, { node: Node; events: RawEvent[] }>();
  for (const e of est.events) {
    let s = bySite.get(e.site.id);
    if (!s) bySite.set(e.site.id, (s = { node: e.site, events: [] }));
    s.events.push(e);
  }
  const calls: SiteEstimate[] = [];
  for (const { node, events } of bySite.values()) {
    const { executions, total, perExecution, loops } = figuresOf(est, node.id, events, n);
    calls.push({
      scope: 'call', name: siteName(node), node, range: nodeRange(node), total, executions, perExecution,
      repeatedBy: loops,
      events: publicEvents(events),
    });
  }
  calls.sort((a, b) => a.node.startIndex - b.node.startIndex);

  const loops: SiteEstimate[] = est.loops.map((l) => {
    const inside = est.events.filter((e) => contains(l.node, e.site));
    return {
      scope: 'loop', name: loopName(l.node), node: l.node, range: nodeRange(l.node),
      total: sumEvents(inside, n), executions: multOf(l.loops), iterations: l.size,
      events: publicEvents(inside),
    };
  });

  const top = calls.filter((c) => !isZero(c.total)).sort((a, b) => evaluate(b.total, n) - evaluate(a.total, n)).slice(0, 5);
  const name = fn.childForFieldName('name')?.text ?? '<function>';
  return {
    scope: 'function', name, node: fn, range: nodeRange(fn), model,
    total: sumEvents(est.events, n), executions: constant(1),
    events: publicEvents(est.events),
    calls, loops, top, options, followedFiles: est.followedFiles(),
  };
}

/**
 * The estimate for what is under the cursor: the innermost costing call/field read/assignment,
 * else the loop whose header holds the node, else the method when the node is its name.
 */
export function estimateAt(node: Node, ctx: CostContext = {}): SiteEstimate | undefined {
  let fn: Node | undefined;
  for (let p: Node | null = node; p; p = p.parent) {
    if (p.type === 'function_definition') { fn = p; break; }
  }
  if (!fn) return undefined;
  const est = estimateFunction(fn, ctx);
  const nameNode = fn.childForFieldName('name');
  if (nameNode && contains(nameNode, node)) return est;
  const call = est.calls
    .filter((c) => !isZero(c.total) && contains(c.node, node))
    .sort((a, b) => (a.node.endIndex - a.node.startIndex) - (b.node.endIndex - b.node.startIndex))[0];
  if (call) return call;
  const loop = est.loops
    .filter((l) => {
      const body = l.node.childForFieldName('body');
      return l.node.startIndex <= node.startIndex && node.endIndex <= (body?.startIndex ?? l.node.endIndex);
    })
    .sort((a, b) => b.node.startIndex - a.node.startIndex)[0];
  return loop;
}

function queries(k: number): string {
  const v = Number.isInteger(k) ? String(k) : k.toFixed(1);
  return `${v} quer${k === 1 ? 'y' : 'ies'}`;
}

/**
 * One-line wording shared by hovers, messages and the CLI, e.g.
 * "≈ 1 query per iteration → 80 at N = 80, 1000 at N = 1000". Undefined for sites with no cost.
 */
export function describe(site: SiteEstimate, ns: number[]): string | undefined {
  if (isZero(site.total)) return undefined;
  const at = ns.map((n) => `${evaluate(site.total, n)} at N = ${n}`).join(', ');
  if (site.perExecution && isConstant(site.perExecution)) {
    // Nested loops over data: the figure is per iteration of the innermost one, and the runs are
    // the product of the loops (both sized N when nothing tells: an upper bound when the outer
    // loop only partitions the inner one, as `for k, ids in groups.items(): for i in ids:`).
    const nested = (site.repeatedBy ?? []).filter((l) => !isConstant(l.size)).length > 1;
    const runs = nested ? `; nested loops run it ${format(site.executions)} times` : '';
    return `≈ ${queries(evaluate(site.perExecution, 1))} per iteration${runs} → ${at}`;
  }
  if (isConstant(site.total)) return `≈ ${queries(evaluate(site.total, 1))}`;
  return `≈ ${format(site.total)} queries → ${at}`;
}

/** What estimateFunction's calls[] says of one call site: its runs, total and cost per run. */
export interface CallFigures {
  executions: Formula;
  total: Formula;
  perExecution?: Formula;
  /** The loops that repeat the call, outermost first, with their iterations per run. */
  loops: { node: Node; size: Formula }[];
}

/**
 * estimateFunction's figures for the given call nodes of one method, estimating the method only
 * until every one of them has been evaluated (OP101 prices its calls inside loops: measured on the
 * benchmark, running the rest of each method was waste). Per call: its figures; undefined when
 * nothing was charged to the call itself; null when a write charged to it was still pending (its
 * flush depends on the code after it: the whole estimate is needed).
 */
export function estimateCalls(fnOrDecorated: Node, calls: Node[], ctx: CostContext = {}): Map<Node, CallFigures | undefined | null> {
  const { fn, model, options, est } = estimatorFor(fnOrDecorated, ctx);
  est.runUntil(fn, model, new Set(calls.map((c) => c.id)));
  const bySite = new Map<number, RawEvent[]>();
  for (const e of est.events) {
    let s = bySite.get(e.site.id);
    if (!s) bySite.set(e.site.id, (s = []));
    s.push(e);
  }
  const out = new Map<Node, CallFigures | undefined | null>();
  for (const call of calls) {
    const events = bySite.get(call.id);
    if (est.pendingAt(call.id)) out.set(call, null);
    else if (!events) out.set(call, undefined);
    else out.set(call, figuresOf(est, call.id, events, options.assumedRecordCount));
  }
  return out;
}
