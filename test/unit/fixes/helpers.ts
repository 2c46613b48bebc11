// Test helpers for the fixes: a throw-away workspace of one addon (manifest version chosen per
// test), lint one file of it, list the fixes of a rule, apply one.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_SETTINGS, type Settings } from '../../../server/src/config';
import { fixesFor } from '../../../server/src/fixes/index';
import { applyEdits } from '../../../server/src/fixes/edits';
import type { Fix, FixContext } from '../../../server/src/fixes/types';
import { scanWorkspace } from '../../../server/src/odoo/index';
import type { WorkspaceModel } from '../../../server/src/odoo/workspace';
import { initParser, parsePython } from '../../../server/src/parse/parser';
import { lintFile } from '../../../server/src/rules/engine';
import type { Finding } from '../../../server/src/rules/types';

export interface Addon {
  /** Manifest version, e.g. '17.0.1.0.0'; undefined writes no version. */
  version?: string;
  depends?: string[];
  /** Files by path relative to the addon folder. */
  files: Record<string, string>;
}

export function writeAddon(addon: Addon, name = 'demo'): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-perf-fix-'));
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  const depends = (addon.depends ?? ['base']).map((d) => `'${d}'`).join(', ');
  const version = addon.version ? `    'version': '${addon.version}',\n` : '';
  fs.writeFileSync(path.join(dir, '__manifest__.py'), `{\n    'name': 'Demo',\n${version}    'depends': [${depends}],\n}\n`);
  for (const [rel, text] of Object.entries(addon.files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
  return root;
}

export interface Linted {
  file: string;
  source: string;
  findings: Finding[];
  workspace: WorkspaceModel;
  ctx: FixContext;
  fixes(finding: Finding): Fix[];
}

export async function lintIn(root: string, rel: string, settings: Partial<Settings> = {}, codes?: string[]): Promise<Linted> {
  await initParser();
  const full: Settings = { ...DEFAULT_SETTINGS, ...settings };
  const workspace = await scanWorkspace({ roots: [root], addonsPaths: [], odooVersion: full.odooVersion || undefined });
  const file = path.join(root, 'demo', rel);
  const source = fs.readFileSync(file, 'utf8');
  const tree = parsePython(source);
  const findings = lintFile({ file, source, tree, workspace, settings: full, select: codes, onRuleError: (_r, e) => { throw e; } });
  const ctx: FixContext = { file, source, tree, workspace, odooVersion: workspace.odooVersionForFile(file), settings: full };
  return { file, source, findings, workspace, ctx, fixes: (f) => fixesFor(f, ctx, (_p, e) => { throw e; }) };
}

/** Lints `text` as models/m.py of an addon on `version`, returns the findings of `code`. */
export async function lintText(text: string, version: string | undefined, code: string, settings: Partial<Settings> = {}, extra: Record<string, string> = {}): Promise<Linted & { root: string }> {
  const root = writeAddon({ version, files: { 'models/m.py': text, ...extra } });
  const linted = await lintIn(root, 'models/m.py', settings, [code]);
  return { ...linted, root };
}

/** The text of the file after applying the fix's edits to it. */
export function applied(source: string, fix: Fix, file: string): string {
  return applyEdits(source, fix.edits.filter((e) => e.file === file));
}

export function titles(fixes: Fix[]): string[] {
  return fixes.map((f) => f.title);
}
