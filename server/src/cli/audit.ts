// `odoo-perf audit [DIR]`: the deployment audit (server/src/deploy) over a folder's compose
// files, Odoo configs and proxy configs, the same engine as the editor's "Audit Deployment".
// Secrets never reach the output: findings and summaries are masked by the engine, tuned texts
// and diffs go through maskText here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, auditWorkspace, maskText, unifiedDiff, type AuditResult, type DeployFinding, type Severity, type TargetInput } from '../deploy/index';
import { collectDeployFiles } from '../deploy/collect';
import { applyRuleSettings } from '../deploy/ruleSettings';
import { scanWorkspace } from '../odoo/index';
import { UsageError } from './args';
import { relPath } from './format/common';
import { findPyproject } from './lint';

export const AUDIT_USAGE = `Usage: odoo-perf audit [DIR] [options]

Audits the deployment config under DIR (default: the current folder): docker-compose*.yml /
compose*.yml / *.compose.yml, Odoo config files (*.conf, .odoorc with an [options] section),
postgresql.conf, Dockerfiles and the proxy configs they mount. A compose file and its
<name>.override.yml are merged as Compose merges them, and \${VAR} / \${VAR:-default} /
\${VAR-default} are interpolated from the .env next to the compose file (unknown variables keep
their literal text). Rule severities come from [tool.odoo-perf] rules in the pyproject.toml of
DIR or its nearest ancestor.

Options:
  -f, --format FORMAT   text (default) or json
      --tuned           Print the tuned configuration as a unified diff of every changed file
                        (text format; JSON always carries the full tuned texts)
      --cpus N          Host target for the tuned configuration: CPUs ...
      --ram-gb N        ... and RAM in GB (both needed; default: the compose resource limits)
      --users N         Expected concurrent users (optional, with --cpus and --ram-gb)
  -h, --help            Show this help

Paths are relative to DIR. Secret values (admin_passwd, db_password, passwords in the
environment or on a command line, secret-named variables of .env) are masked in every output.

Exit status: 0 no finding at warning level or above, 1 such findings, 2 usage or I/O error.
`;

export interface AuditArgs {
  dir?: string;
  format: 'text' | 'json';
  tuned: boolean;
  cpus?: number;
  ramGb?: number;
  users?: number;
  help: boolean;
}

const NUMBER_OPTIONS: Record<string, 'cpus' | 'ramGb' | 'users'> = { '--cpus': 'cpus', '--ram-gb': 'ramGb', '--users': 'users' };

export function parseAuditArgs(argv: string[]): AuditArgs {
  const args: AuditArgs = { format: 'text', tuned: false, help: false };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') args.help = true;
    else if (arg === '--tuned') args.tuned = true;
    else if (!arg.startsWith('-') || arg === '-') positional.push(arg);
    else {
      const eq = arg.indexOf('=');
      const flag = eq > 0 ? arg.slice(0, eq) : arg;
      if (flag !== '--format' && flag !== '-f' && !NUMBER_OPTIONS[flag]) throw new UsageError(`unknown option: ${flag}`);
      let value: string;
      if (eq > 0) value = arg.slice(eq + 1);
      else {
        if (i + 1 >= argv.length) throw new UsageError(`${flag} needs a value`);
        value = argv[++i];
      }
      if (flag === '--format' || flag === '-f') {
        if (value !== 'text' && value !== 'json') throw new UsageError(`audit --format must be text or json (got "${value}")`);
        args.format = value;
      } else {
        const n = Number(value);
        const key = NUMBER_OPTIONS[flag];
        const ok = Number.isFinite(n) && n > 0 && (key !== 'users' || Number.isInteger(n));
        if (!ok) throw new UsageError(`${flag} expects a positive number${key === 'users' ? ' (whole)' : ''} (got "${value}")`);
        args[key] = n;
      }
    }
  }
  if (positional.length > 1) throw new UsageError(`audit takes one folder (got ${positional.length})`);
  args.dir = positional[0];
  if ((args.cpus === undefined) !== (args.ramGb === undefined)) throw new UsageError('--cpus and --ram-gb go together');
  if (args.users !== undefined && args.cpus === undefined) throw new UsageError('--users needs --cpus and --ram-gb');
  return args;
}

export interface AuditRun {
  root: string;
  result: AuditResult;
  /** Text of every audited file, by absolute path (to build tuned texts and diffs). */
  texts: Map<string, string>;
  warnings: string[];
  ioErrors: string[];
}

/** Addon manifests' depends, for the queue_job checks (no Python code is executed). */
async function workspaceDepends(root: string, warn: (line: string) => void): Promise<string[]> {
  try {
    const ws = await scanWorkspace({ roots: [root], addonsPaths: [], log: () => {} });
    return [...new Set(ws.addons().flatMap((a) => a.depends))].sort();
  } catch (e) {
    warn(`odoo-perf: could not read the addon manifests: ${(e as Error).message}`);
    return [];
  }
}

export async function runAudit(root: string, target: TargetInput | undefined): Promise<AuditRun> {
  const warnings: string[] = [];
  const config = findPyproject(root);
  for (const problem of config.problems) warnings.push(`odoo-perf: ${problem}`);
  const collected = await collectDeployFiles(root);
  for (const s of collected.skipped) warnings.push(`odoo-perf: skipped ${s}`);
  const addonDepends = await workspaceDepends(root, (w) => warnings.push(w));
  const audit = auditWorkspace(collected.files, { addonDepends, ...(target ? { target } : {}) });
  const result: AuditResult = { ...audit, findings: applyRuleSettings(audit.findings, config.settings.rules ?? {}) };
  return { root, result, texts: new Map(collected.files.map((f) => [f.path, f.text])), warnings, ioErrors: collected.errors };
}

