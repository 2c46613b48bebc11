// "Fix all" for one file (source.fixAll.odooPerf in the editor, `odoo-perf lint --fix` on disk):
// lint, take each finding's safe fix (the preferred one when several are safe), keep those whose
// edits do not overlap, apply, re-parse and lint again, until nothing changes. Fixes that edit
// another file (a manifest) are never safe, so the result is always one file's new text.
import { parsePython, type Tree } from '../parse/parser';
import { lintFile, type LintInput } from '../rules/engine';
import type { Finding } from '../rules/types';
import { applyEdits, overlaps } from './edits';
import { fixesFor } from './index';
import type { Fix, TextEdit } from './types';

/** Each round re-lints; fixes rarely enable others, so a few rounds settle every file. */
const MAX_ROUNDS = 5;

export interface AppliedFix {
  code: string;
  title: string;
  /** 0-based line of the finding, in the text the fix was applied to. */
  line: number;
}

/** The engine's input; the tree of `source` is optional (when the caller has it; not deleted here). */
export type FixAllInput = Omit<LintInput, 'tree' | 'onRuleError'> & { tree?: Tree };

export interface FixAllResult {
  source: string;
  applied: AppliedFix[];
}

/** The fix fixAll would apply for a finding, if any. */
export function safeFixOf(fixes: Fix[], file: string): Fix | undefined {
  const safe = fixes.filter((f) => f.safe && f.edits.length && f.edits.every((e) => e.file === file));
  return safe.find((f) => f.preferred) ?? safe[0];
}

/** Picks non-overlapping fixes (first come, first kept; findings are sorted by position). */
export function compatibleFixes(candidates: { finding: Finding; fix: Fix }[]): { finding: Finding; fix: Fix }[] {
  const taken: TextEdit[] = [];
  const out: { finding: Finding; fix: Fix }[] = [];
  for (const c of candidates) {
    if (c.fix.edits.some((e) => taken.some((t) => overlaps(e.range, t.range)))) continue;
    taken.push(...c.fix.edits);
    out.push(c);
  }
  return out;
}

export function fixAll(input: FixAllInput): FixAllResult {
  let source = input.source;
  const applied: AppliedFix[] = [];
  const odooVersion = input.workspace.odooVersionForFile(input.file);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const own = round === 0 && input.tree ? undefined : parsePython(source);
    const tree = own ?? input.tree!;
    try {
      const findings = lintFile({ file: input.file, source, tree, workspace: input.workspace, settings: input.settings, select: input.select, ignore: input.ignore });
      const ctx = { file: input.file, source, tree, workspace: input.workspace, odooVersion, settings: input.settings };
      const candidates: { finding: Finding; fix: Fix }[] = [];
      for (const finding of findings) {
        const fix = safeFixOf(fixesFor(finding, ctx), input.file);
        if (fix) candidates.push({ finding, fix });
      }
      const chosen = compatibleFixes(candidates);
      if (!chosen.length) break;
      source = applyEdits(source, chosen.flatMap((c) => c.fix.edits));
      for (const c of chosen) applied.push({ code: c.finding.code, title: c.fix.title, line: c.finding.range.start.line });
    } finally {
      own?.delete();
    }
  }
  return { source, applied };
}
