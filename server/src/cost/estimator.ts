// Abstract interpretation of one method body that charges SQL queries to the calls, field reads
// and assignments that cause them, the way Odoo 17/18's ORM issues them:
// - searches and friends: one query per call;
// - stored field reads: one SELECT per prefetch set per PREFETCH_MAX records, then the record cache;
// - writes/assignments: deferred, flushed 100 rows per UPDATE at the end, or earlier when a flush
//   point (a search whose domain/order reads a pending field, flush_*(), invalidate_*()) meets them
//   — inside the same loop that makes one UPDATE per iteration;
// - stored computes depending on a written field are recomputed (reading their dependencies)
//   and written with the next flush;
// - calls into methods of the same model are followed `maxCallDepth` levels.
import type { Node } from '../parse/parser';
import { callArgs, stringList, stringValue, unparen } from '../odoo/pyast';
import { type CostFacts, type FieldFact, type MethodBudget, guessField } from './facts';
import { type Formula, add, ceilDiv, constant, evaluate, isConstant, linear, mul, ZERO } from './formula';
import type { CostEvent, CostKind, CostOptions } from './types';
import type { BranchStep } from './branches';
import { type LoopFrame, type Origin, type Value, commonDepth, multOf, UNKNOWN } from './values';

interface Frame {
  vars: Map<string, Value>;
  model?: string;
  depth: number;
  /** Site in the estimated function every cost of this frame is charged to (followed calls). */
  site?: Node;
  /** Inside a compute method run by the ORM: its assignments fill the cache, the recompute entry pays the UPDATE. */
  computeMode: boolean;
  /** Values just written, in cache while a recompute they triggered runs: model → fields. */
  preCached?: Map<string, Set<string>>;
  returned?: Value;
  stack: number[];
}

interface Pending {
  model?: string;
  originId?: number;
  fields: Set<string>;
  /** Rows written per run of the site. */
  perExec: Formula;
  loops: LoopFrame[];
  site: Node;
  note: string;
}

interface FlushPoint {
  loops: LoopFrame[];
  model?: string;
  /** undefined = every pending write. */
  fields?: Set<string>;
  site: Node;
}

export interface RawEvent extends CostEvent {
  site: Node;
  /** The if/elif/else arms the cost sits in, outermost first (exclusive arms are not summed). */
  branch?: BranchStep[];
}

export interface LoopRecord {
  node: Node;
  size: Formula;
  loops: LoopFrame[];
}

const ORM_ALWAYS = new Set(['search_count', 'search_read', 'search_fetch', '_read_group', 'read_group']);
const PASSTHROUGH = new Set([
  'with_context', 'sudo', 'with_user', 'with_company', 'with_env', 'with_prefetch', 'ensure_one', 'exists_or_none',
]);
const SITE_TYPES = new Set(['call', 'attribute', 'assignment', 'augmented_assignment']);
/** Thrown by expr() once runUntil()'s targets are all evaluated. */
const STOPPED = new Error('estimate stopped after its targets');
const BUILTIN_SAME = new Set(['list', 'sorted', 'set', 'tuple', 'reversed', 'frozenset', 'iter']);

export class Estimator {
  events: RawEvent[] = [];
  loops: LoopRecord[] = [];
  private pending: Pending[] = [];
  private flushPoints: FlushPoint[] = [];
  private origins: Origin[] = [];
  private nextId = 1;
  private recomputed = new Set<string>();
  private fanout: Formula;
  /** Other files this estimate parsed to follow calls (bounded: a hover stays fast). */
  private budget: MethodBudget;

  constructor(private facts: CostFacts | undefined, private opts: CostOptions) {
    this.fanout = constant(opts.recordsPerParent);
    this.budget = { files: new Set(), maxFiles: opts.maxFollowedFiles };
  }

  /** Other files this estimate looked into for methods to follow. */
  followedFiles(): string[] {
    return [...this.budget.files];
  }

  /** A method of the model to follow: the file's classes, then (within budget) the workspace's files. */
  private method(model: string | undefined, name: string) {
    return this.facts?.method(model, name, this.budget);
  }

  // ---------------------------------------------------------------- entry

  run(fn: Node, selfModel: string | undefined): void {
    const frame: Frame = { vars: new Map(), model: selfModel, depth: 0, computeMode: false, stack: [fn.id] };
    const self = this.newOrigin(selfModel, linear(1), [], 'self');
    this.bindParams(fn, frame, { kind: 'records', origin: self, count: linear(1) }, []);
    const body = fn.childForFieldName('body');
    if (body) this.block(body, frame, []);
    // The transaction's final flush writes whatever is still pending.
    for (const p of [...this.pending]) this.flushEntry(p, []);
  }

  /**
   * run() that may stop early: once every site of `targets` (node ids of the estimated function)
   * has been evaluated, the rest of the method is skipped (true returned). A rule pricing a few
   * calls needs nothing after them: later code charges its own sites, except the flushes of writes
   * still pending at a target (pendingAt() tells; the caller then needs the whole run).
   */
  runUntil(fn: Node, selfModel: string | undefined, targets: Set<number>): boolean {
    this.targets = targets;
    try {
      this.run(fn, selfModel);
      return false;
    } catch (e) {
      if (e !== STOPPED) throw e;
      return true;
    } finally {
      this.targets = undefined;
    }
  }

  private targets?: Set<number>;
  /** Targets being evaluated (the stop waits for the outermost). */
  private openTargets = 0;

  /** Whether writes charged to the site are still waiting for a flush. */
  pendingAt(siteId: number): boolean {
    return this.pending.some((p) => p.site.id === siteId);
  }

  // ---------------------------------------------------------------- helpers

  private newOrigin(model: string | undefined, size: Formula, loops: LoopFrame[], label: string, isNew = false): Origin {
    const o: Origin = { id: this.nextId++, model, size, loops, fetched: new Set(), isNew, derived: new Map(), label };
    this.origins.push(o);
    return o;
  }

  private charge(site: Node, frame: Frame, kind: CostKind, total: Formula, note: string, perExecution?: Formula, model?: string, rows?: Formula): void {
    const e: RawEvent = { site: frame.site ?? site, kind, total, perExecution: frame.site ? undefined : perExecution, note, model };
    if (rows && !frame.site) e.rows = rows;
    if (this.branchPath.length) e.branch = [...this.branchPath];
    this.events.push(e);
  }

  private field(model: string | undefined, name: string): FieldFact | undefined {
    if (!model) return guessField('', name);
    const f = this.facts?.field(model, name);
    if (f) return f;
    // A method of the model is not a field.
    // Without a budget: deciding field-or-method never parses another file.
    if (this.facts?.method(model, name)) return undefined;
    return guessField(model, name);
  }

  private prefetchCost(o: Origin, loops: LoopFrame[]): Formula {
    if (o.refetchLoops) {
      // Invalidated inside a loop: every run re-reads (one query fetches up to PREFETCH_MAX around the record).
      return o.refetchLoops.length > o.loops.length ? multOf(o.refetchLoops) : mul(multOf(o.loops), ceilDiv(o.size, this.opts.prefetchMax));
    }
    void loops;
    return mul(multOf(o.loops), ceilDiv(o.size, this.opts.prefetchMax));
  }

