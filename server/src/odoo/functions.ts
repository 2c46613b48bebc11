// Compact per-function facts the workspace keeps for cross-file rules. OP301 follows calls from an
// http route into workspace methods and helpers until it meets outbound HTTP; the workspace model
// calls extractFunctions() for every indexed Python file and serves functionsNamed(name).
//
// Also home of the syntax helpers both OP301 and OP302 need to recognise an HTTP client call
// (import resolution, client objects such as requests.Session / httpx.Client / ServerProxy): they
// live here because the odoo layer may not import from the rules layer.
import type { Node, Tree } from '../parse/parser';
import type { Range } from '../rules/types';
import { lowerBound, nodesOfType, perTree, treeSource } from './treeMemo';

export interface CallFact {
  /** Called name: 'method' for `x.method(...)` / `method(...)`. */
  name: string;
  /** Receiver text as written ('self', 'self.env["x.y"]', 'requests', ...), '' for a bare call. */
  receiver: string;
  /** Model the receiver resolves to when statically known (self's model, env['x.y']). */
  model?: string;
  range: Range;
  /** The receiver is `self` (possibly through sudo()/with_context()/...): resolve in the same class. */
  onSelf?: boolean;
  /** The call goes through `with_delay()`/`delayable()`: it runs later in a queue job, not now. */
  viaQueue?: boolean;
  /** For a bare call or a call on a module: the module the name was imported from, as written
   * (`.utils`, `odoo.addons.x.tools`). Lets the caller resolve `helper()` to the right file. */
  importedFrom?: string;
  /** For outbound HTTP calls: a short label of the callee, e.g. `requests.post`, `session.get`. */
  label?: string;
}

export interface FunctionFact {
  name: string;
  file: string;
  range: Range;
  /** Class holding the function, if any, and the Odoo model that class defines/extends. */
  className?: string;
  model?: string;
  /** Outbound HTTP calls made directly in the body (requests.get, httpx.post, urlopen, ServerProxy). */
  httpCalls: CallFact[];
  calls: CallFact[];
  /** True when the body hands work to queue_job (`.with_delay(`). */
  delegatesToQueue: boolean;
  /** ORM calls that cost queries every time the function runs: search family, create(vals) and
   * unlink() on a recordset/model, made directly in the body and not inside a loop or lambda of
   * the function (those are per-iteration findings of their own). Lets OP101/OP103/OP104 follow a
   * per-record call one level into a method of another file. Absent on facts built elsewhere. */
  ormCalls?: OrmCallFact[];
  /** Decorated with tools.ormcache*: the body runs once per key, not per call. */
  cached?: boolean;
}

export interface OrmCallFact {
  /** search, search_count, ..., create, unlink. */
  name: string;
  range: Range;
  /** Receiver text as written, for messages (`self.env['x.y']`, `self.line_ids`). */
  receiver: string;
}

// ---------------------------------------------------------------------------------------------
// Small syntax helpers

export function rangeOf(node: Node): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

// Walking a tree node by node from JavaScript costs a wasm round trip per child (namedChildren
// marshals every child): on a 43k-line repository the recursive walks below took ~70% of the lint
// time. descendantsOfType() runs the walk inside wasm and hands back only the matches, so the
// helpers collect candidates with it and drop those inside nested definitions by position.
const NESTED_DEFS = ['function_definition', 'class_definition', 'decorated_definition'];

/** Named descendants of `node` of the given types, in source order, outside nested definitions. */
function descendantsOutsideDefs(node: Node, types: string[]): Node[] {
  const found = node.descendantsOfType(types) as (Node | null)[];
  if (!found.length) return [];
  const nested = (node.descendantsOfType(NESTED_DEFS) as (Node | null)[]).filter((n): n is Node => !!n && n.id !== node.id);
  const out: Node[] = [];
  // Both lists are in source order: one forward pass over the nested definitions' spans.
  let i = 0;
  let end = -1;
  for (const n of found) {
    if (!n || n.id === node.id) continue;
    const start = n.startIndex;
    while (i < nested.length && nested[i].startIndex <= start) {
      end = Math.max(end, nested[i].endIndex);
      i++;
    }
    if (start < end) continue; // inside a nested def/class (or it is one)
    out.push(n);
  }
  return out;
}

/** Calls nodes under `node`, not descending into nested function or class definitions. */
export function callsIn(node: Node, out: Node[] = []): Node[] {
  for (const call of descendantsOutsideDefs(node, ['call'])) out.push(call);
  return out;
}

