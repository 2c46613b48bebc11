// Compact per-file facts. The workspace keeps these (never syntax trees) and rebuilds its lookup
// maps from them, so re-indexing one file is "drop this file's facts, add the new ones".
import type { Range } from '../rules/types';
import type { FunctionFact } from './functions';
import type { CronFact } from './cronFacts';
import type { CreateFact } from './createdModels';
import type { DeclaredIndex, FieldInfo, QueryUse } from './workspace';

export type ModelKind = 'Model' | 'TransientModel' | 'AbstractModel';

/** One Python class that defines (`_name`) or extends (`_inherit`) an Odoo model. */
export interface ClassFact {
  className: string;
  /** The model this class contributes to (its `_name`, else its single/first `_inherit`). */
  model: string;
  /** `_name` as written, when written. */
  name?: string;
  inherit: string[];
  /** `_inherits` parent models. */
  inherits: string[];
  order?: string;
  recName?: string;
  /** From the base class (models.Model, ...), when recognisable. */
  kind?: ModelKind;
  /** False when `_auto = False` (SQL views: no table to index). */
  auto?: boolean;
  /** True when the class only extends an existing model (no new `_name`). */
  extension: boolean;
  file: string;
  range: Range;
  addon: string | undefined;
}

/** A declared index or unique constraint; its leading column serves lookups on that column. */
export type IndexDecl = DeclaredIndex;

/** An XML query use whose model is known only as an ir.model xmlid (ir.rule's model_id ref). */
export interface PendingUse extends QueryUse {
  modelRef?: string;
}

export interface FileFacts {
  classes: ClassFact[];
  fields: FieldInfo[];
  uses: PendingUse[];
  indexes: IndexDecl[];
  functions: FunctionFact[];
  /** ir.cron records (XML/CSV data files), model not yet resolved. */
  crons?: CronFact[];
  /** `.create()` calls whose model is known (createdModels.ts). */
  created?: CreateFact[];
}

export function emptyFacts(): FileFacts {
  return { classes: [], fields: [], uses: [], indexes: [], functions: [] };
}