  private sizeOf(v: Value): Formula {
    switch (v.kind) {
      case 'records': return v.count;
      case 'ids': return v.size;
      case 'list': return v.size;
      case 'tuple': return constant(v.items.length);
      case 'dict': return v.size ?? linear(1);
      case 'int': return v.size ?? (v.literal !== undefined ? constant(v.literal) : linear(1));
      default: return linear(1);
    }
  }

  private elemOf(v: Value): Value {
    switch (v.kind) {
      case 'records': return { kind: 'records', origin: v.origin, count: constant(1) };
      case 'ids': return { kind: 'id' };
      case 'list': return v.elem ?? UNKNOWN;
      case 'tuple': return v.items[0] ?? UNKNOWN;
      default: return UNKNOWN;
    }
  }

  private bind(target: Node, value: Value, frame: Frame): void {
    const t = unparen(target);
    if (t.type === 'identifier') {
      frame.vars.set(t.text, value);
      return;
    }
    if (t.type === 'pattern_list' || t.type === 'tuple_pattern' || t.type === 'list_pattern' || t.type === 'tuple' || t.type === 'list') {
      const items = t.namedChildren.filter((c): c is Node => !!c);
      items.forEach((item, i) => this.bind(item, value.kind === 'tuple' ? value.items[i] ?? UNKNOWN : UNKNOWN, frame));
    }
  }

  private bindParams(fn: Node, frame: Frame, self: Value, args: Value[], kwargs = new Map<string, Value>()): void {
    const params = fn.childForFieldName('parameters');
    let i = 0;
    for (const p of params?.namedChildren ?? []) {
      if (!p) continue;
      const nameNode = p.type === 'identifier' ? p : p.childForFieldName('name') ?? p.namedChild(0);
      const name = nameNode?.type === 'identifier' ? nameNode.text : undefined;
      if (!name) continue;
      if (i === 0 && (name === 'self' || name === 'cls')) {
        frame.vars.set(name, self);
        i++;
        continue;
      }
      const given = kwargs.get(name) ?? args[i - 1];
      frame.vars.set(name, given ?? this.guessParam(name));
      i++;
    }
  }

  /** An unknown argument: names tell ids and vals lists apart from scalars. */
  private guessParam(name: string): Value {
    if (name === 'ids' || name.endsWith('_ids')) return { kind: 'ids', size: linear(1) };
    if (name === 'vals_list' || name.endsWith('_list')) return { kind: 'list', size: linear(1), elem: { kind: 'dict', entries: new Map() } };
    if (name === 'vals' || name === 'values') return { kind: 'dict', entries: new Map(), node: undefined };
    return UNKNOWN;
  }

  // ---------------------------------------------------------------- statements

  private block(node: Node, frame: Frame, loops: LoopFrame[]): void {
    for (const stmt of node.namedChildren) if (stmt) this.statement(stmt, frame, loops);
  }

  private statement(s: Node, frame: Frame, loops: LoopFrame[]): void {
    switch (s.type) {
      case 'expression_statement':
        for (const c of s.namedChildren) if (c) this.expr(c, frame, loops);
        return;
      case 'return_statement': {
        const v = s.namedChild(0);
        frame.returned = v ? this.expr(v, frame, loops) : UNKNOWN;
        return;
      }
      case 'if_statement': {
        // Every arm is interpreted (its writes and cache fills are kept: an upper bound), and each
        // cost is tagged with its arm: totals take the costliest arm of an if/elif/else, not the
        // sum (one run takes one arm). Conditions always count (an elif's runs when the if fails).
        const cond = s.childForFieldName('condition');
        if (cond) this.expr(cond, frame, loops);
        const cons = s.childForFieldName('consequence');
        if (cons) this.arm(s, 0, cons, frame, loops);
        let arm = 1;
        for (const alt of s.childrenForFieldName('alternative')) {
          if (!alt) continue;
          const c = alt.childForFieldName('condition');
          if (c) this.expr(c, frame, loops);
          const b = alt.childForFieldName('consequence') ?? alt.childForFieldName('body');
          if (b) this.arm(s, arm, b, frame, loops);
          arm++;
        }
        return;
      }
      case 'for_statement':
        this.forLoop(s, frame, loops);
        return;
      case 'while_statement': {
        // Iterations unknown (often a batching loop that ends on an empty search): charged once.
        const cond = s.childForFieldName('condition');
        if (cond) this.expr(cond, frame, loops);
        const body = s.childForFieldName('body');
        if (body) this.block(body, frame, loops);
        return;
      }
      case 'try_statement': {
        const body = s.childForFieldName('body');
        if (body) this.block(body, frame, loops);
        // except handlers run on errors only; else/finally run normally.
        for (const c of s.namedChildren) {
          if (c && (c.type === 'else_clause' || c.type === 'finally_clause')) {
            const b = c.childForFieldName('body') ?? c.namedChildren.find((x) => x?.type === 'block');
            if (b) this.block(b, frame, loops);
          }
        }
        return;
      }
      case 'with_statement': {
        for (const c of s.namedChildren) {
          if (c?.type === 'with_clause') for (const item of c.namedChildren) if (item) this.expr(item.namedChild(0) ?? item, frame, loops);
        }
        const body = s.childForFieldName('body');
        if (body) this.block(body, frame, loops);
        return;
      }
      case 'block':
        this.block(s, frame, loops);
        return;
      default:
        return;
    }
  }

  /** Arms of the if statements being interpreted, outermost first (see branches.ts). */
  private branchPath: BranchStep[] = [];

  private arm(ifNode: Node, arm: number, body: Node, frame: Frame, loops: LoopFrame[]): void {
    this.branchPath.push({ ifId: ifNode.id, arm });
    try {
      this.block(body, frame, loops);
    } finally {
      this.branchPath.pop();
    }
  }

  private forLoop(s: Node, frame: Frame, loops: LoopFrame[]): void {
    const right = s.childForFieldName('right');
    const left = s.childForFieldName('left');
    const body = s.childForFieldName('body');
    const iter = right ? this.expr(right, frame, loops) : UNKNOWN;
    const loop: LoopFrame = { id: this.nextId++, node: s, size: this.sizeOf(iter) };
    const inner = [...loops, loop];
    if (frame.depth === 0 && !frame.site) this.loops.push({ node: s, size: loop.size, loops });
    if (left) this.bind(left, this.elemOf(iter), frame);
    if (body) this.block(body, frame, inner);
    this.endLoop(loop);
    const alt = s.childForFieldName('alternative');
    if (alt) {
      const b = alt.childForFieldName('body');
      if (b) this.block(b, frame, loops);
    }
  }

  /**
   * A flush point anywhere in a loop body also flushes what the body wrote in the previous
   * iteration (a search before the write): loop-carried writes are flushed once per iteration.
   */
  private endLoop(loop: LoopFrame): void {
    const points = this.flushPoints.filter((f) => f.loops.some((l) => l.id === loop.id));
    for (const p of [...this.pending]) {
      if (!p.loops.some((l) => l.id === loop.id)) continue;
      const fp = points.find((f) => this.flushMatches(f, p));
      if (fp) this.flushEntry(p, fp.loops);
    }
  }

  // ---------------------------------------------------------------- flushing

  private flushMatches(f: FlushPoint, p: Pending): boolean {
    if (!f.fields) return f.model === undefined || f.model === p.model;
    if (!p.model || f.model !== p.model) return false;
    for (const x of f.fields) if (p.fields.has(x)) return true;
    return false;
  }