/** Value of a plain string literal (no interpolation), else undefined. */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (!node || node.type !== 'string') return undefined;
  if (node.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  return node.namedChildren
    .filter((c) => c?.type === 'string_content')
    .map((c) => c!.text)
    .join('');
}

/** Dotted text of an identifier/attribute chain (`a.b.c`), undefined for anything else. */
export function dottedName(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const obj = dottedName(node.childForFieldName('object'));
    const attr = node.childForFieldName('attribute');
    return obj && attr ? `${obj}.${attr.text}` : undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Imports: local name -> fully qualified name ('rq' -> 'requests', 'urlopen' -> 'urllib.request.urlopen')

export type Imports = Map<string, string>;

const importsCache = new WeakMap<object, Map<number, Imports>>();

/** Every import of the file (also those inside functions and try blocks), cached per tree. */
export function collectImports(root: Node): Imports {
  const tree = (root as { tree?: object }).tree;
  const cached = tree ? importsCache.get(tree)?.get(root.id) : undefined;
  if (cached) return cached;
  const map = readImports(root);
  if (tree) {
    let byNode = importsCache.get(tree);
    if (!byNode) importsCache.set(tree, (byNode = new Map()));
    byNode.set(root.id, map);
  }
  return map;
}

function readImports(root: Node): Imports {
  const map: Imports = new Map();
  // Imports inside functions and try blocks are common (optional dependencies): keep them file-wide.
  // An import statement has no import statement inside it, so the wasm-side search finds the same
  // statements, in the same order, as a full walk would.
  const stmts = root.type === 'import_statement' || root.type === 'import_from_statement'
    ? [root]
    : root.id === root.tree.rootNode.id
      ? nodesOfType<Node>(root.tree, ['import_statement', 'import_from_statement'])
      : (root.descendantsOfType(['import_statement', 'import_from_statement']) as (Node | null)[]);
  for (const node of stmts) {
    if (!node) continue;
    if (node.type === 'import_statement') {
      for (const name of node.childrenForFieldName('name')) {
        if (!name) continue;
        if (name.type === 'aliased_import') {
          const full = name.childForFieldName('name')?.text;
          const alias = name.childForFieldName('alias')?.text;
          if (full && alias) map.set(alias, full);
        } else {
          // `import urllib.request` binds `urllib`; usages are written out in full.
          const head = name.text.split('.')[0];
          map.set(head, head);
        }
      }
      continue;
    }
    const mod = node.childForFieldName('module_name')?.text ?? '';
    for (const name of node.childrenForFieldName('name')) {
      if (!name) continue;
      if (name.type === 'aliased_import') {
        const orig = name.childForFieldName('name')?.text;
        const alias = name.childForFieldName('alias')?.text;
        if (orig && alias) map.set(alias, joinModule(mod, orig));
      } else {
        map.set(name.text, joinModule(mod, name.text));
      }
    }
  }
  return map;
}

/** `from . import x` -> '.x', `from .a import x` -> '.a.x'. */
function joinModule(mod: string, name: string): string {
  return mod.endsWith('.') ? mod + name : `${mod}.${name}`;
}

/** Qualified dotted name of an identifier/attribute chain whose head is imported, else undefined. */
export function qualify(node: Node | null | undefined, imports: Imports): string | undefined {
  const text = dottedName(node);
  if (!text) return undefined;
  const [head, ...rest] = text.split('.');
  const q = imports.get(head);
  if (!q) return undefined;
  return [q, ...rest].join('.');
}

// ---------------------------------------------------------------------------------------------
// Outbound HTTP recognition

export type HttpLibrary = 'requests' | 'httpx' | 'urllib' | 'xmlrpc';
export type ClientKind = 'requests-session' | 'httpx-client' | 'xmlrpc-proxy';

export interface HttpCall {
  library: HttpLibrary;
  /** How the call is written, for messages: `requests.post`, `session.get`, `proxy.execute_kw`. */
  label: string;
  /** Verb called (get, post, request, urlopen, execute_kw, ...). */
  method: string;
  /** Made on a client object (Session/Client/ServerProxy) rather than a module function. */
  onClient: boolean;
}

export const REQUEST_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request']);
// Session.send(prepared) and httpx's stream() perform I/O too.
const CLIENT_VERBS = new Set([...REQUEST_VERBS, 'send', 'stream']);

const MODULE_FUNCTIONS: Record<string, HttpLibrary> = {
  'urllib.request.urlopen': 'urllib',
  'urllib.request.urlretrieve': 'urllib',
  'urllib2.urlopen': 'urllib',
};
for (const v of REQUEST_VERBS) {
  MODULE_FUNCTIONS[`requests.${v}`] = 'requests';
  MODULE_FUNCTIONS[`requests.api.${v}`] = 'requests';
  MODULE_FUNCTIONS[`httpx.${v}`] = 'httpx';
}
MODULE_FUNCTIONS['httpx.stream'] = 'httpx';

// Constructing a client opens no connection; the calls made on it do.
const CLIENT_CONSTRUCTORS: Record<string, ClientKind> = {
  'requests.Session': 'requests-session',
  'requests.session': 'requests-session',
  'requests.sessions.Session': 'requests-session',
  'httpx.Client': 'httpx-client',
  'xmlrpc.client.ServerProxy': 'xmlrpc-proxy',
  'xmlrpclib.ServerProxy': 'xmlrpc-proxy',
  'xmlrpc.client.Server': 'xmlrpc-proxy',
};

export function clientKindOfConstructor(call: Node, imports: Imports): ClientKind | undefined {
  if (call.type !== 'call') return undefined;
  const q = qualify(call.childForFieldName('function'), imports);
  return q ? CLIENT_CONSTRUCTORS[q] : undefined;
}

/** Local names bound to HTTP client objects in a scope: `s = requests.Session()`, `with httpx.Client() as c`. */
export function clientBindings(scope: Node, imports: Imports): Map<string, ClientKind> {
  const out = new Map<string, ClientKind>();
  // Without an import of an HTTP client library no constructor can resolve: skip the search.
  if (!importsHttpLibrary(imports)) return out;
  for (const child of descendantsOutsideDefs(scope, ['assignment', 'as_pattern'])) addClientBinding(child, imports, out);
  return out;
}

function addClientBinding(child: Node, imports: Imports, out: Map<string, ClientKind>): void {
  if (child.type === 'assignment') {
    const left = child.childForFieldName('left');
    const right = child.childForFieldName('right');
    if (left?.type === 'identifier' && right) {
      const kind = clientKindOfConstructor(right, imports);
      if (kind) out.set(left.text, kind);
    }
  } else {
    const value = child.namedChildren[0];
    const target = child.childForFieldName('alias');
    const name = target?.namedChildren[0] ?? target;
    if (value && name?.type === 'identifier') {
      const kind = clientKindOfConstructor(value, imports);
      if (kind) out.set(name.text, kind);
    }
  }
}

const HTTP_LIBRARY_IMPORT = /^(requests|httpx|urllib|urllib2|xmlrpc|xmlrpclib)\b/;

/** Whether some import can qualify a name into a known HTTP function or client constructor
 * (all of them start with one of these modules). */
export function importsHttpLibrary(imports: Imports): boolean {
  for (const q of imports.values()) if (HTTP_LIBRARY_IMPORT.test(q)) return true;
  return false;
}

const LIBRARY_OF_CLIENT: Record<ClientKind, HttpLibrary> = {
  'requests-session': 'requests',
  'httpx-client': 'httpx',
  'xmlrpc-proxy': 'xmlrpc',
};

/** Client kind of an expression: a bound name, or a constructor call written in place. */
function clientOf(node: Node | null | undefined, imports: Imports, bindings: Map<string, ClientKind>): ClientKind | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return bindings.get(node.text);
  if (node.type === 'call') return clientKindOfConstructor(node, imports);
  if (node.type === 'parenthesized_expression') return clientOf(node.namedChildren[0], imports, bindings);
  return undefined;
}