/** Full tuned text of each changed file, secrets masked, keyed by path relative to the root. */
export function tunedTexts(run: AuditRun): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of run.result.tuned?.files ?? []) {
    const text = run.texts.get(f.file);
    if (text !== undefined) out[relPath(run.root, f.file)] = maskText(applyEdits(text, f.edits));
  }
  return out;
}

/** unifiedDiff masks both sides; the labels are relative to the root. */
export function tunedDiff(run: AuditRun): string {
  const parts: string[] = [];
  for (const f of run.result.tuned?.files ?? []) {
    const text = run.texts.get(f.file);
    if (text !== undefined) parts.push(unifiedDiff(relPath(run.root, f.file), text, applyEdits(text, f.edits)));
  }
  return parts.filter(Boolean).join('\n');
}

function relFinding(root: string, f: DeployFinding) {
  return {
    file: relPath(root, f.file),
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    code: f.code,
    rule: f.rule,
    severity: f.severity,
    message: f.message,
  };
}

/** Services with their file paths relative to the root (options' sources may be paths). */
function relServices(run: AuditRun): AuditResult['services'] {
  const rel = (p: string) => (path.isAbsolute(p) ? relPath(run.root, p) : p);
  return run.result.services.map((s) => ({
    ...s,
    file: rel(s.file),
    ...(s.configFile ? { configFile: rel(s.configFile) } : {}),
    ...(s.options ? { options: Object.fromEntries(Object.entries(s.options).map(([k, v]) => [k, { ...v, source: rel(v.source) }])) } : {}),
    ...(s.settings ? { settings: Object.fromEntries(Object.entries(s.settings).map(([k, v]) => [k, { ...v, source: rel(v.source) }])) } : {}),
  }));
}

export function formatAuditJson(run: AuditRun): string {
  const { result } = run;
  const report = {
    services: relServices(run),
    findings: result.findings.map((f) => relFinding(run.root, f)),
    tuned: tunedTexts(run),
    ...(result.tuned ? { target: result.tuned.target, capacity: result.tuned.capacity } : {}),
    ...(result.tunedReason ? { tunedReason: result.tunedReason } : {}),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

const SEVERITIES: Severity[] = ['error', 'warning', 'information', 'hint'];

export function formatAuditText(run: AuditRun, cwd: string): string {
  const out: string[] = [];
  const { result } = run;
  for (const f of result.findings) {
    const loc = `${relPath(cwd, f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1}:`;
    out.push(`${loc} ${f.severity} ${f.code} ${f.message.replace(/\s*\n\s*/g, ' ')} [${f.rule}]`);
  }
  const services = result.services.map((s) => `${s.name} (${s.kind})`).join(', ');
  if (out.length) out.push('');
  const counts = SEVERITIES.map((s) => `${result.findings.filter((f) => f.severity === s).length} ${s}`).join(', ');
  const files = result.files.length;
  out.push(`${result.findings.length} deployment finding${result.findings.length === 1 ? '' : 's'} (${counts}) in ${files} file${files === 1 ? '' : 's'}; services: ${services || 'none found'}.`);
  if (result.tuned) out.push(`Tuned configuration for ${result.tuned.target.cpus} CPU, ${result.tuned.target.ramMiB} MiB: run with --tuned to see the diff.`);
  else if (result.tunedReason) out.push(`No tuned configuration: ${result.tunedReason}`);
  return `${out.join('\n')}\n`;
}

export interface AuditIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd: string;
}

export async function auditCommand(args: AuditArgs, io: AuditIo): Promise<number> {
  if (args.help) {
    io.stdout.write(AUDIT_USAGE);
    return 0;
  }
  const root = path.resolve(io.cwd, args.dir ?? '.');
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch {
    io.stderr.write(`odoo-perf: no such folder: ${args.dir ?? root}\n`);
    return 2;
  }
  if (!stat.isDirectory()) {
    io.stderr.write(`odoo-perf: audit expects a folder (got the file ${args.dir}); the deployment is read from the whole folder\n`);
    return 2;
  }
  const target = args.cpus !== undefined && args.ramGb !== undefined ? { cpus: args.cpus, ramGb: args.ramGb, ...(args.users ? { concurrentUsers: args.users } : {}) } : undefined;
  const run = await runAudit(root, target);
  for (const w of run.warnings) io.stderr.write(`${w}\n`);
  for (const e of run.ioErrors) io.stderr.write(`odoo-perf: cannot read ${e}\n`);
  if (args.format === 'json') io.stdout.write(formatAuditJson(run));
  else if (args.tuned) {
    if (run.result.tuned) {
      const diff = tunedDiff(run);
      io.stdout.write(diff ? `${diff}\n` : '');
      if (!diff) io.stderr.write('odoo-perf: the configuration is already tuned for the target; nothing to change\n');
    } else io.stderr.write(`odoo-perf: no tuned configuration: ${run.result.tunedReason ?? 'no target'}; pass --cpus and --ram-gb\n`);
  } else io.stdout.write(formatAuditText(run, io.cwd));
  if (run.ioErrors.length) return 2;
  return run.result.findings.some((f) => f.severity === 'error' || f.severity === 'warning') ? 1 : 0;
}
