// Settings shared by the LSP and the CLI: VS Code settings (odooPerf.*) and the
// [tool.odoo-perf] table of a workspace pyproject.toml use the same keys, so editor and CI agree.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { Severity } from './rules/types';

export type RuleSetting = Severity | 'off';

export interface Settings {
  /** Keyed by rule code (OP101) or name (search-in-loop). */
  rules: Record<string, RuleSetting>;
  /** e.g. "17.0"; empty when not set. */
  odooVersion: string;
  addonsPaths: string[];
  /** N shown by cost estimates when nothing tells a recordset's size (a list view page); >= 1. */
  assumedRecordCount?: number;
  /** Quick-fix options (odooPerf.fixes.*). */
  fixes?: FixSettings;
  /** Lint test code too (files under an addon's tests/ folder, TransactionCase classes); default false. */
  lintTests?: boolean;
}

export interface FixSettings {
  /** Seconds written by the OP302 "add timeout=" fix. */
  requestTimeout?: number;
}

export const DEFAULT_ASSUMED_RECORD_COUNT = 80;

export const DEFAULT_SETTINGS: Settings = { rules: {}, odooVersion: '', addonsPaths: [] };

const RULE_VALUES = new Set(['error', 'warning', 'information', 'hint', 'off']);
const ALIASES: Record<string, RuleSetting> = { info: 'information', warn: 'warning', none: 'off', false: 'off' };

/** Normalises untrusted settings input; unknown or malformed values are dropped, with a reason. */
export function normaliseSettings(raw: unknown, problems: string[] = []): Partial<Settings> {
  const out: Partial<Settings> = {};
  if (!raw || typeof raw !== 'object') return out;
  const r = raw as Record<string, unknown>;
  const rules = r.rules;
  if (rules && typeof rules === 'object' && !Array.isArray(rules)) {
    out.rules = {};
    for (const [key, value] of Object.entries(rules as Record<string, unknown>)) {
      const v = String(value).toLowerCase();
      const norm = (ALIASES[v] ?? v) as RuleSetting;
      if (RULE_VALUES.has(norm)) out.rules[key] = norm;
      else problems.push(`rules.${key}: "${String(value)}" is not one of error, warning, information, hint, off`);
    }
  } else if (rules !== undefined) problems.push('rules: expected a table of rule = severity');
  const version = r.odooVersion ?? r['odoo-version'] ?? r.odoo_version;
  if (typeof version === 'string' || typeof version === 'number') out.odooVersion = String(version);
  const paths = r.addonsPaths ?? r['addons-paths'] ?? r.addons_paths;
  if (Array.isArray(paths)) out.addonsPaths = paths.filter((p): p is string => typeof p === 'string');
  const lintTests = r.lintTests ?? r['lint-tests'] ?? r.lint_tests;
  if (typeof lintTests === 'boolean') out.lintTests = lintTests;
  else if (lintTests !== undefined) problems.push(`lintTests: "${String(lintTests)}" is not true or false`);
  const assumed = r.assumedRecordCount ?? r['assumed-record-count'] ?? r.assumed_record_count;
  if (assumed !== undefined && assumed !== null) {
    const n = typeof assumed === 'string' && assumed.trim() !== '' ? Number(assumed) : assumed;
    if (typeof n === 'number' && Number.isFinite(n) && n >= 1) out.assumedRecordCount = Math.floor(n);
    else problems.push(`assumedRecordCount: "${String(assumed)}" is not a number >= 1`);
  }
  const fixes = r.fixes;
  if (fixes && typeof fixes === 'object' && !Array.isArray(fixes)) {
    const f = fixes as Record<string, unknown>;
    const timeout = f.requestTimeout ?? f['request-timeout'] ?? f.request_timeout;
    if (typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0) out.fixes = { requestTimeout: timeout };
    else if (timeout !== undefined && timeout !== null) problems.push(`fixes.requestTimeout: "${String(timeout)}" is not a positive number of seconds`);
  }
  return out;
}

export interface PyprojectResult { settings: Partial<Settings>; file?: string; problems: string[] }

/** Reads [tool.odoo-perf] from `dir/pyproject.toml`; a malformed file yields a problem, never a throw. */
export function readPyproject(dir: string): PyprojectResult {
  const file = path.join(dir, 'pyproject.toml');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { settings: {}, problems: [] };
  }
  try {
    const doc = parseToml(text) as Record<string, unknown>;
    const tool = doc.tool as Record<string, unknown> | undefined;
    const table = tool?.['odoo-perf'];
    const problems: string[] = [];
    const settings = normaliseSettings(table, problems);
    if (settings.addonsPaths) settings.addonsPaths = settings.addonsPaths.map((p) => path.resolve(dir, p));
    return { settings, file, problems: problems.map((p) => `${file}: ${p}`) };
  } catch (e) {
    return { settings: {}, file, problems: [`${file}: not valid TOML (${(e as Error).message.split('\n')[0]})`] };
  }
}

/** Later layers win: defaults < pyproject < editor settings (an explicit editor choice is the user's). */
export function mergeSettings(...layers: Partial<Settings>[]): Settings {
  const out: Settings = { rules: {}, odooVersion: '', addonsPaths: [] };
  for (const layer of layers) {
    // Re-inserting moves a key to the end: the engine takes the LAST entry naming a rule (by code
    // or by name), so a later layer wins even when the two layers spell the rule differently.
    for (const [key, value] of Object.entries(layer.rules ?? {})) {
      delete out.rules[key];
      out.rules[key] = value;
    }
    if (layer.odooVersion) out.odooVersion = layer.odooVersion;
    if (layer.addonsPaths?.length) out.addonsPaths = [...out.addonsPaths, ...layer.addonsPaths];
    if (layer.assumedRecordCount) out.assumedRecordCount = layer.assumedRecordCount;
    if (layer.fixes) out.fixes = { ...out.fixes, ...layer.fixes };
    if (layer.lintTests !== undefined) out.lintTests = layer.lintTests;
  }
  return out;
}

/** Parses "17.0", "17", "saas~17.2" into a major version. */
export function parseOdooMajor(version: string | undefined): number | undefined {
  if (!version) return undefined;
  const m = /(\d+)(?:\.\d+)?/.exec(version);
  if (!m) return undefined;
  const major = Number(m[1]);
  return major >= 8 && major <= 30 ? major : undefined;
}