  private flushPoint(site: Node, frame: Frame, loops: LoopFrame[], model: string | undefined, fields: Set<string> | undefined): void {
    const fp: FlushPoint = { loops, model, fields, site: frame.site ?? site };
    this.flushPoints.push(fp);
    for (const p of [...this.pending]) if (this.flushMatches(fp, p)) this.flushEntry(p, loops);
  }

  /** Emits the UPDATEs of a pending write flushed from inside `at` loops. */
  private flushEntry(p: Pending, at: LoopFrame[]): void {
    this.pending = this.pending.filter((x) => x !== p);
    const k = commonDepth(p.loops, at);
    const outer = multOf(p.loops.slice(0, k));
    const rows = mul(multOf(p.loops.slice(k)), p.perExec);
    const total = mul(outer, ceilDiv(rows, this.opts.flushBatch));
    const perIteration = k > 0 && k === p.loops.length ? ceilDiv(p.perExec, this.opts.flushBatch) : undefined;
    this.events.push({
      site: p.site, kind: 'update', total, perExecution: perIteration, model: p.model,
      note: k > 0 ? `${p.note}: flushed every iteration (1 UPDATE per iteration)` : `${p.note}: deferred, flushed ${this.opts.flushBatch} rows per UPDATE`,
      ...(this.branchPath.length ? { branch: [...this.branchPath] } : {}),
    });
  }

  private addPending(p: Pending): void {
    const same = this.pending.find((x) => x.originId !== undefined && x.originId === p.originId && x.site.id === p.site.id
      && commonDepth(x.loops, p.loops) === p.loops.length && x.loops.length === p.loops.length);
    if (same) {
      for (const f of p.fields) same.fields.add(f);
      return;
    }
    this.pending.push(p);
  }

  // ---------------------------------------------------------------- expressions

  /** Loops around each site of the estimated function (followed calls excluded). */
  siteLoops = new Map<number, LoopFrame[]>();

  expr(node: Node, frame: Frame, loops: LoopFrame[]): Value {
    const n = node;
    if (this.targets?.has(n.id) && !frame.site && frame.depth === 0) {
      this.targets.delete(n.id);
      // A target may hold another (`X.search(d).exists()`): stop once the outermost is done.
      this.openTargets++;
      const v = this.expr(n, frame, loops);
      this.openTargets--;
      if (!this.targets.size && !this.openTargets) throw STOPPED;
      return v;
    }
    // Read once: every node type read is a call into wasm, and this runs for every expression.
    const type = n.type;
    if (!frame.site && frame.depth === 0 && SITE_TYPES.has(type) && !this.siteLoops.has(n.id)) this.siteLoops.set(n.id, loops);
    switch (type) {
      case 'identifier': return frame.vars.get(n.text) ?? UNKNOWN;
      case 'parenthesized_expression': {
        const c = n.namedChild(0);
        return c ? this.expr(c, frame, loops) : UNKNOWN;
      }
      case 'attribute': return this.attribute(n, frame, loops);
      case 'call': return this.call(n, frame, loops);
      case 'subscript': return this.subscript(n, frame, loops);
      case 'assignment': return this.assignment(n, frame, loops);
      case 'augmented_assignment': {
        const right = n.childForFieldName('right');
        const left = n.childForFieldName('left');
        const v = right ? this.expr(right, frame, loops) : UNKNOWN;
        if (left?.type === 'attribute') this.assignField(left, n, frame, loops);
        else if (left && left.type !== 'identifier') this.expr(left, frame, loops);
        else if (left && n.childForFieldName('operator')?.text === '|=' && v.kind === 'records') {
          const cur = frame.vars.get(left.text);
          if (!cur || cur.kind !== 'records') frame.vars.set(left.text, v);
        }
        return UNKNOWN;
      }
      case 'list':
      case 'tuple':
      case 'set': {
        const items = n.namedChildren.filter((c): c is Node => !!c).map((c) => this.expr(c, frame, loops));
        if (type === 'tuple') return { kind: 'tuple', items };
        return { kind: 'list', size: constant(items.length), elem: items[0], node: n, loops };
      }
      case 'dictionary': {
        const entries = new Map<string, Value>();
        for (const pair of n.namedChildren) {
          if (pair?.type !== 'pair') continue;
          const k = stringValue(pair.childForFieldName('key'));
          const vNode = pair.childForFieldName('value');
          const v = vNode ? this.expr(vNode, frame, loops) : UNKNOWN;
          if (k !== undefined) entries.set(k, v);
        }
        return { kind: 'dict', entries, node: n, size: constant(entries.size), loops };
      }
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression':
      case 'dictionary_comprehension':
        return this.comprehension(n, frame, loops);
      case 'integer': return { kind: 'int', literal: Number(n.text.replace(/_/g, '')) || 0 };
      case 'lambda': return UNKNOWN;
      case 'keyword_argument': {
        const v = n.childForFieldName('value');
        return v ? this.expr(v, frame, loops) : UNKNOWN;
      }
      case 'string':
      case 'concatenated_string':
        for (const c of n.namedChildren) if (c?.type === 'interpolation') this.expr(c.namedChild(0) ?? c, frame, loops);
        return UNKNOWN;
      case 'binary_operator': {
        const l = n.childForFieldName('left');
        const r = n.childForFieldName('right');
        const lv = l ? this.expr(l, frame, loops) : UNKNOWN;
        const rv = r ? this.expr(r, frame, loops) : UNKNOWN;
        // recordset union/difference keeps the left prefetch set; list concatenation adds sizes.
        if (lv.kind === 'records') return lv;
        if (lv.kind === 'list' && rv.kind === 'list' && n.childForFieldName('operator')?.text === '+') {
          return { kind: 'list', size: add(lv.size, rv.size), elem: lv.elem ?? rv.elem };
        }
        return UNKNOWN;
      }
      case 'conditional_expression': {
        const parts = n.namedChildren.filter((c): c is Node => !!c).map((c) => this.expr(c, frame, loops));
        return parts[0] ?? UNKNOWN;
      }
      case 'boolean_operator': {
        const l = n.childForFieldName('left');
        const r = n.childForFieldName('right');
        const lv = l ? this.expr(l, frame, loops) : UNKNOWN;
        const rv = r ? this.expr(r, frame, loops) : UNKNOWN;
        return lv.kind !== 'unknown' ? lv : rv;
      }
      default:
        for (const c of n.namedChildren) if (c) this.expr(c, frame, loops);
        return UNKNOWN;
    }
  }

  private comprehension(n: Node, frame: Frame, loops: LoopFrame[]): Value {
    let inner = loops;
    let size: Formula = constant(1);
    for (const c of n.namedChildren) {
      if (c?.type !== 'for_in_clause') continue;
      const right = c.childForFieldName('right');
      const left = c.childForFieldName('left');
      const it = right ? this.expr(right, frame, inner) : UNKNOWN;
      const loop: LoopFrame = { id: this.nextId++, node: c, size: this.sizeOf(it) };
      size = mul(size, loop.size);
      inner = [...inner, loop];
      if (left) this.bind(left, this.elemOf(it), frame);
    }
    for (const c of n.namedChildren) if (c?.type === 'if_clause' && c.namedChild(0)) this.expr(c.namedChild(0)!, frame, inner);
    const body = n.childForFieldName('body') ?? n.namedChild(0);
    let elem: Value = UNKNOWN;
    if (body && body.type !== 'for_in_clause') {
      if (body.type === 'pair') {
        const v = body.childForFieldName('value');
        const k = body.childForFieldName('key');
        if (k) this.expr(k, frame, inner);
        if (v) elem = this.expr(v, frame, inner);
      } else elem = this.expr(body, frame, inner);
    }
    for (const l of inner.slice(loops.length)) this.endLoop(l);
    return { kind: 'list', size, elem, node: n, loops };
  }

