// The contract of the quick fixes, shared by the LSP (code actions) and the CLI (--fix). No LSP
// types here: an edit is a file path, a 0-based range (UTF-16 columns, as in rules/types.ts) and
// the text that replaces it. A fix may edit several files (queue_job: the code and the manifest).
import type { Settings } from '../config';
import type { Tree } from '../parse/parser';
import type { Addon, WorkspaceModel } from '../odoo/workspace';
import type { Finding, Range } from '../rules/types';

export interface TextEdit {
  /** Absolute path of the file the edit applies to. */
  file: string;
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  /** The rule code the fix answers. */
  code: string;
  edits: TextEdit[];
  /** The fix an editor applies on "auto fix" (LSP isPreferred). */
  preferred?: boolean;
  /**
   * Safe to apply without reading it (fixAll, `lint --fix`): the rewrite keeps the code's meaning
   * apart from the cost it removes. Suppressions and behaviour changes (a job instead of a call)
   * are never safe.
   */
  safe: boolean;
}

export interface FixContext {
  /** Absolute path of the file of the finding. */
  file: string;
  source: string;
  tree: Tree;
  workspace: WorkspaceModel;
  /** Odoo major version of the file's addon; undefined when unknown. */
  odooVersion: number | undefined;
  settings: Settings;
}

/** One file per rule's fix: the registry (index.ts) asks each provider of the finding's code. */
export interface FixProvider {
  /** Rule code (OP201). */
  code: string;
  fixes(finding: Finding, ctx: FixContext): Fix[];
}

export function addonOf(ctx: FixContext): Addon | undefined {
  return ctx.workspace.addonForFile(ctx.file);
}
