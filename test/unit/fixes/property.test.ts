// Property test over every fixture and example file: each offered fix, applied alone, leaves a
// file that parses without new ERROR nodes, no longer has the targeted finding, has no new finding
// of any rule, and is unchanged outside the edited ranges.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, type Settings } from '../../../server/src/config';
import { applyEdits, lineStarts, offsetAt } from '../../../server/src/fixes/edits';
import { fixesFor } from '../../../server/src/fixes/index';
import type { TextEdit } from '../../../server/src/fixes/types';
import { scanWorkspace } from '../../../server/src/odoo/index';
import type { WorkspaceModel } from '../../../server/src/odoo/workspace';
import { initParser, parsePython } from '../../../server/src/parse/parser';
import { lintFile } from '../../../server/src/rules/engine';
import type { Finding } from '../../../server/src/rules/types';
import { FIXTURES, listPython } from '../../helpers/fixtures';

const EXAMPLES = path.resolve(FIXTURES, '..', '..', 'examples');

function errorCount(source: string): number {
  const tree = parsePython(source);
  try {
    return tree.rootNode.descendantsOfType(['ERROR', 'MISSING']).length + (tree.rootNode.hasError ? 1 : 0);
  } finally {
    tree.delete();
  }
}

function lint(file: string, source: string, workspace: WorkspaceModel, settings: Settings): Finding[] {
  const tree = parsePython(source);
  try {
    return lintFile({ file, source, tree, workspace, settings });
  } finally {
    tree.delete();
  }
}

function countByCode(findings: Finding[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of findings) m.set(f.code, (m.get(f.code) ?? 0) + 1);
  return m;
}

/** Text outside the edits is the same, checked by walking both texts segment by segment. */
function unchangedOutside(before: string, after: string, edits: TextEdit[]): boolean {
  const starts = lineStarts(before);
  const spans = edits.map((e) => ({ s: offsetAt(before, e.range.start, starts), e: offsetAt(before, e.range.end, starts), t: e.newText })).sort((a, b) => a.s - b.s);
  let i = 0;
  let j = 0;
  for (const sp of spans) {
    if (before.slice(i, sp.s) !== after.slice(j, j + sp.s - i)) return false;
    j += sp.s - i + sp.t.length;
    i = sp.e;
  }
  return before.slice(i) === after.slice(j);
}

function roots(): string[] {
  const out = fs.readdirSync(FIXTURES).map((d) => path.join(FIXTURES, d)).filter((d) => fs.statSync(d).isDirectory());
  return [...out, EXAMPLES].filter((d) => listPython(d).length);
}

test('every offered fix on every fixture and example file is clean', { timeout: 240000 }, async () => {
  await initParser();
  let checked = 0;
  const byCode = new Map<string, number>();
  for (const root of roots()) {
    const workspace = await scanWorkspace({ roots: [root], addonsPaths: [] });
    const settings = DEFAULT_SETTINGS;
    for (const file of listPython(root)) {
      const source = fs.readFileSync(file, 'utf8');
      const tree = parsePython(source);
      let findings: Finding[];
      try {
        findings = lintFile({ file, source, tree, workspace, settings });
        const errorsBefore = errorCount(source);
        const before = countByCode(findings);
        const ctx = { file, source, tree, workspace, odooVersion: workspace.odooVersionForFile(file), settings };
        for (const finding of findings) {
          for (const fix of fixesFor(finding, ctx, (_p, e) => { throw e; })) {
            const where = `${path.relative(root, file)}:${finding.range.start.line + 1} ${finding.code} "${fix.title}"`;
            const own = fix.edits.filter((e) => e.file === file);
            assert.ok(own.length, `${where}: edits this file`);
            const after = applyEdits(source, own);
            assert.ok(unchangedOutside(source, after, own), `${where}: text outside the edits changed`);
            assert.ok(errorCount(after) <= errorsBefore, `${where}: new syntax errors\n${after}`);
            const now = countByCode(lint(file, after, workspace, settings));
            assert.ok((now.get(finding.code) ?? 0) < (before.get(finding.code) ?? 0), `${where}: the finding is still there`);
            for (const [code, n] of now) assert.ok(n <= (before.get(code) ?? 0), `${where}: new ${code} finding`);
            checked++;
            // count rewrites only: every finding also offers "Ignore OPxxx on this line"
            if (!fix.title.startsWith('Ignore ')) byCode.set(fix.code, (byCode.get(fix.code) ?? 0) + 1);
          }
        }
      } finally {
        tree.delete();
      }
    }
  }
  // The fixtures hold findings of every rule that has a fix; make sure they were exercised.
  for (const code of ['OP101', 'OP201', 'OP302', 'OP401', 'OP103', 'OP104', 'OP108', 'OP109', 'OP111', 'OP112', 'OP301', 'OP303', 'OP107']) assert.ok((byCode.get(code) ?? 0) > 0, `no ${code} fix exercised: ${JSON.stringify([...byCode])}`);
  assert.ok(checked > 50, `only ${checked} fixes checked`);
});