  private subscript(n: Node, frame: Frame, loops: LoopFrame[]): Value {
    const objNode = n.childForFieldName('value');
    const idxNode = n.childForFieldName('subscript');
    const obj = objNode ? this.expr(objNode, frame, loops) : UNKNOWN;
    const idx = idxNode ? this.expr(idxNode, frame, loops) : UNKNOWN;
    void idx;
    if (obj.kind === 'env') return { kind: 'model', model: stringValue(idxNode) };
    if (obj.kind === 'dict') {
      const k = stringValue(idxNode);
      return (k !== undefined ? obj.entries.get(k) : undefined) ?? UNKNOWN;
    }
    if (obj.kind === 'records') {
      if (idxNode?.type === 'slice') return obj;
      return { kind: 'records', origin: obj.origin, count: constant(1) };
    }
    if (obj.kind === 'ids') return idxNode?.type === 'slice' ? obj : { kind: 'id' };
    if (obj.kind === 'list') return obj.elem ?? UNKNOWN;
    if (obj.kind === 'tuple') {
      const i = Number(idxNode?.text);
      return Number.isInteger(i) ? obj.items[i] ?? UNKNOWN : UNKNOWN;
    }
    return UNKNOWN;
  }

  private assignment(n: Node, frame: Frame, loops: LoopFrame[]): Value {
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    const v = right ? this.expr(right, frame, loops) : UNKNOWN;
    if (!left) return v;
    if (left.type === 'attribute') this.assignField(left, n, frame, loops);
    else if (left.type === 'subscript') {
      const obj = left.childForFieldName('value');
      const idx = left.childForFieldName('subscript');
      const ov = obj ? this.expr(obj, frame, loops) : UNKNOWN;
      if (idx) this.expr(idx, frame, loops);
      const k = stringValue(idx);
      if (ov.kind === 'dict' && k !== undefined) ov.entries.set(k, v);
      else if (ov.kind === 'dict') this.growDict(ov, loops);
    } else this.bind(left, v, frame);
    return v;
  }

  /** `rec.field = value`: a write of one field, deferred like write(). */
  private assignField(left: Node, site: Node, frame: Frame, loops: LoopFrame[]): void {
    const objNode = left.childForFieldName('object');
    const name = left.childForFieldName('attribute')?.text;
    const obj = objNode ? this.expr(objNode, frame, loops) : UNKNOWN;
    if (obj.kind !== 'records' || !name) return;
    this.write(obj, new Set([name]), site, frame, loops, `${left.text} = …`);
  }

  // ---------------------------------------------------------------- attributes: field reads

  private attribute(n: Node, frame: Frame, loops: LoopFrame[]): Value {
    const objNode = n.childForFieldName('object');
    const name = n.childForFieldName('attribute')?.text ?? '';
    const obj = objNode ? this.expr(objNode, frame, loops) : UNKNOWN;
    if (obj.kind === 'env') {
      if (name === 'cr') return { kind: 'cr' };
      if (name === 'user' || name === 'company') {
        return { kind: 'records', origin: this.newOrigin(name === 'user' ? 'res.users' : 'res.company', constant(1), [], `env.${name}`), count: constant(1) };
      }
      return UNKNOWN;
    }
    if (obj.kind === 'model') {
      if (name === 'env') return { kind: 'env' };
      if (name === '_cr') return { kind: 'cr' };
      return UNKNOWN;
    }
    if (obj.kind !== 'records') return UNKNOWN;
    switch (name) {
      case 'id': return { kind: 'id', origin: obj.origin };
      case 'ids': return { kind: 'ids', size: obj.count, origin: obj.origin };
      case 'env': return { kind: 'env' };
      case '_cr': return { kind: 'cr' };
      case '_context': case '_name': case '_fields': case '_uid': case '_description': case '_table': return UNKNOWN;
      default: break;
    }
    if (name.startsWith('__')) return UNKNOWN;
    return this.readField(obj, name === 'display_name' ? 'display_name' : name, n, frame, loops);
  }

  private readField(v: Extract<Value, { kind: 'records' }>, name: string, site: Node, frame: Frame, loops: LoopFrame[]): Value {
    const o = v.origin;
    const fact = this.field(o.model, name);
    if (!fact) return UNKNOWN;
    const preCached = o.model ? frame.preCached?.get(o.model)?.has(name) : false;
    const cached = o.isNew || preCached || o.fetched.has(name) || (fact.kind !== 'x2many' && fact.stored && o.fetched.has('*'));
    if (!cached) {
      if (fact.stored) {
        this.charge(site, frame, 'read', this.prefetchCost(o, loops),
          `reads ${o.model ?? 'the model'}.${name} for the prefetch set (${this.opts.prefetchMax} records per query)`, undefined, o.model);
        o.refetchLoops = undefined;
        if (fact.kind === 'x2many') o.fetched.add(name);
        else o.fetched.add('*');
      } else if (fact.compute) {
        o.fetched.add(name);
        const m = this.method(o.model, fact.compute);
        // A non-stored compute runs on the whole prefetch set at the first read.
        if (m) this.runMethod(m.node, { kind: 'records', origin: o, count: o.size }, [], new Map(), site, frame, o.loops, { computeMode: true });
      } else if (fact.related) {
        o.fetched.add(name);
        let cur: Value = { kind: 'records', origin: o, count: o.size };
        for (const part of fact.related.split('.')) {
          if (cur.kind !== 'records') break;
          cur = this.readField(cur, part, site, frame, o.loops);
        }
      }
    }
    if (fact.kind === 'column') return UNKNOWN;
    const d = this.derive(o, name, fact);
    const count = fact.kind === 'x2many' ? mul(v.count, this.fanout) : v.count;
    return { kind: 'records', origin: d, count };
  }

  /** The prefetch set a relational field leads to from a whole prefetch set. */
  private derive(o: Origin, name: string, fact: FieldFact): Origin {
    const known = o.derived.get(name);
    if (known) return known;
    const many = fact.kind === 'x2many';
    const d = this.newOrigin(fact.comodel, many ? mul(o.size, this.fanout) : o.size, o.loops, `${o.label}.${name}`, many && o.isNew);
    // Going back through the inverse many2one lands on the records we came from.
    if (many && fact.inverseName) d.derived.set(fact.inverseName, o);
    o.derived.set(name, d);
    return d;
  }

  // ---------------------------------------------------------------- calls

  private argValues(n: Node, frame: Frame, loops: LoopFrame[]): { pos: Node[]; kw: Map<string, Node> } {
    const { positional, keywords } = callArgs(n);
    return { pos: positional, kw: keywords };
  }

  /** Lambda arguments are not run here: expr() gives them UNKNOWN without looking inside. */
  private evalArgs(nodes: Node[], frame: Frame, loops: LoopFrame[]): Value[] {
    return nodes.map((a) => this.expr(a, frame, loops));
  }