/** Recognises an outbound HTTP call, or returns undefined. */
export function httpCallOf(call: Node, imports: Imports, bindings: Map<string, ClientKind>): HttpCall | undefined {
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  const q = qualify(fn, imports);
  if (q && MODULE_FUNCTIONS[q]) {
    const method = q.split('.').pop()!;
    return { library: MODULE_FUNCTIONS[q], label: fn.text, method, onClient: false };
  }
  if (fn.type !== 'attribute') return undefined;
  const method = fn.childForFieldName('attribute')?.text ?? '';
  const obj = fn.childForFieldName('object');
  const direct = clientOf(obj, imports, bindings);
  if (direct === 'requests-session' || direct === 'httpx-client') {
    if (!CLIENT_VERBS.has(method)) return undefined;
    return { library: LIBRARY_OF_CLIENT[direct], label: shortLabel(fn), method, onClient: true };
  }
  // Any method called on an XML-RPC proxy is a remote call, also through attributes
  // (`proxy.system.listMethods()`).
  let base: Node | null | undefined = obj;
  while (base?.type === 'attribute') base = base.childForFieldName('object');
  if (clientOf(base, imports, bindings) === 'xmlrpc-proxy') {
    return { library: 'xmlrpc', label: shortLabel(fn), method, onClient: true };
  }
  return undefined;
}

