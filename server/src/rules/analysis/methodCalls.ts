// Per-iteration calls one level down, shared by OP101/OP103/OP104: inside a loop, a call
// `rec.method()` / `self.method()` to a method of the SAME model (this class, or any workspace
// class that extends the same model) whose body makes a query, a create(vals) or an unlink()
// outside any loop of its own. Each iteration then pays that ORM call: the classic per-record N+1
// is a helper doing `self.ensure_one()` and a search, called from `for rec in self:`.
//
// Only one level deep, and only where the callee's body is known: the current file's tree for
// same-file methods (fresh while editing), FunctionFact.ormCalls for other files. Calls the callee
// makes inside its own loop are that method's own OP101/OP103/OP104 findings, not repeated here.
import type { Node, Tree } from '../../parse/parser';
import { functionsNamedIn, type FunctionFact, type FunctionSyntax, type OrmCallFact } from '../../odoo/functions';
import { nodesOfType } from '../../odoo/treeMemo';
import type { WorkspaceModel } from '../../odoo/workspace';
import { analysisFor, type FileAnalysis } from './index';
import { followedTree } from '../../cost/sites';
import { classModelName, modelsFor } from './models';
import { isModelClass } from './orm';
import { isolatedPerIteration, loopSite, type LoopSite } from './perIteration';
import { callerAddons, modelOfReceiver, type CallerAddons } from './crossModel';
import { calleeName, callReceiver, enclosingClass, enclosingFunction, shortText, unparen } from './syntax';

export interface ChainedCall {
  /** The call in the loop (`rec._compute_x()`). */
  call: Node;
  site: LoopSite;
  /** The method called, as found (same file or another file of the workspace). */
  callee: FunctionFact;
  /** The ORM calls of its body that each run of the method pays. */
  inner: OrmCallFact[];
  /** Set when the callee is a method of another model, reached through a receiver whose model
   * the workspace knows (`line.tax_ids.compute()`, `self.env['x.y'].helper()`): that model. */
  via?: string;
}

// BaseModel's own API: batch-aware or handled by the direct rules (a workspace override of
// write/create/copy is not a "helper called per record").
const ORM_API = new Set([
  'create', 'write', 'unlink', 'copy', 'read', 'browse', 'exists', 'search', 'search_count', 'search_read',
  'search_fetch', 'read_group', '_read_group', 'name_search', 'name_get', 'name_create', 'default_get', 'fields_get',
  'mapped', 'filtered', 'filtered_domain', 'sorted', 'grouped', 'ensure_one', 'sudo', 'with_context', 'with_user',
  'with_company', 'with_env', 'with_prefetch', 'with_delay', 'delayable', 'flush', 'flush_model', 'flush_recordset',
  'invalidate_cache', 'invalidate_model', 'invalidate_recordset', 'modified', 'update', 'get', 'ids', 'new',
  'check_access_rights', 'check_access_rule', 'check_access', 'has_group', 'user_has_groups', 'message_post',
  'toggle_active', 'action_archive', 'action_unarchive', 'get_metadata', 'export_data', 'load',
]);

const byTree = new WeakMap<Tree, Map<WorkspaceModel | undefined, ChainedCall[]>>();

/** Every chained per-iteration call of the file (computed once per tree and workspace). */
export function chainedCalls(tree: Tree, file: string, a: FileAnalysis, workspace: WorkspaceModel | undefined): ChainedCall[] {
  let perWs = byTree.get(tree);
  if (!perWs) byTree.set(tree, (perWs = new Map()));
  let hits = perWs.get(workspace);
  if (!hits) perWs.set(workspace, (hits = compute(tree, file, a, workspace)));
  return hits;
}

function compute(tree: Tree, file: string, a: FileAnalysis, workspace: WorkspaceModel | undefined): ChainedCall[] {
  const out: ChainedCall[] = [];
  let deps: CallerAddons | undefined;
  // By called name (the shared call index), cheapest filter first: is there a method of that name
  // with a costly body at all? Most names have none, and their calls are never looked at.
  for (const name of a.calledNames()) {
    if (ORM_API.has(name)) continue;
    const candidates = [
      ...functionsNamedIn(tree, file, name).map((f) => f.fact),
      ...(workspace?.functionsNamed(name) ?? []).filter((f) => f.file !== file),
    ].filter((f) => f.model && !f.cached && f.ormCalls?.length);
    if (!candidates.length) continue;
    for (const call of a.callsNamed(name)) {
      const recv = callReceiver(call);
      if (!recv) continue;
      const model = receiverRoot(recv) ? callerModel(call) : undefined;
      let callee: FunctionFact | undefined;
      let via: string | undefined;
      if (model && modelsFor(a, workspace).modelOf(recv) === model) {
        callee = candidates.find((f) => f.model === model);
      } else {
        // Another model's method (crossModel.ts): only when the receiver's model is certain.
        via = modelOfReceiver(a, workspace, recv);
        callee = via ? (deps ??= callerAddons(workspace, file)).pick(candidates, via) : undefined;
      }
      if (!callee || enclosingFunction(call) === undefined) continue;
      const site = loopSite(a, call);
      if (!site || isolatedPerIteration(call, site.loop)) continue;
      out.push({ call, site, callee, inner: callee.ormCalls!, ...(via ? { via } : {}) });
    }
  }
  // Back to source order (the order of one walk over the calls), as the findings were before.
  if (out.length > 1) {
    const rank = new Map<Node, number>();
    nodesOfType<Node>(tree, 'call').forEach((c, i) => rank.set(c, i));
    out.sort((x, y) => rank.get(x.call)! - rank.get(y.call)!);
  }
  return out;
}

