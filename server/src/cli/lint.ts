// Runs the shared engine (the one the LSP uses) over the CLI's paths: settings from the nearest
// pyproject.toml, the workspace model over the addons, then parse + lintFile per Python file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mergeSettings, readPyproject, type PyprojectResult, type Settings } from '../config';
import { scanWorkspace, type ScanShare } from '../odoo/index';
import { initParser, parsePython } from '../parse/parser';
import { activeRules, lintFile } from '../rules/engine';
import type { Finding, Rule } from '../rules/types';
import type { WorkspaceModel } from '../odoo/workspace';
import { collectPythonFiles, hasNulByte, type Skipped } from './files';
import { KeptTrees, type KeptTree } from './keptTrees';
import { fixOnDisk, withFixTitles, type FixedFile } from './fix';
import { lintInWorkers, workerCount } from './pool';

export interface LintOptions {
  /** Absolute paths (folders or files) to lint; they exist (checked by the caller). */
  paths: string[];
  odooVersion?: string;
  select?: string[];
  ignore?: string[];
  /** Progress sink (called often; the caller throttles). */
  progress?: (phase: 'scan' | 'lint', done: number, total: number) => void;
  /** Skipped files, config problems, rule crashes: one line each, meant for stderr. */
  warn: (line: string) => void;
  /** Apply the safe fixes on disk before reporting (`--fix`). */
  fix?: boolean;
}

export interface FileFindings { file: string; findings: Finding[] }

export interface LintResult {
  settings: Settings;
  /** The rules that ran (after settings, --select, --ignore), in registry order. */
  rules: Rule[];
  /** Every file linted, sorted by path, with its findings (possibly none). */
  files: FileFindings[];
  skipped: Skipped[];
  ioErrors: string[];
  elapsedMs: number;
  /** Files changed by --fix, with what was applied. */
  fixed?: FixedFile[];
}

/** The pyproject.toml of the folder or of its nearest ancestor that has a [tool.odoo-perf] table. */
export function findPyproject(start: string): PyprojectResult {
  let dir = start;
  for (;;) {
    const found = readPyproject(dir);
    if (found.file && (Object.keys(found.settings).length || found.problems.length)) return found;
    const parent = path.dirname(dir);
    if (parent === dir) return { settings: {}, problems: [] };
    dir = parent;
  }
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** A file named alone is indexed with its whole addon, so cross-file rules still see the models. */
function workspaceRoot(p: string): string {
  if (isDir(p)) return p;
  let dir = path.dirname(p);
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, '__manifest__.py'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return path.dirname(p);
}

/** What linting one file produced; replayed in file order, so output does not depend on threads. */
export type FileOutcome =
  | { kind: 'io'; error: string }
  | { kind: 'nul' }
  | { kind: 'ok'; findings: Finding[]; warnings: string[]; fixed?: FixedFile };

/** Everything a lint pass needs to rebuild the same settings and workspace in another thread. */
export interface LintSetup {
  roots: string[];
  pyprojectSettings: Partial<Settings>;
  odooVersion?: string;
  select?: string[];
  ignore?: string[];
  fix?: boolean;
}

export function settingsFor(setup: LintSetup): Settings {
  // --odoo-version replaces the pyproject value; like the editor setting it is the fallback used
  // when neither a manifest version nor an odoo/release.py tells the addon's version.
  return mergeSettings(setup.pyprojectSettings, setup.odooVersion ? { odooVersion: setup.odooVersion } : {});
}

/** Indexes the workspace of a lint pass; `log` gets its messages (held back by the caller). */
export async function workspaceFor(setup: LintSetup, log: (m: string) => void, onProgress?: (done: number, total: number) => void, share?: ScanShare, keep?: KeptTrees): Promise<WorkspaceModel> {
  await initParser();
  const settings = settingsFor(setup);
  return scanWorkspace({
    roots: setup.roots,
    addonsPaths: settings.addonsPaths,
    odooVersion: settings.odooVersion || undefined,
    onProgress,
    log,
    ...(keep ? { keepTree: keep.offer } : {}),
  }, share);
}

/** Reads the file: its text, or why it is not linted. */
function readSource(file: string): string | Extract<FileOutcome, { kind: 'io' | 'nul' }> {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    return { kind: 'io', error: `${file}: ${(e as Error).message}` };
  }
  if (hasNulByte(buf)) return { kind: 'nul' };
  // Invalid UTF-8 decodes to U+FFFD: the rest of the file still lints.
  return buf.toString('utf8');
}

/** Parses and lints one file (and fixes it on disk with `fix`); `kept`: the scan's text and tree
 * of it, used (and freed) instead of reading and parsing the file again. */
