// What the cost model needs to know about models: field kinds (stored column, x2many, non-stored
// compute), comodels and inverses (prefetch sets follow relations), stored computes and their
// @api.depends (a write triggers their recomputation), `_order` (a search flushes the fields it
// orders by) and the methods of a model (calls are followed). Everything is optional: with no facts
// the estimator falls back to name conventions (`*_id` many2one, `*_ids` x2many, else a column).
import type { Node, Tree } from '../parse/parser';
import type { WorkspaceModel } from '../odoo/workspace';
import { bodyAssignments, callArgs, cleanTree, stringList, stringValue } from '../odoo/pyast';
import { lowerBound, nodesOfType } from '../odoo/treeMemo';
import type { FunctionFact } from '../odoo/functions';
import type { FileTrees } from './fileTrees';

export type FieldKind = 'column' | 'many2one' | 'x2many';

export interface FieldFact {
  name: string;
  model: string;
  /** Odoo field class when known ('Many2one', 'Char', ...). */
  type?: string;
  kind: FieldKind;
  stored: boolean;
  comodel?: string;
  /** One2many inverse (the many2one on the comodel). */
  inverseName?: string;
  compute?: string;
  related?: string;
  /** @api.depends paths of the compute method, when known. */
  depends?: string[];
}

export interface MethodFact {
  name: string;
  model: string | undefined;
  /** The function_definition node. */
  node: Node;
  depends?: string[];
}

/** Other files one estimate may still parse to follow calls (the estimator owns one per run). */
export interface MethodBudget {
  files: Set<string>;
  maxFiles: number;
}

export interface CostFacts {
  field(model: string, name: string): FieldFact | undefined;
  /** Stored computed fields with known depends, of every known model (write triggers). */
  storedComputes(): FieldFact[];
  /** `budget` bounds the files a lookup may parse (sources that parse nothing ignore it). */
  method(model: string | undefined, name: string, budget?: MethodBudget): MethodFact | undefined;
  order(model: string): string | undefined;
  /** The model a class defines or extends (`_name`, else the single/first `_inherit`). */
  modelOfClass(classNode: Node): string | undefined;
}

export const RELATIONAL_KIND: Record<string, FieldKind> = {
  Many2one: 'many2one', One2many: 'x2many', Many2many: 'x2many',
};

/** Name-convention guess used when no facts know the field. */
export function guessField(model: string, name: string): FieldFact {
  if (name.endsWith('_ids')) return { name, model, kind: 'x2many', stored: true };
  if (name.endsWith('_id')) return { name, model, kind: 'many2one', stored: true };
  return { name, model, kind: 'column', stored: true };
}

function classAssignments(body: Node): Map<string, Node> {
  return bodyAssignments(body);
}

// Asked once per estimated method: reading the class body through wasm each time was ~10% of the
// lint time on large classes. Memoised per tree and class node (a tree never changes).
const classModelMemo = new WeakMap<object, Map<number, string | undefined>>();

export function modelOfClassNode(classNode: Node): string | undefined {
  let perTree = classModelMemo.get(classNode.tree);
  if (!perTree) classModelMemo.set(classNode.tree, (perTree = new Map()));
  if (perTree.has(classNode.id)) return perTree.get(classNode.id);
  const model = readModelOfClassNode(classNode);
  perTree.set(classNode.id, model);
  return model;
}

function readModelOfClassNode(classNode: Node): string | undefined {
  const body = classNode.childForFieldName('body');
  return body ? modelOfAssignments(classAssignments(body)) : undefined;
}

function modelOfAssignments(attrs: Map<string, Node>): string | undefined {
  return stringValue(attrs.get('_name')) ?? stringList(attrs.get('_inherit'))?.[0];
}

/** modelOfClassNode() from a class body's assignments already read (fills the memo: one read). */
function modelOfClassWith(classNode: Node, attrs: Map<string, Node>): string | undefined {
  let perTree = classModelMemo.get(classNode.tree);
  if (!perTree) classModelMemo.set(classNode.tree, (perTree = new Map()));
  if (perTree.has(classNode.id)) return perTree.get(classNode.id);
  const model = modelOfAssignments(attrs);
  perTree.set(classNode.id, model);
  return model;
}