function shortLabel(fn: Node): string {
  const text = fn.text.replace(/\s+/g, '');
  if (text.length <= 48) return text;
  const attr = fn.childForFieldName('attribute')?.text;
  return attr ? `….${attr}` : text.slice(0, 47) + '…';
}

// ---------------------------------------------------------------------------------------------
// Models of receivers

// Recordset methods that return records of the same model: a chain through them keeps the model.
const SAME_MODEL_METHODS = new Set([
  'sudo', 'with_context', 'with_user', 'with_company', 'with_env', 'with_prefetch', 'browse', 'search',
  'exists', 'filtered', 'filtered_domain', 'sorted', 'create', 'copy', 'ensure_one', 'new',
]);

const QUEUE_METHODS = new Set(['with_delay', 'delayable']);

// ORM calls that cost queries per call (reference/query-costs-odoo18.json: a search or count is 1
// query each time, create(vals) 1 INSERT, unlink() 4 queries): FunctionFact.ormCalls.
const ORM_COST_METHODS = new Set([
  'search', 'search_count', 'search_read', 'search_fetch', 'read_group', '_read_group', 'name_search', 'exists',
  'create', 'unlink',
]);
const LOOPING = new Set([
  'for_statement', 'while_statement', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension',
  'generator_expression', 'lambda',
]);
const LIST_ARGS = new Set(['list', 'list_comprehension', 'tuple', 'generator_expression']);

/** Whether `obj.method(...)` is an ORM call paid on every run of `def`: the receiver is a known
 * model or a chain from `self` (`self.line_ids.unlink()`), create takes one dict-like value,
 * unlink no argument, and no loop/lambda of the function repeats or defers it. */
function isOrmCostCall(call: Node, method: string, obj: Node | null, model: string | undefined, def: Node): boolean {
  if (!obj || (!model && !rootedAtSelf(obj))) return false;
  const args = call.childForFieldName('arguments')?.namedChildren.filter((a) => !!a && a.type !== 'comment') ?? [];
  if (method === 'unlink' && args.length) return false;
  if (method === 'create') {
    if (args.length !== 1 || LIST_ARGS.has(args[0]!.type)) return false;
    if (args[0]!.type === 'identifier' && /(^|_)(vals_list|values_list|list)$/.test(args[0]!.text)) return false;
  }
  for (let p = call.parent; p && p.id !== def.id; p = p.parent) {
    if (LOOPING.has(p.type)) return false;
    // memoised: `if key not in cache:` / `if not self._cache.get(k):` runs once per key, not per call
    if (p.type === 'if_statement' && /cache|memo/i.test(p.childForFieldName('condition')?.text ?? '')) return false;
  }
  return true;
}

/** `self`, `self.line_ids`, `self.sudo().line_ids`, `self.env['x']`: a chain whose root is self. */
function rootedAtSelf(node: Node): boolean {
  let n: Node | null = node;
  while (n) {
    if (n.type === 'identifier') return n.text === 'self';
    if (n.type === 'attribute') {
      // self.PATTERN.search(text): a class-level constant (a compiled regex), not a recordset
      if (/^[A-Z][A-Z0-9_]*$/.test(n.childForFieldName('attribute')?.text ?? '')) return false;
      n = n.childForFieldName('object');
    }
    else if (n.type === 'call') {
      const fn = n.childForFieldName('function');
      n = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
    } else if (n.type === 'subscript') n = n.childForFieldName('value');
    else return false;
  }
  return false;
}

/** The class attributes classModel() reads: only a statement starting with one of them can set it. */
const MODEL_ATTRIBUTE = /_name|_inherit/y;

