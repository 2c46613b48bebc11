// Models, fields and declared indexes from the classes of one Python file.
import type { Node, Tree } from '../parse/parser';
import type { FieldInfo } from './workspace';
import type { ClassFact, IndexDecl, ModelKind } from './facts';
import { callArgs, classBody, cleanTree, entryNameRange, rangeOf, stringList, stringValue, type BodyEntry, type CallArgs } from './pyast';
import { perTree, treeSource } from './treeMemo';

export interface ModelsResult {
  classes: ClassFact[];
  fields: FieldInfo[];
  indexes: IndexDecl[];
  /** class_definition node id → model, for `self` resolution by the query extractor. */
  classModels: Map<number, string>;
}

/** Names a file binds to odoo.fields types (`from odoo.fields import Many2one as M2O`). */
function fieldImports(root: Node): { modules: Set<string>; types: Map<string, string> } {
  const modules = new Set(['fields']);
  const types = new Map<string, string>();
  for (const stmt of root.namedChildren) {
    if (stmt?.type !== 'import_from_statement') continue;
    const mod = stmt.childForFieldName('module_name')?.text;
    for (const nameNode of stmt.childrenForFieldName('name')) {
      if (!nameNode) continue;
      const [orig, alias] = nameNode.type === 'aliased_import'
        ? [nameNode.childForFieldName('name')?.text ?? '', nameNode.childForFieldName('alias')?.text ?? '']
        : [nameNode.text, nameNode.text];
      if (mod === 'odoo' && orig === 'fields') modules.add(alias);
      if (mod === 'odoo.fields' || mod === 'openerp.fields') types.set(alias, orig);
    }
  }
  return { modules, types };
}

/** The field class a callee names: `fields.Char` (module alias + capitalised attribute) or an
 * imported `Many2one`/alias. `module` is undefined for a bare name. */
function calleeFieldType(module: string | undefined, name: string | undefined, imports: ReturnType<typeof fieldImports>): string | undefined {
  if (!name) return undefined;
  if (module === undefined) return imports.types.get(name);
  return imports.modules.has(module) && /^[A-Z]\w*$/.test(name) ? name : undefined;
}

function fieldType(call: Node, imports: ReturnType<typeof fieldImports>): string | undefined {
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'attribute') {
    const obj = fn.childForFieldName('object');
    return obj?.type === 'identifier' ? calleeFieldType(obj.text, fn.childForFieldName('attribute')?.text, imports) : undefined;
  }
  if (fn.type === 'identifier') return calleeFieldType(undefined, fn.text, imports);
  return undefined;
}

const RELATIONAL = new Set(['Many2one', 'One2many', 'Many2many']);

/** Arguments of a field call: `callArgs`, or the same read with text shortcuts (fastArgs). */
interface FieldArgs {
  positional: Node[];
  /** The value of keyword `k`, undefined when absent. */
  kw(k: string): Node | undefined;
}

function treeArgs(call: Node): FieldArgs {
  const { positional, keywords }: CallArgs = callArgs(call);
  return { positional, kw: (k) => keywords.get(k) };
}

// A keyword argument starts with `name =` (newlines are allowed inside the parentheses); an
// identifier run with a non-ASCII character is left to the tree (not covered by the ASCII regex).
const KEYWORD_AT = /([A-Za-z_]\w*)\s*=(?!=)/y;
const NON_ASCII_NAME_AT = /[\w\u0080-\uffff]*[\u0080-\uffff]/y;

/**
 * callArgs of a clean tree's call (cleanTree) read from each argument's first characters instead of
 * its type and name nodes: `#` a comment, `*` a splat, `name =` a keyword argument, anything else
 * positional. A keyword's value node is asked for only when the extractor wants that keyword
 * (a field call has ~3 keywords, ~1 of them read): per field statement this saves ~3 wasm calls
 * per argument. Later duplicates win, as in callArgs.
 */
function fastArgs(list: Node, text: string, offset: number): FieldArgs {
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  for (const arg of list.namedChildren) {
    if (!arg) continue;
    const at = arg.startIndex - offset;
    const c = text.charCodeAt(at);
    if (c === 35 /* # */ || c === 42 /* * */) continue;
    KEYWORD_AT.lastIndex = at;
    const m = KEYWORD_AT.exec(text);
    if (m) keywords.set(m[1], arg);
    else {
      NON_ASCII_NAME_AT.lastIndex = at;
      if (NON_ASCII_NAME_AT.test(text) && arg.type === 'keyword_argument') {
        const name = arg.childForFieldName('name');
        if (name) keywords.set(name.text, arg);
      } else positional.push(arg);
    }
  }
  const values = new Map<string, Node | undefined>();
  return {
    positional,
    kw(k) {
      if (values.has(k)) return values.get(k);
      const v = keywords.get(k)?.childForFieldName('value') ?? undefined;
      values.set(k, v);
      return v;
    },
  };
}