function decoratorDepends(def: Node): string[] | undefined {
  const parent = def.parent;
  if (parent?.type !== 'decorated_definition') return undefined;
  for (const dec of parent.namedChildren) {
    if (dec?.type !== 'decorator') continue;
    const call = dec.namedChild(0);
    if (call?.type !== 'call') continue;
    const fn = call.childForFieldName('function')?.text;
    if (fn !== 'api.depends' && fn !== 'depends') continue;
    return callArgs(call).positional.map((a) => stringValue(a)).filter((s): s is string => s !== undefined);
  }
  return undefined;
}

function fieldCallType(call: Node): string | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute') return undefined;
  const obj = fn.childForFieldName('object')?.text;
  const attr = fn.childForFieldName('attribute')?.text;
  return obj === 'fields' && attr && /^[A-Z]\w*$/.test(attr) ? attr : undefined;
}

/**
 * A method's fact; its @api.depends are read on first use (only stored computes need them). For
 * the trees a TreeFacts reads (alive as long as it is): the followed files' trees may be evicted.
 */
function methodFact(name: string, model: string | undefined, node: Node): MethodFact {
  return new LazyMethodFact(name, model, node);
}

// A class, not an object literal with a getter: one is made per method of every estimated file,
// and literals with accessors are slow to create.
class LazyMethodFact implements MethodFact {
  private read: string[] | undefined | null = null;

  constructor(readonly name: string, readonly model: string | undefined, readonly node: Node) {}

  get depends(): string[] | undefined {
    if (this.read === null) this.read = decoratorDepends(this.node);
    return this.read;
  }
}

/** A class read by TreeFacts: its model and its `name = value` statements. */
interface ClassRead {
  model: string | undefined;
  attrs: Map<string, Node>;
}

/**
 * Facts read from the classes of parsed Python files (the file being estimated, a fixture addon).
 * Classes, models and methods are read up front; fields are read on demand. Measured on the
 * benchmark: reading every field of every class was half of this class's cost (~15% of OP101),
 * while the estimator only asks the file for fields the workspace index lacks and, on writes, for
 * its stored computes. The lazy reads give exactly what reading every class in order gave: a later
 * definition of a field replaces an earlier one but keeps its place, and a computed field's
 * depends come from the compute method known at the end of its class or of the first later class
 * of the model that knows them.
 */
export class TreeFacts implements CostFacts {
  private methods = new Map<string, MethodFact>();
  private orders = new Map<string, string>();
  /** Every class read, in definition order. */
  private classes: ClassRead[] = [];
  /** Method facts by key, with the index of the class that set each (later classes replace). */
  private methodHistory = new Map<string, { cls: number; fact: MethodFact }[]>();
  /** fieldTypeOf() by value node id. */
  private fieldTypes = new Map<number, string | undefined>();
  private fieldMemo = new Map<string, FieldFact | undefined>();
  private storedComputeList: FieldFact[] | undefined;

  constructor(trees: Tree[] = []) {
    for (const t of trees) this.addTree(t);
  }

  addTree(tree: Tree): void {
    this.fieldMemo.clear();
    this.storedComputeList = undefined;
    const visit = (node: Node) => {
      for (const child of node.namedChildren) {
        if (!child) continue;
        if (child.type === 'class_definition') this.addClass(child);
        else if (child.type === 'decorated_definition' || child.type === 'if_statement') visit(child);
      }
    };
    visit(tree.rootNode);
  }

  private addClass(cls: Node): void {
    const body = cls.childForFieldName('body');
    if (!body) return;
    const attrs = classAssignments(body);
    const model = modelOfClassWith(cls, attrs);
    const index = this.classes.length;
    this.classes.push({ model, attrs });
    if (model) {
      const order = stringValue(attrs.get('_order'));
      if (order) this.orders.set(model, order);
    }
    if (cleanTree(cls.tree)) {
      // The tree's function_definition index (shared with the rules) instead of every statement
      // of the body: each statement read through wasm makes a Node, and most are field
      // assignments. A method is a def whose parent is the body, or a decorated_definition in it.
      const defs = nodesOfType<Node>(cls.tree, 'function_definition');
      const end = body.endIndex;
      let skipUntil = -1;
      for (let i = lowerBound(defs, body.startIndex); i < defs.length && defs[i].startIndex < end; i++) {
        const def = defs[i];
        if (def.startIndex < skipUntil) continue; // a def nested in a method
        const parent = def.parent;
        if (!parent) continue;
        if (parent.id !== body.id && !(parent.type === 'decorated_definition' && parent.parent?.id === body.id)) continue;
        skipUntil = def.endIndex;
        this.addMethod(def, model, index);
      }
      return;
    }
    // A tree with errors: read the body's statements themselves.
    for (const stmt of body.namedChildren) {
      if (!stmt) continue;
      const type = stmt.type;
      let def: Node | null = type === 'function_definition' ? stmt : null;
      if (type === 'decorated_definition') {
        const inner = stmt.childForFieldName('definition');
        if (inner?.type === 'function_definition') def = inner;
      }
      if (!def) continue;
      this.addMethod(def, model, index);
    }
  }