export function lintOneFile(file: string, setup: LintSetup, settings: Settings, workspace: WorkspaceModel, kept?: KeptTree): FileOutcome {
  let source: string;
  if (kept) {
    source = kept.source;
  } else {
    const read = readSource(file);
    if (typeof read !== 'string') return read;
    source = read;
  }
  let tree = kept?.tree ?? parsePython(source);
  const warnings: string[] = [];
  let fixed: FixedFile | undefined;
  try {
    if (setup.fix) {
      const done = fixOnDisk({ file, source, tree, workspace, settings, select: setup.select, ignore: setup.ignore });
      if (done.fixed) {
        tree.delete();
        ({ source, tree } = done);
        fixed = done.fixed;
      }
    }
    // tree-sitter recovers from syntax errors, so a broken file still lints its valid parts.
    const findings = lintFile({
      file,
      source,
      tree,
      workspace,
      settings,
      select: setup.select,
      ignore: setup.ignore,
      onRuleError: (rule, error) =>
        warnings.push(`odoo-perf: internal error in ${rule.meta.code} ${rule.meta.name} on ${file}: ${(error as Error)?.message ?? String(error)}`),
    });
    return { kind: 'ok', findings: withFixTitles(findings, { file, source, tree, workspace, settings }), warnings, ...(fixed ? { fixed } : {}) };
  } finally {
    tree.delete();
  }
}

export async function runLint(options: LintOptions): Promise<LintResult> {
  const started = Date.now();
  const first = options.paths[0];
  const config = findPyproject(isDir(first) ? first : path.dirname(first));
  for (const problem of config.problems) options.warn(`odoo-perf: ${problem}`);
  const setup: LintSetup = {
    roots: [...new Set(options.paths.map(workspaceRoot))],
    pyprojectSettings: config.settings,
    odooVersion: options.odooVersion,
    select: options.select,
    ignore: options.ignore,
    fix: options.fix,
  };
  const settings = settingsFor(setup);

  const walk = collectPythonFiles(options.paths, (n) => options.progress?.('scan', n, 0));
  for (const s of walk.skipped) options.warn(`odoo-perf: skipped ${s.file}: ${s.reason}`);
  const ioErrors = [...walk.errors];

  // Held back until the lint pass knows which files it skipped itself: the workspace index
  // reads the same files and would report the same skip a second time.
  const workspaceLog: string[] = [];
  const sorted = [...walk.files].sort();
  const outcomes: FileOutcome[] = [];
  // Large trees go to worker threads (each indexes the workspace itself, then lints its share);
  // --fix writes files and stays in this thread.
  const workers = options.fix ? 1 : workerCount(sorted);
  let pooled: FileOutcome[] | undefined;
  if (workers > 1) {
    try {
      pooled = await lintInWorkers(setup, sorted, workers, { progress: options.progress, log: (m) => workspaceLog.push(m) });
    } catch (e) {
      // Threads unavailable or a worker died: lint here instead (same result, slower).
      options.warn(`odoo-perf: worker threads failed (${(e as Error).message}); linting in one thread`);
      workspaceLog.length = 0;
    }
  }
  if (pooled) {
    outcomes.push(...pooled);
  } else {
    const keep = new KeptTrees(new Set(sorted));
    try {
      const workspace = await workspaceFor(setup, (m) => workspaceLog.push(m), (done, total) => options.progress?.('scan', done, total), undefined, keep);
      sorted.forEach((file, i) => {
        options.progress?.('lint', i, sorted.length);
        outcomes.push(lintOneFile(file, setup, settings, workspace, keep.take(file)));
      });
    } finally {
      keep.dispose();
    }
  }

  const files: FileFindings[] = [];
  const fixed: FixedFile[] = [];
  const skipped = [...walk.skipped];
  sorted.forEach((file, i) => {
    const outcome = outcomes[i];
    if (outcome.kind === 'io') {
      ioErrors.push(outcome.error);
    } else if (outcome.kind === 'nul') {
      skipped.push({ file, reason: 'contains NUL bytes (not Python source)' });
      options.warn(`odoo-perf: skipped ${file}: contains NUL bytes (not Python source)`);
    } else {
      for (const w of outcome.warnings) options.warn(w);
      if (outcome.fixed) fixed.push(outcome.fixed);
      files.push({ file, findings: outcome.findings });
    }
  });
  options.progress?.('lint', sorted.length, sorted.length);
  const reported = [...skipped.map((s) => s.file), ...ioErrors.map((e) => e.slice(0, e.indexOf(': ')))];
  for (const message of workspaceLog) {
    if (!reported.some((file) => message.includes(`${file}:`) || message.endsWith(file))) options.warn(`odoo-perf: ${message}`);
  }

  return {
    settings,
    rules: activeRules(settings, options.select, options.ignore),
    files,
    skipped,
    ioErrors,
    elapsedMs: Date.now() - started,
    ...(options.fix ? { fixed } : {}),
  };
}

/** Exit 1 when something at warning level or above was found. */
export function hasBlockingFindings(result: LintResult): boolean {
  return result.files.some((f) => f.findings.some((x) => x.severity === 'error' || x.severity === 'warning'));
}