  private call(n: Node, frame: Frame, loops: LoopFrame[]): Value {
    const fn = n.childForFieldName('function');
    if (!fn) return UNKNOWN;
    const { pos, kw } = this.argValues(n, frame, loops);
    const fnType = fn.type;
    if (fnType === 'identifier') return this.builtin(fn.text, n, pos, kw, frame, loops);
    if (fnType !== 'attribute') {
      this.expr(fn, frame, loops);
      this.evalArgs([...pos, ...kw.values()], frame, loops);
      return UNKNOWN;
    }
    const name = fn.childForFieldName('attribute')?.text ?? '';
    const objNode = fn.childForFieldName('object');
    let recv: Value = UNKNOWN;
    if (objNode?.type === 'call' && objNode.childForFieldName('function')?.text === 'super') {
      // super() is self; super(Class, record) is record.
      const sargs = callArgs(objNode).positional;
      recv = sargs.length >= 2 ? this.expr(sargs[1], frame, loops) : frame.vars.get('self') ?? UNKNOWN;
    }
    else if (objNode) recv = this.expr(objNode, frame, loops);

    if (recv.kind === 'records' || recv.kind === 'model') return this.ormCall(recv, name, n, pos, kw, frame, loops);
    if (recv.kind === 'cr') {
      this.evalArgs([...pos, ...kw.values()], frame, loops);
      if (name === 'execute' || name === 'execute_values' || name === 'executemany') {
        // Odoo's Cursor.execute does not flush pending ORM writes (callers flush_model() first).
        this.charge(n, frame, 'sql', multOf(loops), 'raw SQL: 1 query per call', constant(1));
      }
      return UNKNOWN;
    }
    if (recv.kind === 'env') {
      this.evalArgs([...pos, ...kw.values()], frame, loops);
      if (name === 'flush_all') this.flushPoint(n, frame, loops, undefined, undefined);
      else if (name === 'invalidate_all') this.invalidate(n, frame, loops, undefined);
      else if (name === 'execute_query') {
        this.flushPoint(n, frame, loops, undefined, undefined);
        this.charge(n, frame, 'sql', multOf(loops), 'raw SQL: 1 query per call', constant(1));
      } else if (name === 'ref') {
        // ir.model.data lookups are ormcached: no query once warm.
        return { kind: 'records', origin: this.newOrigin(undefined, constant(1), loops, 'env.ref'), count: constant(1) };
      }
      return UNKNOWN;
    }
    if (recv.kind === 'list' && (name === 'append' || name === 'extend')) {
      const args = this.evalArgs(pos, frame, loops);
      const extra = loops.slice(recv.loops ? commonDepth(recv.loops, loops) : loops.length);
      const per = name === 'append' ? constant(1) : this.sizeOf(args[0] ?? UNKNOWN);
      recv.size = add(recv.size, mul(multOf(extra), per));
      if (name === 'append' && args[0] && args[0].kind !== 'unknown') recv.elem = args[0];
      return UNKNOWN;
    }
    if (recv.kind === 'dict') {
      this.evalArgs([...pos, ...kw.values()], frame, loops);
      if (name === 'get') return (pos[0] && stringValue(pos[0]) !== undefined ? recv.entries.get(stringValue(pos[0])!) : undefined) ?? UNKNOWN;
      if (name === 'items' || name === 'values' || name === 'keys') return { kind: 'list', size: this.sizeOf(recv) };
      if (name === 'setdefault') this.growDict(recv, loops);
      return UNKNOWN;
    }
    if (recv.kind === 'unknown' && ORM_ALWAYS.has(name)) return this.ormCall({ kind: 'model' }, name, n, pos, kw, frame, loops);
    this.evalArgs([...pos, ...kw.values()], frame, loops);
    return UNKNOWN;
  }

  /** A dict filled with computed keys inside loops holds at most one entry per iteration. */
  private growDict(d: Extract<Value, { kind: 'dict' }>, loops: LoopFrame[]): void {
    if (!d.size || !d.loops) return;
    const extra = loops.slice(commonDepth(d.loops, loops));
    if (!extra.length) { d.size = add(d.size, constant(1)); return; }
    // Assignments at several places in the same loops overlap: keep the larger bound only once.
    const grown = multOf(extra);
    d.size = d.size.terms.length && evaluateGrowth(d.size, grown) ? d.size : add(d.size, grown);
  }

  private builtin(name: string, n: Node, pos: Node[], kw: Map<string, Node>, frame: Frame, loops: LoopFrame[]): Value {
    const args = this.evalArgs([...pos], frame, loops);
    for (const v of kw.values()) this.expr(v, frame, loops);
    const a0 = args[0] ?? UNKNOWN;
    switch (name) {
      case 'len': return { kind: 'int', size: this.sizeOf(a0) };
      case 'range': {
        // range(1, 23): a literal range has a known count (22), not N.
        const lits = args.map((v) => (v.kind === 'int' && !v.size ? v.literal : undefined));
        if (args.length >= 2 && lits.every((x) => x !== undefined)) {
          const [start, stop, step = 1] = lits as number[];
          const count = step > 0 ? Math.max(0, Math.ceil((stop - start) / step)) : 0;
          return { kind: 'list', size: constant(count), elem: { kind: 'int' } };
        }
        const last = args.length >= 2 ? args[1] : a0;
        const size = last.kind === 'int' ? (last.size ?? (last.literal !== undefined ? constant(last.literal) : linear(1))) : linear(1);
        return { kind: 'list', size, elem: { kind: 'int' } };
      }
      case 'enumerate': return { kind: 'list', size: this.sizeOf(a0), elem: { kind: 'tuple', items: [{ kind: 'int' }, this.elemOf(a0)] } };
      case 'zip': return { kind: 'list', size: this.sizeOf(a0), elem: { kind: 'tuple', items: args.map((a) => this.elemOf(a)) } };
      case 'dict': return { kind: 'dict', entries: new Map(), node: n };
      default:
        if (BUILTIN_SAME.has(name)) return a0.kind === 'unknown' ? UNKNOWN : a0;
        return UNKNOWN;
    }
  }

  // ---------------------------------------------------------------- ORM calls

