// Inline expectations for rule fixtures, in the odoo-lsp habit: a trailing `# expect: OP101`
// (several codes comma-separated) marks the line where a finding must START; every other line
// must stay quiet for the rules under test. Expectations are written by hand in the fixture, never
// derived from the code under test.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SETTINGS, type Settings } from '../../server/src/config';
import { initParser, parsePython } from '../../server/src/parse/parser';
import { scanWorkspace } from '../../server/src/odoo/index';
import { lintFile } from '../../server/src/rules/engine';
import type { Finding } from '../../server/src/rules/types';

export const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures');

export function listPython(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listPython(p));
    else if (entry.name.endsWith('.py') && entry.name !== '__manifest__.py') out.push(p);
  }
  return out.sort();
}

export function expectedFindings(source: string): string[] {
  const out: string[] = [];
  source.split('\n').forEach((line, i) => {
    const m = /#\s*expect:\s*([A-Z0-9,\s]+)$/.exec(line);
    if (m) for (const code of m[1].split(',').map((c) => c.trim()).filter(Boolean)) out.push(`${i + 1}:${code}`);
  });
  return out.sort();
}

export interface FixtureResult { file: string; expected: string[]; actual: string[]; findings: Finding[] }

/** Lints every Python file under a fixture folder (an addon or a workspace of addons). */
export async function lintFixture(dir: string, codes: string[], settings: Partial<Settings> = {}): Promise<FixtureResult[]> {
  await initParser();
  const full: Settings = { ...DEFAULT_SETTINGS, ...settings };
  const workspace = await scanWorkspace({ roots: [dir], addonsPaths: full.addonsPaths, odooVersion: full.odooVersion });
  return listPython(dir).map((file) => {
    const source = fs.readFileSync(file, 'utf8');
    const tree = parsePython(source);
    try {
      const findings = lintFile({ file, source, tree, workspace, settings: full, select: codes, onRuleError: (r, e) => { throw e; } });
      return {
        file: path.relative(dir, file),
        expected: expectedFindings(source).filter((e) => codes.some((c) => e.endsWith(`:${c}`))),
        actual: findings.map((f) => `${f.range.start.line + 1}:${f.code}`).sort(),
        findings,
      };
    } finally {
      tree.delete();
    }
  });
}
