// One JS wrapper per syntax node, and its answers remembered.
//
// web-tree-sitter hands out a fresh wrapper object for every node it returns (`parent`,
// `childForFieldName`, `namedChildren`, ...), and every property read on a wrapper (`type`,
// `endIndex`, `text`, ...) is a call into wasm. The rules look at the same nodes again and again
// (each rule asks a call for its callee, its receiver, its arguments, its loops): profiled on the
// benchmark, creating wrappers and crossing into wasm was most of the lint time, far more than the
// rules' own logic. A tree never changes after parsing (an edit makes a new Tree on re-parse), so
// each node can have one canonical wrapper per tree, and each wrapper can keep what it was asked.
//
// What changes for callers: two reads of the same node now return the same object (nothing in the
// code base relies on them being different; nodes are compared by `id`). Results are shared, so
// callers must not modify returned arrays (`namedChildren` was already shared per wrapper).
// `Tree.edit()` (before an incremental re-parse) drops the tree's wrappers: the old tree's
// positions move, and it is only used as the base of the next parse.
import { Node, Tree } from 'web-tree-sitter';

interface TreeState {
  /** id -> the one wrapper of that node. */
  nodes: Map<number, Node>;
  /** Remembered scalar answers, one map per getter, keyed by node id. */
  scalars: Map<string, Map<number, unknown>>;
  /** Remembered node answers (parent, childForFieldId, ...), keyed by `${method}:${arg}` then id. */
  links: Map<string, Map<number, Node | null>>;
  /** Remembered list answers, keyed by method and argument, then id. */
  lists: Map<string, Map<number, (Node | null)[]>>;
}

const states = new WeakMap<object, TreeState>();

function stateOf(tree: object): TreeState {
  let s = states.get(tree);
  if (!s) states.set(tree, (s = { nodes: new Map(), scalars: new Map(), links: new Map(), lists: new Map() }));
  return s;
}

function canonIn(s: TreeState, node: Node | null): Node | null {
  if (!node) return node;
  const known = s.nodes.get(node.id);
  if (known) return known;
  s.nodes.set(node.id, node);
  return node;
}

function canon(node: Node | null): Node | null {
  return node ? canonIn(stateOf(node.tree as unknown as object), node) : node;
}

function canonAll(s: TreeState, list: (Node | null)[]): (Node | null)[] {
  for (let i = 0; i < list.length; i++) list[i] = canonIn(s, list[i]);
  return list;
}

function table<V>(tables: Map<string, Map<number, V>>, key: string): Map<number, V> {
  let t = tables.get(key);
  if (!t) tables.set(key, (t = new Map()));
  return t;
}

let installed = false;

