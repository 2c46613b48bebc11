// `odoo-perf` command line. bin/odoo-perf.js calls main(argv) and exits with what it returns:
// 0 clean, 1 findings at warning level or above, 2 usage or I/O error (message on stderr).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../rules/index';
import { parseLintArgs, UsageError, type Format, type LintArgs } from './args';
import type { Formatter } from './format/common';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import { describeFixes } from './fix';
import { hasBlockingFindings, runLint } from './lint';
import { costCommand } from './cost';
import { auditCommand, parseAuditArgs } from './audit';
import { packageVersion } from './package';
import { createProgress } from './progress';

const FORMATTERS: Record<Format, Formatter> = { text: formatText, json: formatJson, sarif: formatSarif };

const USAGE = `Usage: odoo-perf <command> [options]

Commands:
  lint [PATH...]    Lint the Python files of Odoo addons (default PATH: the current folder)
  cost FILE         Estimate the SQL queries of a file's methods, loops and ORM calls
  audit [DIR]       Audit the deployment config (compose, odoo.conf) and preview a tuned one

Options:
  -h, --help        Show help (also: odoo-perf lint --help)
  -V, --version     Print the version
`;

const LINT_USAGE = `Usage: odoo-perf lint [PATH...] [options]

Lints every .py file under the given folders/files (default: the current folder) with the same
engine as the editor. Settings come from [tool.odoo-perf] in the pyproject.toml of the first PATH
or its nearest ancestor.

Options:
  -f, --format FORMAT     text (default), json or sarif
      --odoo-version X    Odoo version (e.g. 17.0) for addons whose manifest does not tell
                          (replaces odoo-version from pyproject.toml)
      --select CODES      Only these rules: comma-separated codes, names or prefixes (OP1,OP401)
      --ignore CODES      Skip these rules (same syntax)
  -o, --output FILE       Write the report to FILE instead of stdout
      --fix               Apply the safe quick fixes (index=, timeout=, ...) to the files,
                          print what changed per file on stderr, then report what is left
  -h, --help              Show this help

Paths in JSON and SARIF output are relative to PATH when one is given (its folder for a file),
to the current folder when several are given; text output is relative to the current folder.

Exit status: 0 no finding at warning level or above, 1 such findings, 2 usage or I/O error.
`;

interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

function fail(io: Io, message: string, hint = true): number {
  io.stderr.write(`odoo-perf: ${message}\n${hint ? "Run 'odoo-perf lint --help' for usage.\n" : ''}`);
  return 2;
}

/** Every --select/--ignore entry must name at least one rule: a typo must not silently lint nothing. */
function unknownCodes(list: string[]): string[] {
  return list.filter((c) => !RULES.some((r) => r.meta.name === c.toLowerCase() || r.meta.code.toUpperCase().startsWith(c.toUpperCase())));
}

function baseDir(paths: string[], cwd: string): string {
  if (paths.length !== 1) return cwd;
  const p = paths[0];
  return fs.statSync(p).isDirectory() ? p : path.dirname(p);
}

async function lintCommand(args: LintArgs, io: Io): Promise<number> {
  if (args.help) {
    io.stdout.write(LINT_USAGE);
    return 0;
  }
  for (const [flag, list] of [['--select', args.select], ['--ignore', args.ignore]] as const) {
    const unknown = unknownCodes(list);
    if (unknown.length) {
      const known = RULES.map((r) => `${r.meta.code} ${r.meta.name}`).join(', ') || 'none';
      return fail(io, `unknown rule code or name in ${flag}: ${unknown.join(', ')} (known rules: ${known})`, false);
    }
  }
  const paths = (args.paths.length ? args.paths : ['.']).map((p) => path.resolve(io.cwd, p));
  for (const p of paths) {
    if (!fs.existsSync(p)) return fail(io, `no such file or folder: ${path.relative(io.cwd, p) || p}`, false);
  }

  const toFile = args.output !== undefined;
  const progress = createProgress(io.stderr, true);
  let result;
  try {
    result = await runLint({
      paths,
      odooVersion: args.odooVersion,
      select: args.select,
      ignore: args.ignore,
      fix: args.fix,
      progress: (phase, done, total) => progress.update(phase, done, total),
      warn: (line) => {
        progress.clear();
        io.stderr.write(`${line}\n`);
      },
    });
  } finally {
    progress.clear();
  }
  for (const e of result.ioErrors) io.stderr.write(`odoo-perf: cannot read ${e}\n`);
  if (result.fixed) io.stderr.write(result.fixed.length ? describeFixes(result.fixed, io.cwd) : 'odoo-perf: nothing to fix\n');

  // https://no-color.org: any non-empty NO_COLOR disables colour.
  const color = args.format === 'text' && !toFile && !!io.stdout.isTTY && !io.env.NO_COLOR;
  const report = FORMATTERS[args.format](result, { base: baseDir(paths, io.cwd), cwd: io.cwd, color });
  if (toFile) {
    try {
      fs.writeFileSync(path.resolve(io.cwd, args.output!), report);
    } catch (e) {
      return fail(io, `cannot write ${args.output}: ${(e as Error).message}`, false);
    }
  } else {
    io.stdout.write(report);
  }
  if (result.ioErrors.length) return 2;
  return hasBlockingFindings(result) ? 1 : 0;
}

export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env }): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined) {
      io.stderr.write(USAGE);
      return 2;
    }
    if (command === '-h' || command === '--help' || command === 'help') {
      io.stdout.write(USAGE);
      return 0;
    }
    if (command === '-V' || command === '--version') {
      io.stdout.write(`${packageVersion()}\n`);
      return 0;
    }
    if (command === 'lint') return await lintCommand(parseLintArgs(rest), io);
    if (command === 'cost') return await costCommand(rest, io);
    if (command === 'audit') {
      try {
        return await auditCommand(parseAuditArgs(rest), io);
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        io.stderr.write(`odoo-perf: ${e.message}\nRun 'odoo-perf audit --help' for usage.\n`);
        return 2;
      }
    }
    return fail(io, command.startsWith('-') ? `unknown option: ${command}` : `unknown command: ${command}`);
  } catch (e) {
    if (e instanceof UsageError) return fail(io, e.message);
    return fail(io, `${(e as Error)?.stack ?? String(e)}`, false);
  }
}
