// The contract between rules and their callers (LSP and CLI). No LSP types here: positions are
// plain 0-based line/character pairs in UTF-16 code units, as tree-sitter gives them for JS strings.
import type { Node, Tree } from '../parse/parser';
import type { Addon, WorkspaceModel } from '../odoo/workspace';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

export interface RelatedInfo {
  /** Absolute file path of the evidence. */
  file: string;
  range: Range;
  message: string;
}

export interface RuleMeta {
  /** Stable short code, e.g. OP101. */
  code: string;
  /** Kebab-case name, e.g. search-in-loop. */
  name: string;
  defaultSeverity: Severity;
  /** One line, used in SARIF shortDescription and the README table. */
  summary: string;
  /** The cost is paid once per loop iteration: capped at information in one-off code
   * (migrations, install hooks), where the loop runs once per upgrade (see oneOffCode.ts). */
  perIteration?: boolean;
}

export interface Finding {
  code: string;
  rule: string;
  severity: Severity;
  range: Range;
  message: string;
  related?: RelatedInfo[];
  /** Titles of the quick fixes offered for this finding (filled by the fixes layer). */
  fixes?: string[];
}

export interface RuleContext {
  /** Absolute path of the file being checked. */
  file: string;
  source: string;
  tree: Tree;
  workspace: WorkspaceModel;
  /** The addon the file belongs to, when it is inside one. */
  addon: Addon | undefined;
  /** Odoo major version for this file (e.g. 17), undefined when unknown. */
  odooVersion: number | undefined;
  /** Report a finding; severity defaults to the rule's default (settings may change it later). */
  report(node: Node | Range, message: string, extra?: { severity?: Severity; related?: RelatedInfo[] }): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

export function nodeRange(node: Node): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

export const DOCS_BASE = 'https://github.com/odoo-perf/odoo-perf/blob/main/docs/rules/';

export function docsUrl(meta: RuleMeta): string {
  return `${DOCS_BASE}${meta.code}-${meta.name}.md`;
}
