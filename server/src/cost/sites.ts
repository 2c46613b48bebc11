// Shared access to estimates for the hover, the diagnostic messages and the CLI: one estimate per
// method, computed lazily and cached per syntax tree (a new parse is a new Tree, so edits never see
// stale numbers), and the choice of the site a position or a rule's node stands for.
import * as fs from 'node:fs';
import type { Node, Tree } from '../parse/parser';
import type { WorkspaceModel } from '../odoo/workspace';
import { WorkspaceFacts, type CostFacts } from './facts';
import { FileTrees } from './fileTrees';
import { evaluate, type Formula, isConstant, isZero } from './formula';
import { type CallFigures, estimateCalls, estimateFunction } from './index';
import type { CostContext, FunctionEstimate, SiteEstimate } from './types';

interface CachedEstimate {
  estimate: FunctionEstimate;
  /** stamp() of each followed file when estimated. */
  stamps: string[];
}

const byTree = new WeakMap<Tree, WeakMap<object, Map<string, CachedEstimate>>>();
const NO_FACTS = {};
const workspaceFacts = new WeakMap<WorkspaceModel, WorkspaceFacts>();
/** Trees of other files calls are followed into, shared by every workspace (a small LRU). */
const followedTrees = new FileTrees(16);

/** A workspace file's tree as on disk, from the shared LRU (undefined when unreadable or too big). */
export function followedTree(file: string): Tree | undefined {
  return followedTrees.get(file);
}

/** One WorkspaceFacts per workspace model object, so caches keyed on facts keep hitting. */
export function factsForWorkspace(ws: WorkspaceModel): CostFacts {
  let f = workspaceFacts.get(ws);
  if (!f) workspaceFacts.set(ws, (f = new WorkspaceFacts(ws, followedTrees)));
  return f;
}

export function enclosingFunction(node: Node): Node | undefined {
  for (let p: Node | null = node; p; p = p.parent) if (p.type === 'function_definition') return p;
  return undefined;
}

/** estimateFunction, memoised per (tree, facts, function, options). */
export function cachedEstimate(fn: Node, ctx: CostContext = {}): FunctionEstimate {
  let perFacts = byTree.get(fn.tree);
  if (!perFacts) byTree.set(fn.tree, (perFacts = new WeakMap()));
  const factsKey = ctx.facts ?? NO_FACTS;
  let perFn = perFacts.get(factsKey);
  if (!perFn) perFacts.set(factsKey, (perFn = new Map()));
  const key = `${fn.startIndex}|${JSON.stringify(ctx.options ?? {})}`;
  const hit = perFn.get(key);
  if (hit && !followedChanged(hit)) return hit.estimate;
  const estimate = estimateFunction(fn, ctx);
  perFn.set(key, { estimate, stamps: estimate.followedFiles.map(stamp) });
  return estimate;
}

/** mtime and size of a followed file ('' when unreadable): an edit of the callee invalidates. */
function stamp(file: string): string {
  try {
    const st = fs.statSync(file);
    return `${st.mtimeMs}|${st.size}`;
  } catch {
    return '';
  }
}

function followedChanged(c: CachedEstimate): boolean {
  return c.estimate.followedFiles.some((f, i) => stamp(f) !== c.stamps[i]);
}