/** The model class attributes say a class is (`_name`, else a single `_inherit`), if any.
 * `statements` are the body's named children. Each statement is first looked at in the source
 * (its start is a free field): reading every statement's first child, left side and text through
 * wasm was ~0.4 s on the benchmark, for the one or two statements of a class that can matter. */
function classModel(statements: (Node | null)[], source: { text: string; offset: number }): string | undefined {
  let name: string | undefined;
  let inherit: string | undefined;
  for (const stmt of statements) {
    if (!stmt) continue;
    MODEL_ATTRIBUTE.lastIndex = stmt.startIndex - source.offset;
    if (!MODEL_ATTRIBUTE.test(source.text)) continue;
    const assign = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
    if (assign?.type !== 'assignment') continue;
    const left = assign.childForFieldName('left')?.text;
    const right = assign.childForFieldName('right');
    if (left === '_name') name = stringValue(right) ?? name;
    if (left === '_inherit') {
      if (right?.type === 'list') {
        const items = right.namedChildren.filter((c) => c && c.type !== 'comment');
        if (items.length === 1) inherit = stringValue(items[0]);
      } else inherit = stringValue(right);
    }
  }
  return name ?? inherit;
}

export interface Scope {
  /** Model of `self`, when the function is a method of a model class. */
  selfModel?: string;
  /** Local variables whose model is known (`order = request.env['sale.order'].browse(id)`). */
  vars: Map<string, string>;
}

/** Model an expression's records belong to, when statically known. */
export function modelOf(node: Node | null | undefined, scope: Scope): string | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'identifier':
      if (node.text === 'self') return scope.selfModel;
      return scope.vars.get(node.text);
    case 'parenthesized_expression':
      return modelOf(node.namedChildren[0], scope);
    case 'subscript': {
      // env['x.y'] / self.env['x.y'] / request.env['x.y']
      const value = node.childForFieldName('value');
      const key = stringValue(node.childForFieldName('subscript'));
      if (key && value && (value.text === 'env' || value.text.endsWith('.env'))) return key;
      return undefined;
    }
    case 'call': {
      const fn = node.childForFieldName('function');
      if (fn?.type !== 'attribute') return undefined;
      const method = fn.childForFieldName('attribute')?.text ?? '';
      if (!SAME_MODEL_METHODS.has(method)) return undefined;
      return modelOf(fn.childForFieldName('object'), scope);
    }
    default:
      return undefined;
  }
}

/** Whether an expression is `self`, possibly through sudo()/with_context()/... */
function isSelfChain(node: Node | null | undefined): boolean {
  if (!node) return false;
  if (node.type === 'identifier') return node.text === 'self';
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    if (fn?.type !== 'attribute') return false;
    const method = fn.childForFieldName('attribute')?.text ?? '';
    return SAME_MODEL_METHODS.has(method) && isSelfChain(fn.childForFieldName('object'));
  }
  return false;
}

/** Whether the receiver chain passes through with_delay()/delayable(). */
function goesThroughQueue(node: Node | null | undefined): boolean {
  while (node) {
    if (node.type === 'call') {
      const fn = node.childForFieldName('function');
      if (fn?.type === 'attribute' && QUEUE_METHODS.has(fn.childForFieldName('attribute')?.text ?? '')) return true;
      node = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
    } else if (node.type === 'attribute') {
      node = node.childForFieldName('object');
    } else if (node.type === 'subscript') {
      node = node.childForFieldName('value');
    } else return false;
  }
  return false;
}

/** Local variables of a function whose model is known; a name assigned two different models is dropped. */
function localModels(bindings: Node[], selfModel: string | undefined): Map<string, string> {
  const vars = new Map<string, string>();
  const conflicting = new Set<string>();
  const scope: Scope = { selfModel, vars };
  const bind = (name: string, model: string | undefined) => {
    if (conflicting.has(name)) return;
    if (!model) {
      if (vars.has(name)) { vars.delete(name); conflicting.add(name); }
      return;
    }
    const known = vars.get(name);
    if (known && known !== model) { vars.delete(name); conflicting.add(name); return; }
    vars.set(name, model);
  };
  for (const child of bindings) {
    const left = child.childForFieldName('left');
    if (left?.type === 'identifier') bind(left.text, modelOf(child.childForFieldName('right'), scope));
  }
  return vars;
}

// ---------------------------------------------------------------------------------------------
// Facts

export interface FunctionSyntax {
  fact: FunctionFact;
  node: Node;
  /** Decorators written on the definition (the `decorator` nodes), for route detection. */
  decorators: Node[];
}