  private addMethod(def: Node, model: string | undefined, index: number): void {
    const name = def.childForFieldName('name')?.text;
    if (!name) return;
    const key = `${model ?? ''}|${name}`;
    const fact = methodFact(name, model, def);
    this.methods.set(key, fact);
    let history = this.methodHistory.get(key);
    if (!history) this.methodHistory.set(key, (history = []));
    history.push({ cls: index, fact });
  }

  /** The Odoo field class when `value` is a `fields.X(...)` call. */
  private fieldTypeOf(value: Node): string | undefined {
    if (this.fieldTypes.has(value.id)) return this.fieldTypes.get(value.id);
    // The JS-side text test first: it spares the wasm reads of every other value.
    const type = value.text.startsWith('fields') && value.type === 'call' ? fieldCallType(value) : undefined;
    this.fieldTypes.set(value.id, type);
    return type;
  }

  /** The method fact `key` had once the classes up to index `cls` were read. */
  private methodAt(key: string, cls: number): MethodFact | undefined {
    const history = this.methodHistory.get(key);
    if (!history) return undefined;
    for (let i = history.length - 1; i >= 0; i--) if (history[i].cls <= cls) return history[i].fact;
    return undefined;
  }

  /** The field as the last class of the model defining it says, with its depends. */
  private readLast(model: string, name: string): FieldFact | undefined {
    for (let k = this.classes.length - 1; k >= 0; k--) {
      const c = this.classes[k];
      const value = c.model === model ? c.attrs.get(name) : undefined;
      const type = value && this.fieldTypeOf(value);
      if (!type) continue;
      const f = this.readField(model, name, type, value);
      // Depends are filled at the end of each class of the model, from the methods known by then.
      if (f.compute) {
        for (let j = k; j < this.classes.length && !f.depends; j++) {
          if (this.classes[j].model === model) f.depends = this.methodAt(`${model}|${f.compute}`, j)?.depends;
        }
      }
      return f;
    }
    return undefined;
  }

  private readField(model: string, name: string, type: string, call: Node): FieldFact {
    const { positional, keywords } = callArgs(call);
    const kind = RELATIONAL_KIND[type] ?? 'column';
    const f: FieldFact = { name, model, type, kind, stored: true };
    if (kind !== 'column') f.comodel = stringValue(keywords.get('comodel_name')) ?? stringValue(positional[0]);
    if (type === 'One2many') f.inverseName = stringValue(keywords.get('inverse_name')) ?? stringValue(positional[1]);
    const compute = keywords.get('compute');
    if (compute) f.compute = stringValue(compute) ?? compute.text;
    f.related = stringValue(keywords.get('related'));
    const store = keywords.get('store')?.text;
    if (store === 'False') f.stored = false;
    else if (f.compute !== undefined || f.related !== undefined) f.stored = store === 'True';
    return f;
  }

  field(model: string, name: string): FieldFact | undefined {
    const key = `${model}|${name}`;
    if (this.fieldMemo.has(key)) return this.fieldMemo.get(key);
    const f = this.readLast(model, name);
    this.fieldMemo.set(key, f);
    return f;
  }

  storedComputes(): FieldFact[] {
    if (!this.storedComputeList) {
      // Fields in the order they were first defined. A stored compute spells both `compute=` and
      // `store=True`: other names are never read as fields.
      const done = new Set<string>();
      const found: FieldFact[] = [];
      for (const c of this.classes) {
        if (!c.model) continue;
        for (const [name, value] of c.attrs) {
          const key = `${c.model}|${name}`;
          if (done.has(key)) continue;
          if (!this.mayBeStoredCompute(c.model, name)) {
            done.add(key);
            continue;
          }
          // Not a field here: its place is that of its first definition as a field.
          if (!this.fieldTypeOf(value)) continue;
          done.add(key);
          const f = this.field(c.model, name);
          if (f?.compute && f.stored && f.depends?.length) found.push(f);
        }
      }
      this.storedComputeList = found;
    }
    return [...this.storedComputeList];
  }