  private ormCall(recv: Extract<Value, { kind: 'records' | 'model' }>, name: string, n: Node, pos: Node[], kw: Map<string, Node>,
    frame: Frame, loops: LoopFrame[]): Value {
    const model = recv.kind === 'records' ? recv.origin.model : recv.model;
    const once = multOf(loops);
    const records = recv.kind === 'records' ? recv : undefined;
    const argNodes = (i: number, k: string): Node | undefined => kw.get(k) ?? pos[i];

    if (PASSTHROUGH.has(name)) {
      this.evalArgs([...pos, ...kw.values()], frame, loops);
      return recv;
    }
    switch (name) {
      case 'search':
      case 'search_fetch':
      case 'search_read':
      case 'search_count': {
        this.evalArgs([...pos, ...kw.values()], frame, loops);
        const domain = argNodes(0, 'domain');
        const dom = this.domainInfo(domain, frame, model);
        const order = stringValue(kw.get('order')) ?? (model ? this.facts?.order(model) : undefined);
        const fields = new Set(dom.fields);
        for (const f of orderFields(order)) fields.add(f);
        this.flushPoint(n, frame, loops, model, fields);
        this.charge(n, frame, 'search', once, `${name}: 1 query per call`, constant(1), model);
        if (name === 'search_count') return { kind: 'int' };
        let size = dom.size;
        const limit = kw.get('limit') ?? (name === 'search' ? pos[2] : undefined);
        const lim = limit?.type === 'integer' ? Number(limit.text) : undefined;
        if (lim !== undefined) size = constant(lim);
        if (name === 'search_read') return { kind: 'list', size, elem: { kind: 'dict', entries: new Map() } };
        const o = this.newOrigin(model, size, loops, `${model ?? 'model'}.${name}`);
        if (name === 'search_fetch') for (const f of stringList(argNodes(1, 'field_names')) ?? []) o.fetched.add(f);
        return { kind: 'records', origin: o, count: size };
      }
      case '_read_group':
      case 'read_group': {
        this.evalArgs([...pos, ...kw.values()], frame, loops);
        const dom = this.domainInfo(argNodes(0, 'domain'), frame, model);
        const groupby = stringList(name === '_read_group' ? argNodes(1, 'groupby') : argNodes(2, 'groupby')) ?? [];
        const aggs = stringList(name === '_read_group' ? argNodes(2, 'aggregates') : argNodes(1, 'fields')) ?? [];
        const fields = new Set(dom.fields);
        for (const g of [...groupby, ...aggs]) fields.add(g.split(/[:.]/)[0]);
        this.flushPoint(n, frame, loops, model, fields);
        const first = groupby[0]?.split(':')[0];
        const gFact = first ? this.field(model, first) : undefined;
        // The public read_group also fetches the display names of many2one groups: 1 more query.
        const extra = name === 'read_group' && gFact?.kind === 'many2one' ? 1 : 0;
        this.charge(n, frame, 'group', scaleF(once, 1 + extra), `${name}: ${1 + extra} quer${extra ? 'ies' : 'y'} per call`, constant(1 + extra), model);
        if (name === 'read_group') return { kind: 'list', size: linear(1), elem: { kind: 'dict', entries: new Map() } };
        const items: Value[] = groupby.map((g) => {
          const f = this.field(model, g.split(':')[0]);
          if (f?.kind === 'many2one') return { kind: 'records', origin: this.newOrigin(f.comodel, linear(1), loops, `${name} groups`), count: constant(1) };
          return UNKNOWN;
        });
        for (let i = 0; i < aggs.length; i++) items.push(UNKNOWN);
        return { kind: 'list', size: linear(1), elem: { kind: 'tuple', items } };
      }
      case 'browse': {
        const args = this.evalArgs(pos, frame, loops);
        const a = args[0] ?? UNKNOWN;
        let size: Formula;
        if (a.kind === 'ids' || a.kind === 'list') size = a.size;
        else if (a.kind === 'records') return { kind: 'records', origin: a.origin, count: a.count };
        else if (a.kind === 'id' || a.kind === 'int') size = constant(1);
        else size = pos[0] && /ids$/.test(pos[0].text) ? linear(1) : constant(1);
        // A new prefetch set: browse(id) in a loop reads one record per query.
        const o = this.newOrigin(model, size, loops, `${model ?? 'model'}.browse`);
        return { kind: 'records', origin: o, count: size };
      }
      case 'exists':
        this.charge(n, frame, 'exists', once, 'exists(): 1 query per call', constant(1), model);
        return recv;
      case 'read': {
        this.evalArgs([...pos, ...kw.values()], frame, loops);
        if (!records) return UNKNOWN;
        const names = stringList(argNodes(0, 'fields'));
        const list = names ?? ['*'];
        for (const f of list) {
          if (f === 'id') continue;
          if (f === '*') { this.readField(records, firstColumnName(), n, frame, loops); continue; }
          this.readField(records, f, n, frame, loops);
        }
        return { kind: 'list', size: records.count, elem: { kind: 'dict', entries: new Map() } };
      }
      case 'mapped':
      case 'filtered':
      case 'sorted':
      case 'filtered_domain':
      case 'grouped': {
        if (!records) return recv;
        const arg = pos[0] ?? kw.get('key') ?? kw.get('func');
        if (arg?.type === 'lambda') this.lambdaOver(arg, records, frame, loops);
        else if (name === 'filtered_domain') {
          if (arg) this.expr(arg, frame, loops);
          for (const f of this.domainInfo(arg, frame, records.origin.model).fields) this.readField(records, f, n, frame, loops);
        } else {
          const path = arg ? stringValue(arg) : undefined;
          if (arg && path === undefined) this.expr(arg, frame, loops);
          if (path) {
            let cur: Value = records;
            for (const part of path.split('.')) {
              if (cur.kind !== 'records') { cur = UNKNOWN; break; }
              cur = this.readField(cur, part, n, frame, loops);
            }
            if (name === 'mapped') return cur.kind === 'records' ? cur : { kind: 'list', size: records.count };
          } else if (name === 'sorted' && !arg) this.readField(records, firstColumnName(), n, frame, loops);
        }
        if (name === 'mapped') return { kind: 'list', size: records.count };
        return records;
      }
      case 'write': {
        const args = this.evalArgs(pos, frame, loops);
        if (!records) return UNKNOWN;
        const vals = args[0];
        const fields = vals?.kind === 'dict' && vals.node ? new Set(vals.entries.keys()) : new Set(['*']);
        this.write(records, fields, n, frame, loops, `${model ?? 'records'}.write()`);
        return UNKNOWN;
      }
      case 'create':
      case 'copy': {
        const args = this.evalArgs(pos, frame, loops);
        return this.create(model, name === 'copy' ? { kind: 'dict', entries: new Map() } : args[0] ?? UNKNOWN, pos[0], n, frame, loops);
      }
      case 'unlink':
        this.charge(n, frame, 'delete', scaleF(once, this.opts.unlinkQueries),
          `unlink(): ${this.opts.unlinkQueries} queries per call (reads links to clean, then DELETE)`, constant(this.opts.unlinkQueries), model);
        return UNKNOWN;
      case 'flush_model':
      case 'flush_recordset': {
        this.evalArgs(pos, frame, loops);
        const names = stringList(pos[0]);
        this.flushPoint(n, frame, loops, model, names ? new Set(names) : undefined);
        return UNKNOWN;
      }
      case 'invalidate_model':
      case 'invalidate_recordset': {
        this.evalArgs(pos, frame, loops);
        this.invalidate(n, frame, loops, model);
        return UNKNOWN;
      }
      default:
        break;
    }
    // A method of the model in the workspace: follow it.
    const m = this.method(model, name);
    const args = this.evalArgs(pos, frame, loops);
    const kwargs = new Map<string, Value>();
    for (const [k, v] of kw) kwargs.set(k, this.expr(v, frame, loops));
    if (m) return this.runMethod(m.node, recv, args, kwargs, n, frame, loops, { computeMode: false });
    return UNKNOWN;
  }

  private lambdaOver(lambda: Node, records: Extract<Value, { kind: 'records' }>, frame: Frame, loops: LoopFrame[]): void {
    const params = lambda.childForFieldName('parameters');
    const body = lambda.childForFieldName('body');
    const p = params?.namedChild(0);
    const loop: LoopFrame = { id: this.nextId++, node: lambda, size: records.count };
    const inner = [...loops, loop];
    const saved = p?.type === 'identifier' ? frame.vars.get(p.text) : undefined;
    if (p?.type === 'identifier') frame.vars.set(p.text, { kind: 'records', origin: records.origin, count: constant(1) });
    if (body) this.expr(body, frame, inner);
    this.endLoop(loop);
    if (p?.type === 'identifier') {
      if (saved) frame.vars.set(p.text, saved);
      else frame.vars.delete(p.text);
    }
  }

