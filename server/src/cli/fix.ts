// `odoo-perf lint --fix`: the editor's "fix all" (server/src/fixes/fixAll.ts) applied on disk.
// Only safe fixes are applied (never a suppression, never a change of behaviour); the findings
// reported afterwards are those of the fixed text. Also fills Finding.fixes (titles) for the
// json/sarif reports.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixAll, type AppliedFix } from '../fixes/fixAll';
import { attachFixTitles } from '../fixes/index';
import { parsePython, type Tree } from '../parse/parser';
import type { LintInput } from '../rules/engine';
import type { Finding } from '../rules/types';

export interface FixedFile {
  file: string;
  applied: AppliedFix[];
}

export type FixOnDiskInput = Omit<LintInput, 'onRuleError'>;

/**
 * Applies the safe fixes of one file and writes it back when something changed. Returns the new
 * text and tree (the caller deletes the old tree it passed in only when a new one is returned).
 */
export function fixOnDisk(input: FixOnDiskInput): { source: string; tree: Tree; fixed?: FixedFile } {
  const result = fixAll(input);
  if (!result.applied.length || result.source === input.source) return { source: input.source, tree: input.tree };
  fs.writeFileSync(input.file, result.source);
  return { source: result.source, tree: parsePython(result.source), fixed: { file: input.file, applied: result.applied } };
}

export function withFixTitles(findings: Finding[], input: Omit<FixOnDiskInput, 'select' | 'ignore'>): Finding[] {
  return attachFixTitles(findings, { ...input, odooVersion: input.workspace.odooVersionForFile(input.file) });
}

/** "models/shop.py: fixed 2 (line 11 OP201 Add index=True; ...)", one line per file. */
export function describeFixes(fixed: FixedFile[], cwd: string): string {
  return fixed
    .map((f) => {
      const what = f.applied.map((a) => `line ${a.line + 1} ${a.code} ${a.title}`).join('; ');
      return `${path.relative(cwd, f.file) || f.file}: fixed ${f.applied.length} (${what})\n`;
    })
    .join('');
}