  /** Whether some class of the model assigns `name` a value whose text has `compute` and `store`. */
  private mayBeStoredCompute(model: string, name: string): boolean {
    return this.classes.some((c) => {
      const text = c.model === model ? c.attrs.get(name)?.text : undefined;
      return !!text && text.includes('compute') && text.includes('store');
    });
  }

  method(model: string | undefined, name: string): MethodFact | undefined {
    return this.methods.get(`${model ?? ''}|${name}`);
  }

  order(model: string): string | undefined {
    return this.orders.get(model);
  }

  modelOfClass(classNode: Node): string | undefined {
    return modelOfClassNode(classNode);
  }
}

/** The function_definition a FunctionFact's range (its name) points at in `tree`. */
function definitionAt(tree: Tree, f: FunctionFact): Node | undefined {
  const point = { row: f.range.start.line, column: f.range.start.character };
  for (let n: Node | null = tree.rootNode.descendantForPosition(point); n; n = n.parent) {
    if (n.type === 'function_definition') return n.childForFieldName('name')?.text === f.name ? n : undefined;
  }
  return undefined;
}

/**
 * Field facts from the workspace model (all addons). Depends are not in the index; method bodies
 * are, when `trees` is given: a call into a method of the model defined in another file is
 * followed by parsing that file on demand (bounded by the estimate's MethodBudget).
 */
export class WorkspaceFacts implements CostFacts {
  constructor(private ws: WorkspaceModel, private trees?: FileTrees) {}

  field(model: string, name: string): FieldFact | undefined {
    const defs = this.ws.field(model, name);
    if (!defs.length) return undefined;
    const type = defs.find((d) => d.type)?.type;
    const f: FieldFact = {
      name, model, type, kind: (type && RELATIONAL_KIND[type]) || 'column',
      // A later _inherit may add store=True to a computed field: stored if any definition says so.
      stored: defs.some((d) => d.stored),
    };
    const pick = <K extends 'comodel' | 'inverseName' | 'compute' | 'related'>(k: K) => defs.find((d) => d[k])?.[k];
    f.comodel = pick('comodel');
    f.inverseName = pick('inverseName');
    f.compute = pick('compute');
    f.related = pick('related');
    return f;
  }

  storedComputes(): FieldFact[] {
    return [];
  }

  method(model: string | undefined, name: string, budget?: MethodBudget): MethodFact | undefined {
    if (!this.trees || !model || !budget) return undefined;
    // Several addons may override the method: a deterministic pick (path order); each override
    // reaching `super()` stops there (the estimator does not follow a method into itself).
    const candidates = this.ws.functionsNamed(name).filter((f) => f.model === model)
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start.line - b.range.start.line));
    for (const f of candidates) {
      if (!budget.files.has(f.file)) {
        if (budget.files.size >= budget.maxFiles) continue;
        budget.files.add(f.file);
      }
      const tree = this.trees.get(f.file);
      const node = tree && definitionAt(tree, f);
      if (node) return { name, model, node, depends: decoratorDepends(node) };
    }
    return undefined;
  }

  order(model: string): string | undefined {
    return this.ws.model(model)?.order;
  }

  modelOfClass(classNode: Node): string | undefined {
    return modelOfClassNode(classNode);
  }
}

/**
 * First source that knows wins. Methods are looked up in `methodLayers` (default: the same order):
 * the file being edited must win over its own copy on disk.
 */
export class LayeredFacts implements CostFacts {
  constructor(private layers: CostFacts[], private methodLayers: CostFacts[] = layers) {}

  field(model: string, name: string): FieldFact | undefined {
    for (const l of this.layers) {
      const f = l.field(model, name);
      if (f) return f;
    }
    return undefined;
  }

  storedComputes(): FieldFact[] {
    const seen = new Set<string>();
    const out: FieldFact[] = [];
    for (const l of this.layers) for (const f of l.storedComputes()) {
      const key = `${f.model}|${f.name}`;
      if (!seen.has(key)) { seen.add(key); out.push(f); }
    }
    return out;
  }

  method(model: string | undefined, name: string, budget?: MethodBudget): MethodFact | undefined {
    for (const l of this.methodLayers) {
      const m = l.method(model, name, budget);
      if (m) return m;
    }
    return undefined;
  }

  order(model: string): string | undefined {
    for (const l of this.layers) {
      const o = l.order(model);
      if (o) return o;
    }
    return undefined;
  }

  modelOfClass(classNode: Node): string | undefined {
    return modelOfClassNode(classNode);
  }
}