  private invalidate(n: Node, frame: Frame, loops: LoopFrame[], model: string | undefined): void {
    // invalidate_*() flushes first (flush=True by default), then forgets cached values.
    this.flushPoint(n, frame, loops, model, undefined);
    for (const o of this.origins) {
      if (model && o.model !== model) continue;
      if (o.isNew) continue;
      o.fetched.clear();
      o.refetchLoops = loops;
    }
  }

  // ---------------------------------------------------------------- writes, creates, recomputes

  private write(v: Extract<Value, { kind: 'records' }>, fields: Set<string>, site: Node, frame: Frame, loops: LoopFrame[], label: string): void {
    const o = v.origin;
    const stored = [...fields].filter((f) => f === '*' || (this.field(o.model, f)?.stored ?? true));
    if (!stored.length) return;
    if (frame.computeMode) {
      // Compute methods assign through the cache; the recompute's pending entry writes them.
      for (const f of stored) o.fetched.add(f);
      return;
    }
    this.addPending({ model: o.model, originId: o.id, fields: new Set(stored), perExec: v.count, loops, site: frame.site ?? site, note: label });
    for (const f of stored) if (f !== '*') o.fetched.add(f);
    this.triggerComputes(o, new Set(stored), v.count, loops, site, frame, 0);
  }

  /** Stored computes whose @api.depends reach a written field: recomputed and written at the next flush. */
  private triggerComputes(o: Origin, fields: Set<string>, rows: Formula, loops: LoopFrame[], site: Node, frame: Frame, depth: number): void {
    if (!this.facts || !o.model || depth > 3) return;
    for (const c of this.facts.storedComputes()) {
      const target = this.dependencyTarget(c, o, fields, site, frame);
      if (!target) continue;
      const key = `${target.origin.id}|${c.model}|${c.name}|${loops.map((l) => l.id).join('.')}`;
      if (this.recomputed.has(key)) continue;
      this.recomputed.add(key);
      const targetRows = target.sameRecords ? rows : mul(rows, constant(1 / this.opts.recordsPerParent));
      this.addPending({
        model: c.model, originId: target.origin.id, fields: new Set([c.name]), perExec: targetRows, loops,
        site: frame.site ?? site, note: `recompute of ${c.model}.${c.name}`,
      });
      const m = this.method(c.model, c.compute!);
      if (m) {
        const preCached = new Map<string, Set<string>>(frame.preCached ?? []);
        preCached.set(o.model, new Set([...(preCached.get(o.model) ?? []), ...fields]));
        this.runMethod(m.node, { kind: 'records', origin: target.origin, count: target.origin.size }, [], new Map(), site, frame,
          target.origin.loops, { computeMode: true, preCached });
      }
      target.origin.fetched.add(c.name);
      this.triggerComputes(target.origin, new Set([c.name]), targetRows, loops, site, frame, depth + 1);
    }
  }

  private dependencyTarget(c: FieldFact, o: Origin, fields: Set<string>, site: Node, frame: Frame): { origin: Origin; sameRecords: boolean } | undefined {
    for (const dep of c.depends ?? []) {
      const path = dep.split('.');
      const last = path[path.length - 1];
      if (!fields.has(last) && !fields.has('*')) continue;
      if (path.length === 1) {
        if (c.model === o.model) return { origin: o, sameRecords: true };
        continue;
      }
      if (path.length !== 2) continue;
      // `line_ids.subtotal` on the parent: the parents of the written lines, via the inverse many2one.
      const rel = this.facts?.field(c.model, path[0]);
      if (rel?.kind !== 'x2many' || rel.comodel !== o.model) continue;
      if (rel.inverseName) {
        const back = o.derived.get(rel.inverseName);
        if (back) return { origin: back, sameRecords: false };
        // Finding the parents reads the inverse column of the written records.
        const invFact = this.field(o.model, rel.inverseName);
        if (invFact && !o.isNew && !o.fetched.has('*') && !o.fetched.has(rel.inverseName)) {
          this.charge(site, frame, 'read', this.prefetchCost(o, o.loops), `reads ${o.model}.${rel.inverseName} to find records to recompute`, undefined, o.model);
          o.fetched.add('*');
        }
        const parents = this.newOrigin(c.model, mul(o.size, constant(1 / this.opts.recordsPerParent)), o.loops, `${o.label}.${rel.inverseName}`);
        o.derived.set(rel.inverseName, parents);
        return { origin: parents, sameRecords: false };
      }
      return { origin: this.newOrigin(c.model, o.size, o.loops, `${c.model} to recompute`), sameRecords: false };
    }
    return undefined;
  }

  private create(model: string | undefined, arg: Value, argNode: Node | undefined, n: Node, frame: Frame, loops: LoopFrame[]): Value {
    let count: Formula;
    let sample: Value | undefined;
    if (arg.kind === 'dict') { count = constant(1); sample = arg; }
    else if (arg.kind === 'list') { count = arg.size; sample = arg.elem; }
    else if (argNode && /(^vals_list$|_list$|s$)/.test(argNode.text) && argNode.text !== 'vals') count = linear(1);
    else count = constant(1);
    const once = multOf(loops);
    this.charge(n, frame, 'insert', mul(once, ceilDiv(count, this.opts.insertBatch)),
      `create(): 1 INSERT per ${this.opts.insertBatch} records per call`, ceilDiv(count, this.opts.insertBatch), model, count);
    const o = this.newOrigin(model, count, loops, `${model ?? 'model'}.create`, true);
    this.newRecordComputes(o, count, loops, n, frame);
    if (sample?.kind === 'dict' && model) this.parentComputes(model, sample, loops, n, frame);
    // x2many commands in the values create the children in one batch per call.
    if (sample?.kind === 'dict' && model) {
      for (const [key, v] of sample.entries) {
        const f = this.field(model, key);
        if (f?.kind !== 'x2many' || !f.comodel) continue;
        const perRecord = v.kind === 'list' ? v.size : this.fanout;
        const children = mul(count, perRecord);
        if (isConstant(children) && children.terms.length === 0) continue;
        this.charge(n, frame, 'insert', mul(once, ceilDiv(children, this.opts.insertBatch)),
          `create(): INSERT of ${f.comodel} from ${key} commands`, ceilDiv(children, this.opts.insertBatch), f.comodel, children);
        const co = this.newOrigin(f.comodel, children, loops, `${o.label}.${key}`, true);
        o.derived.set(key, co);
        this.newRecordComputes(co, children, loops, n, frame);
      }
    }
    return { kind: 'records', origin: o, count };
  }

  /** New records get every stored compute of their model computed and written at the next flush. */
  private newRecordComputes(o: Origin, count: Formula, loops: LoopFrame[], site: Node, frame: Frame): void {
    const computes = (this.facts?.storedComputes() ?? []).filter((c) => c.model === o.model);
    if (!computes.length) return;
    this.addPending({
      model: o.model, originId: o.id, fields: new Set(computes.map((c) => c.name)), perExec: count, loops,
      site: frame.site ?? site, note: `stored computes of new ${o.model} records`,
    });
  }