function within(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/** The part of a site that names it: a call's callee, an assignment's target, a field read. */
function handleOf(site: Node): Node {
  if (site.type === 'call') return site.childForFieldName('function') ?? site;
  if (site.type === 'assignment' || site.type === 'augmented_assignment') return site.childForFieldName('left') ?? site;
  return site;
}

/**
 * What a position stands for: the innermost costing call whose callee (not its arguments) holds
 * the node, else a loop whose header holds it, else the method when the node is its name.
 */
export function siteAt(est: FunctionEstimate, node: Node): SiteEstimate | undefined {
  const nameNode = est.node.childForFieldName('name');
  if (nameNode && within(nameNode, node)) return isZero(est.total) ? undefined : est;
  const call = est.calls
    .filter((c) => !isZero(c.total) && within(handleOf(c.node), node))
    .sort((a, b) => (a.node.endIndex - a.node.startIndex) - (b.node.endIndex - b.node.startIndex))[0];
  if (call) return call;
  return est.loops
    .filter((l) => {
      const body = l.node.childForFieldName('body');
      return !isZero(l.total) && l.node.startIndex <= node.startIndex && node.endIndex <= (body?.startIndex ?? l.node.endIndex);
    })
    .sort((a, b) => b.node.startIndex - a.node.startIndex)[0];
}

/** The call site the estimator charged for exactly this call node (a rule's finding). */
export function siteOfCall(est: FunctionEstimate, call: Node): SiteEstimate | undefined {
  return est.calls.find((c) => c.node.startIndex === call.startIndex && c.node.endIndex === call.endIndex && c.node.type === call.type);
}

export interface RepeatedCost {
  /** Queries per iteration of the loop, when the site runs once per iteration of one loop over N. */
  perIteration?: number;
  /** Queries over one run of the method at the given N. */
  total: number;
  /** Queries each time the site runs (a constant). */
  perExecution?: number;
  /** The loops that repeat the site, outermost first, with their iterations per run. */
  loops?: { node: Node; size: Formula }[];
}

/**
 * The figures a message states for the loop it names (`loop`, the innermost data-sized loop that
 * repeats the call): queries per iteration of THAT loop (the site's cost times the fixed
 * iterations of smaller loops inside it), and that figure at `n` iterations. Enclosing loops are
 * left out: the message names the nesting instead of squaring N (an outer loop often only
 * partitions the inner one: `for lang, ids in groups.items(): for i in ids:`). Undefined when
 * the model has no constant per-run figure for the site.
 */
export function perReportedLoop(cost: RepeatedCost | undefined, loop: Node, n: number): { perIteration: number; total: number } | undefined {
  if (!cost || cost.perExecution === undefined || !cost.loops) return cost?.perIteration !== undefined ? { perIteration: cost.perIteration, total: cost.total } : undefined;
  const i = cost.loops.findIndex((l) => l.node.startIndex === loop.startIndex && l.node.endIndex === loop.endIndex && l.node.type === loop.type);
  if (i < 0) return cost.perIteration !== undefined ? { perIteration: cost.perIteration, total: cost.total } : undefined;
  let perIteration = cost.perExecution;
  for (const inner of cost.loops.slice(i + 1)) {
    if (!isConstant(inner.size)) return undefined;
    perIteration *= evaluate(inner.size, 1);
  }
  return { perIteration, total: perIteration * n };
}

/**
 * The cost model's figures for a site a rule reports (OP101/OP102), when the model sees it paid
 * per iteration: lets the message quote the hover's numbers. `call` is the call node, or a node
 * the charged site wraps (`browse(i)` under `browse(i).name`). Undefined when the model has no
 * per-iteration figure (then the rule keeps its static one). Estimated lazily, once per method.
 */
export function repeatedCostOf(call: Node, workspace: WorkspaceModel | undefined, n: number): RepeatedCost | undefined {
  const fn = enclosingFunction(call);
  if (!fn) return undefined;
  const est = cachedEstimate(fn, workspace ? { facts: factsForWorkspace(workspace) } : {});
  const site = siteOfCall(est, call)
    ?? est.calls
      .filter((c) => c.node.type === 'attribute' && within(c.node, call))
      .sort((a, b) => (a.node.endIndex - a.node.startIndex) - (b.node.endIndex - b.node.startIndex))[0];
  return repeatedFrom(site, n);
}

/**
 * repeatedCostOf() for call nodes a rule reports (each its own charged site, as OP101's query
 * calls are), estimating each method once and only up to the last of its calls. A call the
 * short estimate cannot price exactly (nothing charged to it, so a wrapping site may stand for
 * it; or a write of it still pending) gets repeatedCostOf()'s whole-method answer.
 */
export function repeatedCostsOf(calls: Node[], workspace: WorkspaceModel | undefined, n: number): Map<Node, RepeatedCost | undefined> {
  const out = new Map<Node, RepeatedCost | undefined>();
  const byFn = new Map<number, { fn: Node; calls: Node[] }>();
  for (const call of calls) {
    const fn = enclosingFunction(call);
    if (!fn) { out.set(call, undefined); continue; }
    let g = byFn.get(fn.id);
    if (!g) byFn.set(fn.id, (g = { fn, calls: [] }));
    g.calls.push(call);
  }
  const ctx: CostContext = workspace ? { facts: factsForWorkspace(workspace) } : {};
  for (const { fn, calls: group } of byFn.values()) {
    const figures = estimateCalls(fn, group, ctx);
    for (const call of group) {
      const f = figures.get(call);
      out.set(call, f ? repeatedFrom(f, n) : repeatedCostOf(call, workspace, n));
    }
  }
  return out;
}

function repeatedFrom(site: (CallFigures | SiteEstimate) | undefined, n: number): RepeatedCost | undefined {
  if (!site?.perExecution || isConstant(site.executions) || !isConstant(site.perExecution)) return undefined;
  // "Per iteration" in a message means per iteration of the reported loop: the site's own
  // per-run figure says that only when it runs once per iteration of one loop over N
  // (perReportedLoop() finds the reported loop among `loops`).
  const once = site.executions.terms.length === 1 && site.executions.terms[0].power === 1 && !site.executions.terms[0].ceils.length && site.executions.terms[0].coef === 1;
  const loops = 'repeatedBy' in site ? site.repeatedBy : (site as CallFigures).loops;
  return {
    perIteration: once ? evaluate(site.perExecution, 1) : undefined, total: evaluate(site.total, n),
    perExecution: evaluate(site.perExecution, 1), ...(loops ? { loops } : {}),
  };
}
