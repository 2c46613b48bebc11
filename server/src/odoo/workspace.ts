// STUB CONTRACT — to be implemented by the workspace-model work. Rules and the LSP/CLI code
// against these types only. Keep the exported names and shapes; add members freely.
import type { Range } from '../rules/types';

export interface Addon {
  /** Technical name = folder name. */
  name: string;
  /** Absolute folder path. */
  dir: string;
  manifestPath: string;
  /** Manifest "version" string as written, e.g. "17.0.1.0.0". */
  version: string | undefined;
  depends: string[];
  /** Odoo major version resolved for this addon (manifest, else release.py, else setting). */
  odooVersion: number | undefined;
  /** pre_init_hook / post_init_hook / uninstall_hook → the function the manifest names. */
  hooks?: Record<string, string>;
}

export interface FieldInfo {
  name: string;
  model: string;
  /** e.g. 'Many2one', 'Char'. */
  type: string;
  comodel?: string;
  inverseName?: string;
  /** Raw source text of the index= argument when present (e.g. "True", "'trigram'"), else undefined. */
  index?: string;
  /** false only when store=False is written or the field is computed/related without store=True. */
  stored: boolean;
  compute?: string;
  related?: string;
  required?: boolean;
  ondelete?: string;
  file: string;
  range: Range;
  addon: string | undefined;
}

export type QueryUseKind =
  | 'domain' | 'order' | 'groupby' | 'search-view' | 'filter-domain' | 'record-rule' | 'action-domain';

export interface QueryUse {
  /** Model queried, when known. */
  model: string | undefined;
  /** First path element of the field (e.g. 'partner_id' for 'partner_id.name'). */
  field: string;
  kind: QueryUseKind;
  file: string;
  range: Range;
  addon: string | undefined;
  /** Domain operator of the leaf ('=', 'in', 'ilike', ...), for domain-like uses. */
  operator?: string;
  /** Other fields compared with `=` / `in` in the same literal AND list as this leaf. */
  andEq?: string[];
}

export interface ModelInfo {
  name: string;
  /** Every class that defines (`_name`) or extends (`_inherit`) it. */
  definitions: { file: string; range: Range; className: string; addon: string | undefined; extension: boolean }[];
  inherits: string[];
  order?: string;
  recName?: string;
  /** models.Model / TransientModel / AbstractModel of a defining class, when recognisable. */
  kind?: 'Model' | 'TransientModel' | 'AbstractModel';
  /** False when a class sets `_auto = False` (an SQL view: no table of its own). */
  auto?: boolean;
}

/** A declared index or unique constraint (`_sql_constraints`, `init()` create_index, models.Index). */
export interface DeclaredIndex {
  model: string;
  columns: string[];
  unique: boolean;
  file: string;
  range: Range;
}

export interface WorkspaceModel extends FunctionLookup {
  addons(): Addon[];
  addonForFile(file: string): Addon | undefined;
  odooVersionForFile(file: string): number | undefined;
  model(name: string): ModelInfo | undefined;
  /** All definitions of the field across the model and its _inherit extensions. */
  field(model: string, field: string): FieldInfo[];
  fieldsOfModel(model: string): FieldInfo[];
  queryUses(model: string, field: string): QueryUse[];
  /** Indexes/unique constraints declared for the model (optional: fakes in tests may omit it). */
  declaredIndexes?(model: string): DeclaredIndex[];
  /** One2many fields whose comodel is `model` and whose inverse_name is `field`. */
  inverseOf?(model: string, field: string): FieldInfo[];
  /** ir.cron records of the workspace whose model is resolved (optional: fakes in tests may omit it). */
  cronJobs?(): CronJob[];
  /** `.create()` calls on the model in workspace code outside tests, migrations and hooks (optional). */
  createdIn?(model: string): CreateFact[];
  /** Every model `model` inherits from through `_inherit` (transitively, e.g. mail.thread) (optional). */
  ancestorsOf?(model: string): string[];
}

/** A scheduled action: `model.method()` run by an ir.cron record declared in `file`. */
export interface CronJob {
  model: string;
  method: string;
  /** The ir.cron record's xmlid as written, when it has one. */
  id: string | undefined;
  /** The code passes arguments to the method (often a batch size). */
  hasArgs: boolean;
  file: string;
  range: Range;
  addon: string | undefined;
}

export interface WorkspaceOptions {
  /** Folders to scan for addons (workspace folders, CLI paths). */
  roots: string[];
  /** Extra addons folders (odooPerf.addonsPaths), indexed too. */
  addonsPaths: string[];
  /** odooPerf.odooVersion, the last fallback. */
  odooVersion?: string;
  /** Work-done progress: called with done/total file counts during the scan. */
  onProgress?: (done: number, total: number) => void;
  log?: (message: string) => void;
  /**
   * Called with each Python file's syntax tree once the scan has indexed it. Returning true takes
   * the tree (the caller deletes it later); false lets the scan free it. The CLI keeps the trees of
   * the files it is about to lint: parsing is the largest single cost, and the fact extractors'
   * per-tree memo (treeMemo.ts) then serves the rules what the index already computed.
   */
  keepTree?: (file: string, text: string, tree: Tree) => boolean;
}

/** A workspace model that can be kept up to date as files change. */
export interface MutableWorkspace extends WorkspaceModel {
  /** (Re)index one file (.py, .xml, __manifest__.py) from its current text; undefined = deleted.
   * `tree`: the caller's syntax tree of that text (Python), to index without parsing it again. */
  updateFile(file: string, text: string | undefined, tree?: Tree): void;
}

// Cross-file function facts (see functions.ts); on WorkspaceModel so rules can follow calls.
import type { FunctionFact } from './functions';
import type { CreateFact } from './createdModels';
import type { Tree } from '../parse/parser';
export interface FunctionLookup {
  /** Functions/methods of the workspace with this name (any class, any file). */
  functionsNamed(name: string): FunctionFact[];
}