/** Every module-level function and every method of a module-level class, with its syntax node.
 * Memoised per tree (see treeMemo.ts): the result is shared, do not modify it. */
export function functionsOf(tree: Tree, file: string): FunctionSyntax[] {
  return perTree(tree, `functionsOf\0${file}`, () => definitionsOf(tree, file).entries.map((e) => syntaxOf(e)));
}

/**
 * The functionsOf() entries named `name`, in the same order and as the same objects. Only their
 * facts are built: the per-iteration call analysis asks for the few methods a loop calls, and
 * building every function's facts for that was ~8% of the lint time on the benchmark.
 */
export function functionsNamedIn(tree: Tree, file: string, name: string): FunctionSyntax[] {
  const defs = definitionsOf(tree, file);
  return defs.byName.get(name)?.map((e) => syntaxOf(e)) ?? [];
}

export interface FunctionHead {
  node: Node;
  decorators: Node[];
  className?: string;
}

/** functionsOf() without the facts (same entries, same order): enough to look for route handlers
 * before paying for every function's facts. */
export function functionHeadsOf(tree: Tree, file: string): FunctionHead[] {
  return definitionsOf(tree, file).entries.map((e) => ({ node: e.def, decorators: e.decorators, className: e.className }));
}

interface Definition {
  def: Node;
  decorators: Node[];
  className?: string;
  model?: string;
  /** Methods only: the decorators name tools.ormcache*. */
  cached?: boolean;
  file: string;
  shared: SharedInputs;
  syntax?: FunctionSyntax;
}

/** What every fact of one file needs, built on first use. */
class SharedInputs {
  private imp?: Imports;
  private fileNodes?: FileNodes;
  constructor(private root: Node) {}
  get imports(): Imports {
    return (this.imp ??= collectImports(this.root));
  }
  get nodes(): FileNodes {
    return (this.fileNodes ??= new FileNodes(this.root, importsHttpLibrary(this.imports)));
  }
}

function syntaxOf(e: Definition): FunctionSyntax {
  if (!e.syntax) {
    const fact = factOf(e.def, e.file, e.shared.imports, e.className, e.model, e.shared.nodes);
    if (e.cached) fact.cached = true;
    e.syntax = { fact, node: e.def, decorators: e.decorators };
  }
  return e.syntax;
}

/** How a statement that is (or wraps) a function definition starts. */
const METHOD_START = /@|def\b|async\b/y;

/** The definitions functionsOf() lists, without their facts (a walk of the top two levels only). */
function definitionsOf(tree: Tree, file: string): { entries: Definition[]; byName: Map<string, Definition[]> } {
  return perTree(tree, `definitions\0${file}`, () => {
    const root = tree.rootNode;
    const shared = new SharedInputs(root);
    const entries: Definition[] = [];
    const unwrap = (node: Node): { def: Node | null; decorators: Node[] } => {
      if (node.type !== 'decorated_definition') return { def: node, decorators: [] };
      return { def: node.childForFieldName('definition'), decorators: node.namedChildren.filter((c): c is Node => c?.type === 'decorator') };
    };
    for (const top of root.namedChildren) {
      if (!top) continue;
      const { def, decorators } = unwrap(top);
      if (!def) continue;
      if (def.type === 'function_definition') {
        entries.push({ def, decorators, file, shared });
      } else if (def.type === 'class_definition') {
        const className = def.childForFieldName('name')?.text;
        const body = def.childForFieldName('body');
        if (!body || !className) continue;
        const statements = body.namedChildren;
        const source = treeSource(tree);
        const model = classModel(statements, source);
        for (const stmt of statements) {
          if (!stmt) continue;
          // A method starts with `def`, `async` or a decorator: the source says so without asking
          // the tree for the type of every field and attribute of the class.
          METHOD_START.lastIndex = stmt.startIndex - source.offset;
          if (!METHOD_START.test(source.text)) continue;
          const inner = unwrap(stmt);
          if (inner.def?.type !== 'function_definition') continue;
          const cached = inner.decorators.some((d) => /\bormcache/.test(d.text));
          entries.push({ def: inner.def, decorators: inner.decorators, className, model, cached, file, shared });
        }
      }
    }
    const byName = new Map<string, Definition[]>();
    for (const e of entries) {
      const name = e.def.childForFieldName('name')?.text ?? '';
      let list = byName.get(name);
      if (!list) byName.set(name, (list = []));
      list.push(e);
    }
    return { entries, byName };
  });
}

