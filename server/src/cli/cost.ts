// `odoo-perf cost FILE [--line L | --function NAME] [--n 10,100,1000] [--format text|json]`:
// prints the cost model's estimates (the numbers the editor's hover shows) for a Python file of an
// addon. The file's addon is indexed first, so field kinds and comodels come from the workspace.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { evaluate, format, type FunctionEstimate, type SiteEstimate } from '../cost/index';
import { isZero, type Formula } from '../cost/formula';
import { afterFix } from '../cost/fix';
import { cachedEstimate, factsForWorkspace } from '../cost/sites';
import { DEFAULT_ASSUMED_RECORD_COUNT } from '../config';
import { scanWorkspace } from '../odoo/index';
import { initParser, parsePython, type Node } from '../parse/parser';
import { hasNulByte, MAX_SOURCE_BYTES } from '../fs/walk';
import { UsageError } from './args';
import { findPyproject } from './lint';

export const COST_USAGE = `Usage: odoo-perf cost FILE [--line L | --function NAME] [--n 10,100,1000] [--format text|json]

Estimates the SQL queries of the methods, loops and ORM calls of FILE as formulas in N, the number
of records the method runs on (self), and evaluates them at the given N values.

Options:
      --line L          Only what is on line L (1-based): calls, a loop header, a method name
      --function NAME   The method NAME (scope "function") with its loops and calls
      --n LIST          Comma-separated N values (default 10,100,1000)
  -f, --format FORMAT   text (default) or json
  -h, --help            Show this help

JSON: {"estimates": [{"line": L, "scope": "call|loop|function", "name": "...",
       "queries": {"10": q, ...}, "formula": "2 + N"}]}
Exit status: 0 on success, 2 on bad input (message on stderr).
`;

export interface CostArgs {
  file?: string;
  line?: number;
  functionName?: string;
  ns: number[];
  format: 'text' | 'json';
  help: boolean;
}

