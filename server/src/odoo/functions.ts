// Compact per-function facts the workspace keeps for cross-file rules. OP301 follows calls from an
// http route into workspace methods and helpers until it meets outbound HTTP; the workspace model
// calls extractFunctions() for every indexed Python file and serves functionsNamed(name).
//
// Also home of the syntax helpers both OP301 and OP302 need to recognise an HTTP client call
// (import resolution, client objects such as requests.Session / httpx.Client / ServerProxy): they
// live here because the odoo layer may not import from the rules layer.
import type { Node, Tree } from '../parse/parser';
import type { Range } from '../rules/types';

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
}

// ---------------------------------------------------------------------------------------------
// Small syntax helpers

export function rangeOf(node: Node): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

/** Calls nodes under `node`, not descending into nested function or class definitions. */
export function callsIn(node: Node, out: Node[] = []): Node[] {
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'function_definition' || child.type === 'class_definition' || child.type === 'decorated_definition') continue;
    if (child.type === 'call') out.push(child);
    callsIn(child, out);
  }
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

export function collectImports(root: Node): Imports {
  const map: Imports = new Map();
  const visit = (node: Node) => {
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
      return;
    }
    if (node.type === 'import_from_statement') {
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
      return;
    }
    // Imports inside functions and try blocks are common (optional dependencies): keep them file-wide.
    for (const child of node.namedChildren) if (child) visit(child);
  };
  visit(root);
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
  const visit = (node: Node) => {
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'function_definition' || child.type === 'class_definition' || child.type === 'decorated_definition') continue;
      if (child.type === 'assignment') {
        const left = child.childForFieldName('left');
        const right = child.childForFieldName('right');
        if (left?.type === 'identifier' && right) {
          const kind = clientKindOfConstructor(right, imports);
          if (kind) out.set(left.text, kind);
        }
      } else if (child.type === 'as_pattern') {
        const value = child.namedChildren[0];
        const target = child.childForFieldName('alias');
        const name = target?.namedChildren[0] ?? target;
        if (value && name?.type === 'identifier') {
          const kind = clientKindOfConstructor(value, imports);
          if (kind) out.set(name.text, kind);
        }
      }
      visit(child);
    }
  };
  visit(scope);
  return out;
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

/** The model class attributes say a class is (`_name`, else a single `_inherit`), if any. */
function classModel(body: Node): string | undefined {
  let name: string | undefined;
  let inherit: string | undefined;
  for (const stmt of body.namedChildren) {
    const assign = stmt?.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
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
function localModels(body: Node, selfModel: string | undefined): Map<string, string> {
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
  const visit = (node: Node) => {
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'function_definition' || child.type === 'class_definition' || child.type === 'decorated_definition') continue;
      if (child.type === 'assignment') {
        const left = child.childForFieldName('left');
        if (left?.type === 'identifier') bind(left.text, modelOf(child.childForFieldName('right'), scope));
      } else if (child.type === 'for_statement') {
        const left = child.childForFieldName('left');
        if (left?.type === 'identifier') bind(left.text, modelOf(child.childForFieldName('right'), scope));
      }
      visit(child);
    }
  };
  visit(body);
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

/** Every module-level function and every method of a module-level class, with its syntax node. */
export function functionsOf(tree: Tree, file: string): FunctionSyntax[] {
  const root = tree.rootNode;
  const imports = collectImports(root);
  const out: FunctionSyntax[] = [];
  const unwrap = (node: Node): { def: Node | null; decorators: Node[] } => {
    if (node.type !== 'decorated_definition') return { def: node, decorators: [] };
    return { def: node.childForFieldName('definition'), decorators: node.namedChildren.filter((c): c is Node => c?.type === 'decorator') };
  };
  for (const top of root.namedChildren) {
    if (!top) continue;
    const { def, decorators } = unwrap(top);
    if (!def) continue;
    if (def.type === 'function_definition') {
      out.push({ fact: factOf(def, file, imports, undefined, undefined), node: def, decorators });
    } else if (def.type === 'class_definition') {
      const className = def.childForFieldName('name')?.text;
      const body = def.childForFieldName('body');
      if (!body || !className) continue;
      const model = classModel(body);
      for (const stmt of body.namedChildren) {
        if (!stmt) continue;
        const inner = unwrap(stmt);
        if (inner.def?.type !== 'function_definition') continue;
        out.push({ fact: factOf(inner.def, file, imports, className, model), node: inner.def, decorators: inner.decorators });
      }
    }
  }
  return out;
}

export function extractFunctions(tree: Tree, file: string): FunctionFact[] {
  return functionsOf(tree, file).map((f) => f.fact);
}

function factOf(def: Node, file: string, imports: Imports, className: string | undefined, model: string | undefined): FunctionFact {
  const name = def.childForFieldName('name')?.text ?? '';
  const body = def.childForFieldName('body');
  const fact: FunctionFact = { name, file, range: rangeOf(def.childForFieldName('name') ?? def), className, model, httpCalls: [], calls: [], delegatesToQueue: false };
  if (!body) return fact;
  const bindings = clientBindings(body, imports);
  const scope: Scope = { selfModel: model, vars: localModels(body, model) };
  for (const call of callsIn(body)) {
    const fn = call.childForFieldName('function');
    if (!fn) continue;
    const http = httpCallOf(call, imports, bindings);
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
      if (m) c.model = m;
      if (isSelfChain(obj)) c.onSelf = true;
      if (goesThroughQueue(obj)) c.viaQueue = true;
      if (obj?.type === 'identifier' && imports.has(obj.text)) c.importedFrom = imports.get(obj.text);
      fact.calls.push(c);
    }
  }
  return fact;
}