export function extractFunctions(tree: Tree, file: string): FunctionFact[] {
  return functionsOf(tree, file).map((f) => f.fact);
}


/** The nodes every function fact needs, found once per file (three wasm-side searches instead of
 * three per function); each function then takes the slice inside its body by position. */
class FileNodes {
  private readonly defs: Node[];
  readonly calls: Node[];
  readonly modelBindings: Node[];
  readonly clientBindings: Node[];

  constructor(root: Node, wantClients: boolean) {
    // Shared with the rules (treeMemo.nodesOfType): same lists, same order as descendantsOfType.
    const found = (types: string[]) => nodesOfType<Node>(root.tree, types);
    this.defs = found(NESTED_DEFS);
    this.calls = found(['call']);
    this.modelBindings = found(['assignment', 'for_statement']);
    this.clientBindings = wantClients ? found(['assignment', 'as_pattern']) : [];
  }

  /** Members of `list` inside `body`, except those inside a definition nested in it. */
  own(list: Node[], body: Node): Node[] {
    const start = body.startIndex;
    const end = body.endIndex;
    const out: Node[] = [];
    let d = lowerBound(this.defs, start);
    let nestedEnd = -1;
    for (let i = lowerBound(list, start); i < list.length && list[i].startIndex < end; i++) {
      const at = list[i].startIndex;
      while (d < this.defs.length && this.defs[d].startIndex <= at) {
        nestedEnd = Math.max(nestedEnd, this.defs[d].endIndex);
        d++;
      }
      if (at < nestedEnd) continue;
      out.push(list[i]);
    }
    return out;
  }
}

function clientBindingsOf(nodes: Node[], imports: Imports): Map<string, ClientKind> {
  const out = new Map<string, ClientKind>();
  for (const child of nodes) addClientBinding(child, imports, out);
  return out;
}

function factOf(def: Node, file: string, imports: Imports, className: string | undefined, model: string | undefined, nodes: FileNodes): FunctionFact {
  const name = def.childForFieldName('name')?.text ?? '';
  const body = def.childForFieldName('body');
  const fact: FunctionFact = { name, file, range: rangeOf(def.childForFieldName('name') ?? def), className, model, httpCalls: [], calls: [], delegatesToQueue: false };
  if (!body) return fact;
  const bindings = clientBindingsOf(nodes.own(nodes.clientBindings, body), imports);
  const scope: Scope = { selfModel: model, vars: localModels(nodes.own(nodes.modelBindings, body), model) };
  const mayCallHttp = importsHttpLibrary(imports);
  for (const call of nodes.own(nodes.calls, body)) {
    const fn = call.childForFieldName('function');
    if (!fn) continue;
    const http = mayCallHttp ? httpCallOf(call, imports, bindings) : undefined;
    if (http) {
      fact.httpCalls.push({ name: http.method, receiver: fn.type === 'attribute' ? fn.childForFieldName('object')?.text ?? '' : '', range: rangeOf(call), label: http.label });
      continue;
    }
    if (fn.type === 'identifier') {
      const q = imports.get(fn.text);
      const from = q && q !== fn.text ? q.slice(0, q.length - fn.text.length - 1) : undefined;
      fact.calls.push({ name: fn.text, receiver: '', range: rangeOf(call), ...(from !== undefined ? { importedFrom: from } : {}) });
    } else if (fn.type === 'attribute') {
      const method = fn.childForFieldName('attribute')?.text ?? '';
      const obj = fn.childForFieldName('object');
      if (QUEUE_METHODS.has(method)) {
        fact.delegatesToQueue = true;
        continue;
      }
      const c: CallFact = { name: method, receiver: obj?.text ?? '', range: rangeOf(call) };
      const m = modelOf(obj, scope);
      if (ORM_COST_METHODS.has(method) && isOrmCostCall(call, method, obj, m, def)) (fact.ormCalls ??= []).push({ name: method, range: rangeOf(call), receiver: obj?.text ?? '' });
      if (m) c.model = m;
      if (isSelfChain(obj)) c.onSelf = true;
      if (goesThroughQueue(obj)) c.viaQueue = true;
      if (obj?.type === 'identifier' && imports.has(obj.text)) c.importedFrom = imports.get(obj.text);
      fact.calls.push(c);
    }
  }
  return fact;
}