function readField(nameRange: FieldInfo['range'], fieldName: string, args: FieldArgs, type: string, model: string, file: string, addon: string | undefined): FieldInfo {
  const { positional, kw } = args;
  const kwText = (k: string) => kw(k)?.text;
  const kwStr = (k: string) => {
    const n = kw(k);
    return n ? stringValue(n) ?? n.text : undefined;
  };
  const field: FieldInfo = { name: fieldName, model, type, stored: true, file, range: nameRange, addon };
  if (RELATIONAL.has(type)) {
    field.comodel = stringValue(kw('comodel_name')) ?? stringValue(positional[0]);
    if (type === 'One2many') field.inverseName = stringValue(kw('inverse_name')) ?? stringValue(positional[1]);
  }
  // `select=` is the pre-9.0 spelling of index=.
  const index = kwText('index') ?? kwText('select');
  if (index !== undefined) field.index = index;
  field.compute = kwStr('compute');
  field.related = kwStr('related');
  const store = kwText('store');
  if (store === 'False') field.stored = false;
  else if (field.compute !== undefined || field.related !== undefined) field.stored = store === 'True';
  if (kwText('required') === 'True') field.required = true;
  const ondelete = stringValue(kw('ondelete'));
  if (ondelete) field.ondelete = ondelete;
  for (const k of ['compute', 'related'] as const) if (field[k] === undefined) delete field[k];
  return field;
}

// Leading column of `unique(a, b)` / `(a, b) WHERE ...` / `CREATE INDEX ... ON t (a, b)`.
const UNIQUE_RE = /^\s*unique\s*\(\s*"?([A-Za-z_]\w*)"?\s*[,)]/i;
const PAREN_RE = /^\s*\(\s*"?([A-Za-z_]\w*)"?\s*[,)\s]/;
const CREATE_INDEX_RE = /create\s+(unique\s+)?index\b[^;]*?\bon\s+\S+\s*(?:using\s+\w+\s*)?\(\s*"?([A-Za-z_]\w*)"?\s*[,)\s]/i;

function leadingOfExpressions(list: Node | undefined): string | undefined {
  const items = stringList(list);
  const first = items?.[0];
  const m = first ? /^\s*"?([A-Za-z_]\w*)"?\s*(?:asc|desc|$|\s)/i.exec(first) : null;
  return m?.[1];
}

function classKind(cls: Node): ModelKind | undefined {
  const supers = cls.childForFieldName('superclasses');
  for (const s of supers?.namedChildren ?? []) {
    const name = s?.type === 'attribute' ? s.childForFieldName('attribute')?.text : s?.text;
    if (name === 'Model' || name === 'TransientModel' || name === 'AbstractModel') return name;
  }
  return undefined;
}

function initIndexes(fn: Node, model: string, file: string, out: IndexDecl[]): void {
  for (const call of fn.descendantsOfType('call')) {
    const f = call?.childForFieldName('function');
    const name = f?.type === 'attribute' ? f.childForFieldName('attribute')?.text : f?.text;
    if (call && (name === 'create_index' || name === 'create_unique_index')) {
      const col = leadingOfExpressions(callArgs(call).positional[3] ?? callArgs(call).keywords.get('expressions'));
      if (col) out.push({ model, columns: [col], unique: name === 'create_unique_index', file, range: rangeOf(call) });
    }
  }
  // Implicitly concatenated literals ("CREATE INDEX x " "ON t (a)") are read whole.
  for (const s of fn.descendantsOfType(['string', 'concatenated_string'])) {
    if (s?.parent?.type === 'concatenated_string') continue;
    const text = s ? stringValue(s) : undefined;
    const m = text ? CREATE_INDEX_RE.exec(text) : null;
    if (s && m) out.push({ model, columns: [m[2]], unique: !!m[1], file, range: rangeOf(s) });
  }
}

function classDefinitions(root: Node): Node[] {
  const out: Node[] = [];
  for (const stmt of root.namedChildren) {
    if (stmt?.type === 'class_definition') out.push(stmt);
    else if (stmt?.type === 'decorated_definition') {
      const def = stmt.childForFieldName('definition');
      if (def?.type === 'class_definition') out.push(def);
    }
  }
  return out;
}

/** Memoised per tree (treeMemo.ts): OP201, OP202, OP111 and the index ask for the same file. Read-only. */
export function extractModels(tree: Tree, file: string, addon: string | undefined): ModelsResult {
  return perTree(tree, `models\0${file}\0${addon ?? ''}`, () => computeModels(tree, file, addon));
}

