// Public types of the cost model: options, per-site and per-function estimates.
import type { Node } from '../parse/parser';
import type { Range } from '../rules/types';
import type { CostFacts } from './facts';
import type { Formula } from './formula';

export interface CostOptions {
  /** N used to show numbers when nothing tells the size (odooPerf.assumedRecordCount: a list view page). */
  assumedRecordCount: number;
  /**
   * Records reached per parent through a one2many/many2many (lines per order), and records a
   * search on `many2one = id` returns. 3 is the reference data set's lines per order.
   */
  recordsPerParent: number;
  /** Odoo's PREFETCH_MAX: ids fetched per SELECT when a field of a prefetched record is read. */
  prefetchMax: number;
  /** Rows per UPDATE when pending writes are flushed (Odoo 17+ batches `UPDATE ... FROM VALUES`). */
  flushBatch: number;
  /** Rows per INSERT in create(vals_list). */
  insertBatch: number;
  /** Queries of one `unlink()` call (measured 4 on Odoo 18: reads links to clean, then deletes). */
  unlinkQueries: number;
  /** How deep calls into methods of the same model/file are followed. */
  maxCallDepth: number;
  /** Other workspace files one estimate may parse to follow calls (keeps a hover fast). */
  maxFollowedFiles: number;
}

export const DEFAULT_COST_OPTIONS: CostOptions = {
  assumedRecordCount: 80,
  recordsPerParent: 3,
  prefetchMax: 1000,
  flushBatch: 100,
  insertBatch: 100,
  unlinkQueries: 4,
  maxCallDepth: 2,
  maxFollowedFiles: 4,
};

export interface CostContext {
  /** Model facts (fields, computes, methods); optional — name conventions are used without them. */
  facts?: CostFacts;
  options?: Partial<CostOptions>;
}

export type CostKind =
  | 'search' | 'read' | 'compute' | 'update' | 'insert' | 'delete' | 'exists' | 'sql' | 'group';

/** One cost charged to a site of the estimated function. */
export interface CostEvent {
  kind: CostKind;
  /** Total over the whole method run. */
  total: Formula;
  /** Cost each time the site runs, when the cost is paid per run (not batched by prefetch/flush). */
  perExecution?: Formula;
  note: string;
  model?: string;
  /** For inserts: rows written per run of the site (what batching them in one call would insert). */
  rows?: Formula;
}

export type Scope = 'call' | 'loop' | 'function';

export interface SiteEstimate {
  scope: Scope;
  /** e.g. "Line.search", "rec.partner_id", "for rec in orders". */
  name: string;
  node: Node;
  range: Range;
  /** Total queries this site costs over one run of the method. */
  total: Formula;
  /** How many times the site runs (product of enclosing loop sizes). */
  executions: Formula;
  /** Queries per run of the site, when every cost is paid per run. */
  perExecution?: Formula;
  /** For loops: the number of iterations of one run of the loop. */
  iterations?: Formula;
  /** For calls: the loops that repeat the call, outermost first, with their iterations per run. */
  repeatedBy?: { node: Node; size: Formula }[];
  events: CostEvent[];
}

export interface FunctionEstimate extends SiteEstimate {
  scope: 'function';
  /** Model `self` belongs to, when known. */
  model?: string;
  calls: SiteEstimate[];
  loops: SiteEstimate[];
  /** Calls with the largest totals at the assumed N, largest first (zero-cost sites left out). */
  top: SiteEstimate[];
  options: CostOptions;
  /** Other files whose methods the estimate followed (a cached estimate is stale when they change). */
  followedFiles: string[];
}