export function parseCostArgs(argv: string[]): CostArgs {
  const args: CostArgs = { ns: [10, 100, 1000], format: 'text', help: false };
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') { args.help = true; continue; }
    if (arg === '--') { files.push(...argv.slice(i + 1)); break; }
    if (!arg.startsWith('-') || arg === '-') { files.push(arg); continue; }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!['--line', '--function', '--n', '--format', '-f'].includes(flag)) throw new UsageError(`unknown option: ${flag}`);
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      if (i + 1 >= argv.length) throw new UsageError(`${flag} needs a value`);
      value = argv[++i];
    }
    switch (flag) {
      case '--line':
        if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--line expects a line number >= 1 (got "${value}")`);
        args.line = Number(value);
        break;
      case '--function':
        if (!/^[A-Za-z_]\w*$/.test(value)) throw new UsageError(`--function expects a method name (got "${value}")`);
        args.functionName = value;
        break;
      case '--n': {
        const ns = value.split(',').map((s) => s.trim()).filter(Boolean);
        if (!ns.length || ns.some((s) => !/^\d+$/.test(s) || Number(s) < 1)) throw new UsageError(`--n expects positive whole numbers separated by commas (got "${value}")`);
        args.ns = [...new Set(ns.map(Number))];
        break;
      }
      default:
        if (value !== 'text' && value !== 'json') throw new UsageError(`--format must be text or json (got "${value}")`);
        args.format = value;
    }
  }
  if (files.length !== 1) throw new UsageError(files.length ? `cost takes one FILE (got ${files.length})` : 'cost needs a FILE');
  if (args.line !== undefined && args.functionName !== undefined) throw new UsageError('use either --line or --function, not both');
  args.file = files[0];
  return args;
}

export interface CostEstimateJson {
  line: number;
  scope: 'call' | 'loop' | 'function';
  name: string;
  queries: Record<string, number>;
  formula: string;
  /** Queries each time the site runs, when paid per iteration (N+1 patterns). */
  perIteration?: number;
  /** The same site after its quick fix, when one exists. */
  afterFix?: { rewrite: string; queries: Record<string, number>; formula: string };
}

function functionsIn(root: Node): Node[] {
  const out: Node[] = [];
  const visit = (n: Node) => {
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === 'function_definition') out.push(c);
      visit(c);
    }
  };
  visit(root);
  return out;
}

function at(f: Formula, ns: number[]): Record<string, number> {
  return Object.fromEntries(ns.map((n) => [String(n), evaluate(f, n)]));
}

function toJson(site: SiteEstimate, est: FunctionEstimate, ns: number[]): CostEstimateJson {
  const line = (site.scope === 'function' ? site.node.childForFieldName('name') ?? site.node : site.node).startPosition.row + 1;
  const out: CostEstimateJson = { line, scope: site.scope, name: site.name, queries: at(site.total, ns), formula: format(site.total) };
  if (site.perExecution && site.perExecution.terms.every((t) => t.power === 0 && !t.ceils.length)) out.perIteration = evaluate(site.perExecution, 1);
  const fix = afterFix(site, est.options);
  if (fix) out.afterFix = { rewrite: fix.rewrite, queries: at(fix.total, ns), formula: format(fix.total) };
  return out;
}

/** The folder to index: the file's addon (nearest __manifest__.py), else its folder. */
function indexRoot(file: string): string {
  let dir = path.dirname(file);
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, '__manifest__.py'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return path.dirname(file);
}

export interface CostIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  cwd: string;
}

function fail(io: CostIo, message: string): number {
  io.stderr.write(`odoo-perf: ${message}\nRun 'odoo-perf cost --help' for usage.\n`);
  return 2;
}

export async function costCommand(argv: string[], io: CostIo): Promise<number> {
  let args: CostArgs;
  try {
    args = parseCostArgs(argv);
  } catch (e) {
    if (argv.includes('-h') || argv.includes('--help')) { io.stdout.write(COST_USAGE); return 0; }
    if (e instanceof UsageError) return fail(io, e.message);
    throw e;
  }
  if (args.help) { io.stdout.write(COST_USAGE); return 0; }
  const file = path.resolve(io.cwd, args.file!);
  let source: string;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return fail(io, `not a file: ${args.file}`);
    // Hand-written source is small; a bigger file is generated data (and would stall the parse).
    if (stat.size > MAX_SOURCE_BYTES) return fail(io, `larger than 2 MB, not estimated: ${args.file}`);
    source = fs.readFileSync(file, 'utf8');
  } catch {
    return fail(io, `no such file: ${args.file}`);
  }
  if (!/\.py$/i.test(file)) return fail(io, `not a Python file: ${args.file}`);
  if (hasNulByte(source)) return fail(io, `not a text file: ${args.file}`);
  const lineCount = source.split('\n').length;
  if (args.line !== undefined && args.line > lineCount) return fail(io, `--line ${args.line} is past the end of ${args.file} (${lineCount} lines)`);

  await initParser();
  const root = indexRoot(file);
  const ws = await scanWorkspace({ roots: [root], addonsPaths: [] });
  const assumed = findPyproject(path.dirname(file)).settings.assumedRecordCount ?? DEFAULT_ASSUMED_RECORD_COUNT;
  const ctx = { facts: factsForWorkspace(ws), options: { assumedRecordCount: assumed } };
  const tree = parsePython(source);
  try {
    const fns = functionsIn(tree.rootNode);
    let selected = fns;
    if (args.functionName) {
      selected = fns.filter((f) => f.childForFieldName('name')?.text === args.functionName);
      if (!selected.length) {
        const names = fns.map((f) => f.childForFieldName('name')?.text).filter(Boolean);
        return fail(io, `no method named ${args.functionName} in ${args.file}${names.length ? ` (methods: ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''})` : ''}`);
      }
    }
    const estimates: CostEstimateJson[] = [];
    for (const fn of selected) {
      const est = cachedEstimate(fn, ctx);
      // The method first, then its loops and calls in source order (a loop before the calls of its header line).
      const inner = [...est.loops, ...est.calls].sort((a, b) =>
        a.node.startPosition.row - b.node.startPosition.row || (a.scope === 'loop' ? 0 : 1) - (b.scope === 'loop' ? 0 : 1) || a.node.startIndex - b.node.startIndex);
      const sites: SiteEstimate[] = [est, ...inner];
      for (const site of sites) {
        const json = toJson(site, est, args.ns);
        if (args.line !== undefined) {
          // A loop counts on its header line, a method on its name's line, a call on its first line.
          if (json.line !== args.line || (isZero(site.total) && site.scope !== 'function')) continue;
          if (site.scope === 'function' && isZero(site.total)) continue;
        } else if (isZero(site.total) && !(site.scope === 'function' && args.functionName)) continue;
        estimates.push(json);
      }
    }
    io.stdout.write(args.format === 'json' ? `${JSON.stringify({ estimates }, null, 2)}\n` : formatText(estimates, path.relative(io.cwd, file) || file, args));
    return 0;
  } finally {
    tree.delete();
  }
}

function formatText(estimates: CostEstimateJson[], file: string, args: CostArgs): string {
  if (!estimates.length) {
    const where = args.line !== undefined ? `line ${args.line}` : args.functionName ? args.functionName : file;
    return `${file}: no database work found at ${where}\n`;
  }
  const lines = estimates.map((e) => {
    const values = Object.entries(e.queries).map(([n, q]) => `${q} at N = ${n}`).join(', ');
    const per = e.perIteration !== undefined ? ` (${e.perIteration} per iteration)` : '';
    const fix = e.afterFix ? `\n    after the fix (${e.afterFix.rewrite}): ${e.afterFix.formula} → ${Object.entries(e.afterFix.queries).map(([n, q]) => `${q} at N = ${n}`).join(', ')}` : '';
    const indent = e.scope === 'function' ? '' : '  ';
    return `${indent}${file}:${e.line} ${e.scope} ${e.name}: ${e.formula}${per} → ${values}${fix}`;
  });
  return `${lines.join('\n')}\n`;
}