// `fields.Char(` / `Many2one(` at the start of a call: the callee is that attribute or name when
// the call's argument list starts right at the `(` (not `fields.Char(...)(...)`).
const CALLEE_AT = /([A-Za-z_]\w*)(?:[ \t]*\.[ \t]*([A-Za-z_]\w*))?[ \t]*\(/y;

/** One `name = value` statement of a model class: a field, an Odoo 19 constraint/index, or _sql_constraints. */
function readStatement(e: BodyEntry, model: string, file: string, addon: string | undefined, imports: ReturnType<typeof fieldImports>, fast: { text: string; offset: number } | undefined, res: ModelsResult): void {
  const right = e.right!;
  if (fast) {
    CALLEE_AT.lastIndex = right.startIndex - fast.offset;
    const m = CALLEE_AT.exec(fast.text);
    const list = m ? right.childForFieldName('arguments') : null;
    if (m && list && list.startIndex === right.startIndex + m[0].length - 1) {
      // right is a call whose function is `m[1].m[2]` (an attribute of an identifier) or `m[1]`.
      const attr = m[2];
      const type = attr !== undefined ? calleeFieldType(m[1], attr, imports) : calleeFieldType(undefined, m[1], imports);
      if (type) {
        res.fields.push(readField(entryNameRange(e), e.name, fastArgs(list, fast.text, fast.offset), type, model, file, addon));
        return;
      }
      if (attr === 'Constraint' || attr === 'Index' || attr === 'UniqueIndex') constraintIndex(right, attr, e, model, file, res);
      return;
    }
  }
  if (right.type === 'call') {
    const type = fieldType(right, imports);
    if (type) {
      res.fields.push(readField(entryNameRange(e), e.name, treeArgs(right), type, model, file, addon));
      return;
    }
    const fn = right.childForFieldName('function');
    const ctor = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
    if (ctor === 'Constraint' || ctor === 'Index' || ctor === 'UniqueIndex') constraintIndex(right, ctor, e, model, file, res);
  } else if (e.name === '_sql_constraints' && (right.type === 'list' || right.type === 'tuple')) {
    for (const item of right.namedChildren) {
      if (item?.type !== 'tuple' && item?.type !== 'list') continue;
      const def = stringValue(item.namedChild(1)) ?? '';
      const m = UNIQUE_RE.exec(def);
      if (m) res.indexes.push({ model, columns: [m[1]], unique: true, file, range: rangeOf(item) });
    }
  }
}

// Odoo 19: `_x_uniq = models.Constraint('UNIQUE(a, b)')`, `models.Index('(a, b)')`, `models.UniqueIndex(...)`.
function constraintIndex(right: Node, ctor: string, e: BodyEntry, model: string, file: string, res: ModelsResult): void {
  const def = stringValue(callArgs(right).positional[0]) ?? '';
  const m = UNIQUE_RE.exec(def) ?? (ctor !== 'Constraint' ? PAREN_RE.exec(def) : null);
  if (m) res.indexes.push({ model, columns: [m[1]], unique: ctor !== 'Index', file, range: rangeOf(e.stmt.namedChild(0)!) });
}

function computeModels(tree: Tree, file: string, addon: string | undefined): ModelsResult {
  const res: ModelsResult = { classes: [], fields: [], indexes: [], classModels: new Map() };
  const root = tree.rootNode;
  const fast = cleanTree(tree) ? treeSource(tree) : undefined;
  let imports: ReturnType<typeof fieldImports> | undefined;
  for (const cls of classDefinitions(root)) {
    const bodyNode = cls.childForFieldName('body');
    if (!bodyNode) continue;
    // One pass over the body, shared with the cost model's class facts (pyast.classBody, memoised per tree).
    const body = classBody(bodyNode);
    const assigns = body.assigns;
    const name = stringValue(assigns.get('_name'));
    const inherit = stringList(assigns.get('_inherit')) ?? [];
    if (name === undefined && inherit.length === 0) continue;
    const model = name ?? inherit[0];
    const inheritsNode = assigns.get('_inherits');
    const inherits: string[] = [];
    if (inheritsNode?.type === 'dictionary') {
      for (const pair of inheritsNode.namedChildren) {
        const k = pair?.type === 'pair' ? stringValue(pair.childForFieldName('key')) : undefined;
        if (k) inherits.push(k);
      }
    }
    const nameNode = cls.childForFieldName('name');
    const fact: ClassFact = {
      className: nameNode?.text ?? '',
      model,
      inherit,
      inherits,
      extension: name === undefined || (inherit.length > 0 && inherit.includes(name)),
      file,
      range: rangeOf(nameNode ?? cls),
      addon,
    };
    if (name !== undefined) fact.name = name;
    const order = stringValue(assigns.get('_order'));
    if (order !== undefined) fact.order = order;
    const recName = stringValue(assigns.get('_rec_name'));
    if (recName !== undefined) fact.recName = recName;
    const kind = classKind(cls);
    if (kind) fact.kind = kind;
    if (assigns.get('_auto')?.text === 'False') fact.auto = false;
    res.classes.push(fact);
    res.classModels.set(cls.id, model);

    imports ??= fieldImports(root);
    for (const e of body.entries) {
      if (e.kind === 'init') {
        initIndexes(e.stmt, model, file, res.indexes);
        continue;
      }
      readStatement(e, model, file, addon, imports, fast, res);
    }
  }
  return res;
}