  /**
   * New records linked to existing parents (`Line.create({'order_id': rec.id})`) change the parents'
   * one2many: stored computes of the parent model depending on it (`line_ids.subtotal`) are
   * recomputed at the flush for every parent touched — one batch over the parents (the ORM groups
   * records to recompute), then 1 UPDATE per flushBatch parents. Parents created in the same method
   * are skipped: their computes are already pending (newRecordComputes).
   */
  private parentComputes(model: string, vals: Extract<Value, { kind: 'dict' }>, loops: LoopFrame[], site: Node, frame: Frame): void {
    if (!this.facts) return;
    for (const [key, v] of vals.entries) {
      const m2o = this.field(model, key);
      if (m2o?.kind !== 'many2one' || !m2o.comodel) continue;
      const computes = this.facts.storedComputes().filter((c) => c.model === m2o.comodel && (c.depends ?? []).some((dep) => {
        const [head, ...rest] = dep.split('.');
        if (!rest.length) return false;
        const rel = this.facts!.field(m2o.comodel!, head);
        return rel?.kind === 'x2many' && rel.comodel === model && rel.inverseName === key;
      }));
      if (!computes.length) continue;
      const known = (v.kind === 'id' || v.kind === 'records') ? v.origin : undefined;
      if (known?.isNew) continue;
      // An unknown parent per call: the parents touched by every run, recomputed together.
      const parents = known && known.model === m2o.comodel ? known : this.newOrigin(m2o.comodel, multOf(loops), [], `${model}.${key}`);
      for (const c of computes) {
        const key2 = `${parents.id}|${c.model}|${c.name}|${loops.map((l) => l.id).join('.')}`;
        if (this.recomputed.has(key2)) continue;
        this.recomputed.add(key2);
        // One parent per create call (a vals dict names one parent).
        this.addPending({
          model: c.model, originId: parents.id, fields: new Set([c.name]), perExec: constant(1), loops,
          site: frame.site ?? site, note: `recompute of ${c.model}.${c.name} (new ${model} records)`,
        });
        const m = this.method(c.model, c.compute!);
        if (m) {
          this.runMethod(m.node, { kind: 'records', origin: parents, count: parents.size }, [], new Map(), site, frame,
            parents.loops, { computeMode: true });
        }
        parents.fetched.add(c.name);
        this.triggerComputes(parents, new Set([c.name]), constant(1), loops, site, frame, 1);
      }
    }
  }

  // ---------------------------------------------------------------- following methods

  private runMethod(fn: Node, self: Value, args: Value[], kwargs: Map<string, Value>, site: Node, caller: Frame, loops: LoopFrame[],
    mode: { computeMode: boolean; preCached?: Map<string, Set<string>> }): Value {
    if (caller.stack.includes(fn.id)) return UNKNOWN;
    // Compute methods run by the ORM are part of the read/write that triggers them: not a call level.
    if (!mode.computeMode && caller.depth >= this.opts.maxCallDepth) return UNKNOWN;
    const frame: Frame = {
      vars: new Map(),
      model: self.kind === 'records' ? self.origin.model : self.kind === 'model' ? self.model : caller.model,
      depth: caller.depth + (mode.computeMode ? 0 : 1),
      site: caller.site ?? site,
      computeMode: mode.computeMode,
      preCached: mode.preCached ?? caller.preCached,
      stack: [...caller.stack, fn.id],
    };
    this.bindParams(fn, frame, self, args, kwargs);
    const body = fn.childForFieldName('body');
    if (body) this.block(body, frame, loops);
    return frame.returned ?? UNKNOWN;
  }

  // ---------------------------------------------------------------- domains

  /** Fields a domain reads (for flushes) and how many records it returns. */
  private domainInfo(node: Node | undefined, frame: Frame, model: string | undefined): { fields: string[]; size: Formula } {
    const leaves: { field: string; op?: string; value?: Node }[] = [];
    const collect = (d: Node | undefined, depth: number) => {
      if (!d || depth > 4) return;
      const n = unparen(d);
      const type = n.type;
      if (type === 'identifier') {
        const v = frame.vars.get(n.text);
        if (v?.kind === 'list' && v.node) collect(v.node, depth + 1);
        return;
      }
      if (type === 'binary_operator') {
        collect(n.childForFieldName('left') ?? undefined, depth + 1);
        collect(n.childForFieldName('right') ?? undefined, depth + 1);
        return;
      }
      if (type !== 'list') return;
      for (const el of n.namedChildren) {
        const leaf = el ? unparen(el) : undefined;
        const leafType = leaf?.type;
        if (!leaf || (leafType !== 'tuple' && leafType !== 'list') || leaf.namedChildCount !== 3) continue;
        const path = stringValue(leaf.namedChild(0));
        if (!path) continue;
        leaves.push({ field: path, op: stringValue(leaf.namedChild(1)), value: leaf.namedChild(2) ?? undefined });
      }
    };
    collect(node, 0);
    const fields = leaves.map((l) => l.field.split('.')[0]);
    let size: Formula | undefined;
    for (const l of leaves) {
      const f = l.field;
      const valueSize = (): Formula | undefined => {
        if (!l.value) return undefined;
        const v = this.peek(l.value, frame);
        if (v.kind === 'ids' || v.kind === 'list') return v.size;
        if (v.kind === 'records') return v.count;
        if (l.value.type === 'list' || l.value.type === 'tuple') return constant(l.value.namedChildCount);
        return undefined;
      };
      if (f === 'id') {
        if (l.op === '=') { size = constant(1); break; }
        if (l.op === 'in') { size = valueSize() ?? size; if (size) break; }
        continue;
      }
      const fact = f.includes('.') ? undefined : this.field(model, f);
      if (fact?.kind === 'many2one') {
        // Children of one parent (`order_id = rec.id`) or of a set of parents.
        if (l.op === '=' || l.op === 'child_of') { size = this.fanout; break; }
        if (l.op === 'in') {
          const s = valueSize();
          if (s) { size = mul(s, this.fanout); break; }
        }
      }
    }
    return { fields, size: size ?? linear(1) };
  }

  /** The value of an expression without charging it again (domain values were evaluated with the call). */
  private peek(node: Node, frame: Frame): Value {
    const n = unparen(node);
    if (n.type === 'identifier') return frame.vars.get(n.text) ?? UNKNOWN;
    if (n.type === 'attribute') {
      const obj = n.childForFieldName('object');
      const name = n.childForFieldName('attribute')?.text;
      const ov = obj ? this.peek(obj, frame) : UNKNOWN;
      if (ov.kind === 'records' && name === 'ids') return { kind: 'ids', size: ov.count, origin: ov.origin };
      if (ov.kind === 'records' && name === 'id') return { kind: 'id' };
    }
    return UNKNOWN;
  }
}

/** True when `size` already grows at least like `grown` (same loops filled it before). */
function evaluateGrowth(size: Formula, grown: Formula): boolean {
  const probe = 1000;
  return evaluate(size, probe) >= evaluate(grown, probe);
}

function scaleF(f: Formula, k: number): Formula {
  return mul(f, constant(k));
}

function orderFields(order: string | undefined): string[] {
  if (!order) return [];
  return order.split(',').map((p) => p.trim().split(/\s+/)[0]).filter((x) => x && x !== 'id');
}

/** Any stored column: reading one fetches all of them. */
function firstColumnName(): string {
  return 'name';
}

export { ZERO };