/** `rec`, `self`, `rec.sudo()`, `self.with_context(x=1)`: the name the chain starts from. */
function receiverRoot(recv: Node): Node | undefined {
  let n = unparen(recv);
  while (n.type === 'call') {
    const r = callReceiver(n);
    if (!r) return undefined;
    n = unparen(r);
  }
  return n.type === 'identifier' ? n : undefined;
}

/** The model of the class whose method holds the call. */
function callerModel(call: Node): string | undefined {
  const cls = enclosingClass(call);
  return cls && isModelClass(cls) ? classModelName(cls) : undefined;
}

/** `rec._compute_x()` for messages. */
export function callLabel(c: ChainedCall): string {
  const recv = callReceiver(c.call);
  return `${recv ? `${shortText(recv, 28)}.` : ''}${calleeName(c.call)}()`;
}

/** Receiver of an inner ORM call, on one line and short (`self.env["x.y"]`). */
export function innerReceiver(i: OrmCallFact): string {
  const t = i.receiver.replace(/\s+/g, '');
  return t.length > 30 ? `${t.slice(0, 29)}…` : t;
}

/** Related information: where the callee pays each ORM call. */
export function innerRelated(c: ChainedCall, inner: OrmCallFact[]): { file: string; range: OrmCallFact['range']; message: string }[] {
  const owner = c.callee.className ? `${c.callee.className}.${c.callee.name}` : c.callee.name;
  return inner.map((i) => ({ file: c.callee.file, range: i.range, message: `${i.name}() in ${owner}(), run on every call` }));
}

/**
 * The syntax of one inner ORM call of a same-file callee: the call node and the method's
 * definition, so a rule can look at the code around it (a get-or-create guard). Undefined when
 * the callee lives in another file (only its facts are known), except for another model's method
 * (`via`): its file is read from disk, and `analysis` is that file's (a get-or-create helper of
 * another model, `Author._get_or_create(name)`, is the common cross-model shape).
 */
export function innerCallNode(tree: Tree, file: string, a: FileAnalysis, c: ChainedCall, i: OrmCallFact): { call: Node; method: Node; analysis?: FileAnalysis } | undefined {
  if (c.callee.file !== file) return c.via ? otherFileCallNode(c, i) : undefined;
  const method = functionsNamedIn(tree, file, c.callee.name).find((f) => f.fact === c.callee)?.node;
  if (!method) return undefined;
  const { line, character } = i.range.start;
  const call = a.callsNamed(i.name).find((n) => n.startPosition.row === line && n.startPosition.column === character);
  return call ? { call, method } : undefined;
}

/**
 * The syntax of a function of another file, found by its fact (name and range) in that file's
 * followed tree. The tree lives in a small cache that frees evicted trees: use the result before
 * the next followedFunction/followedTree call.
 */
export function followedFunction(fact: Pick<FunctionFact, 'file' | 'name' | 'range'>): FunctionSyntax | undefined {
  const t = followedTree(fact.file);
  return t ? functionsNamedIn(t, fact.file, fact.name).find((f) => sameRange(f.fact.range, fact.range)) : undefined;
}

function otherFileCallNode(c: ChainedCall, i: OrmCallFact): { call: Node; method: Node; analysis: FileAnalysis } | undefined {
  const method = followedFunction(c.callee)?.node;
  if (!method) return undefined;
  const analysis = analysisFor(method.tree);
  const { line, character } = i.range.start;
  const call = analysis.callsNamed(i.name).find((n) => n.startPosition.row === line && n.startPosition.column === character);
  return call ? { call, method, analysis } : undefined;
}

function sameRange(x: OrmCallFact['range'], y: OrmCallFact['range']): boolean {
  return x.start.line === y.start.line && x.start.character === y.start.character && x.end.line === y.end.line && x.end.character === y.end.character;
}