/** Patches web-tree-sitter's Node and Tree prototypes once per process (idempotent). */
export function installNodeCache(): void {
  if (installed) return;
  installed = true;
  if (process.env.ODOO_PERF_NO_NODE_CACHE) return; // TEMP measurement switch
  const proto = Node.prototype as unknown as Record<string, unknown>;
  const getter = (name: string) => Object.getOwnPropertyDescriptor(Node.prototype, name)?.get;
  const method = (name: string) => proto[name] as ((...args: unknown[]) => unknown) | undefined;

  // Scalar getters: remembered per node.
  for (const name of ['typeId', 'grammarId', 'isNamed', 'isExtra', 'isError', 'isMissing', 'hasError', 'endIndex', 'endPosition', 'text', 'childCount', 'namedChildCount', 'descendantCount']) {
    const get = getter(name);
    if (!get) continue;
    Object.defineProperty(Node.prototype, name, {
      configurable: true,
      get(this: Node) {
        const t = table(stateOf(this.tree as unknown as object).scalars, name);
        let v = t.get(this.id);
        if (v === undefined && !t.has(this.id)) t.set(this.id, (v = get.call(this)));
        return v;
      },
    });
  }
  // Getters returning one node: canonical and remembered.
  for (const name of ['parent', 'firstChild', 'lastChild', 'firstNamedChild', 'lastNamedChild', 'nextSibling', 'previousSibling', 'nextNamedSibling', 'previousNamedSibling']) {
    const get = getter(name);
    if (!get) continue;
    Object.defineProperty(Node.prototype, name, {
      configurable: true,
      get(this: Node) {
        const s = stateOf(this.tree as unknown as object);
        const t = table(s.links, name);
        let v = t.get(this.id);
        if (v === undefined) t.set(this.id, (v = canonIn(s, get.call(this) as Node | null)));
        return v;
      },
    });
  }
  // Getters returning node lists (web-tree-sitter keeps the array on the wrapper; the wrapper is
  // now the node's only one).
  for (const name of ['children', 'namedChildren']) {
    const get = getter(name);
    if (!get) continue;
    Object.defineProperty(Node.prototype, name, {
      configurable: true,
      get(this: Node) {
        const s = stateOf(this.tree as unknown as object);
        const t = table(s.lists, name);
        let v = t.get(this.id);
        if (v === undefined) t.set(this.id, (v = canonAll(s, get.call(this) as (Node | null)[])));
        return v;
      },
    });
  }
  // Methods returning one node, keyed by their numeric argument.
  for (const name of ['child', 'namedChild', 'childForFieldId', 'firstChildForIndex', 'firstNamedChildForIndex']) {
    const fn = method(name);
    if (!fn) continue;
    proto[name] = function (this: Node, arg: number) {
      const s = stateOf(this.tree as unknown as object);
      const t = table(s.links, `${name}:${arg}`);
      let v = t.get(this.id);
      if (v === undefined) t.set(this.id, (v = canonIn(s, fn.call(this, arg) as Node | null)));
      return v;
    };
  }
  // Methods returning node lists: a copy of the remembered list (callers may modify theirs).
  const childrenForFieldId = method('childrenForFieldId');
  if (childrenForFieldId) {
    proto.childrenForFieldId = function (this: Node, id: number) {
      const s = stateOf(this.tree as unknown as object);
      const t = table(s.lists, `childrenForFieldId:${id}`);
      let v = t.get(this.id);
      if (v === undefined) t.set(this.id, (v = canonAll(s, childrenForFieldId.call(this, id) as (Node | null)[])));
      return v.slice();
    };
  }
  const descendantsOfType = method('descendantsOfType');
  if (descendantsOfType) {
    proto.descendantsOfType = function (this: Node, types: string | string[], start?: { row: number; column: number }, end?: { row: number; column: number }) {
      const s = stateOf(this.tree as unknown as object);
      const whole = (!start || (start.row === 0 && start.column === 0)) && (!end || (end.row === 0 && end.column === 0));
      if (!whole) return canonAll(s, descendantsOfType.call(this, types, start, end) as (Node | null)[]);
      const t = table(s.lists, `descendantsOfType:${Array.isArray(types) ? types.join(',') : types}`);
      let v = t.get(this.id);
      if (v === undefined) t.set(this.id, (v = canonAll(s, descendantsOfType.call(this, types) as (Node | null)[])));
      return v.slice();
    };
  }
  const childWithDescendant = method('childWithDescendant');
  if (childWithDescendant) {
    proto.childWithDescendant = function (this: Node, d: Node) {
      return canon(childWithDescendant.call(this, d) as Node | null);
    };
  }
  for (const name of ['descendantForIndex', 'namedDescendantForIndex', 'descendantForPosition', 'namedDescendantForPosition']) {
    const fn = method(name);
    if (!fn) continue;
    proto[name] = function (this: Node, ...args: unknown[]) {
      return canon(fn.apply(this, args) as Node | null);
    };
  }

  const treeProto = Tree.prototype as unknown as Record<string, unknown>;
  const rootNode = Object.getOwnPropertyDescriptor(Tree.prototype, 'rootNode')?.get;
  if (rootNode) {
    Object.defineProperty(Tree.prototype, 'rootNode', {
      configurable: true,
      get(this: Tree) {
        return canon(rootNode.call(this) as Node);
      },
    });
  }
  const edit = treeProto.edit as ((...args: unknown[]) => unknown) | undefined;
  if (edit) {
    treeProto.edit = function (this: Tree, ...args: unknown[]) {
      states.delete(this as unknown as object);
      return edit.apply(this, args);
    };
  }
}
