// `npm run bench [-- DIR] [-- --json] [-- --lines N] [-- --rules] [-- --runs N] [-- --no-lsp]`: speed
// figures of odoo-perf on one set of files. --rules adds a per-rule breakdown of the lint time;
// --runs N repeats the in-process half N times and reports medians (the machine may be shared);
// --no-lsp skips the language-server half (index and lint figures only).
// Without DIR, generates ~300k lines of realistic addon code (scripts/bench/generate.mjs, fixed seed)
// into a temporary folder. Prints: bare tree-sitter parse time, full lint time (index + rules, one
// thread, as `odoo-perf lint` runs them) and their ratio, lines per second, peak RSS, workspace index time, and the language server's
// didChange -> publishDiagnostics latency (median of 50 edits, debounce set to 0) on a ~400-line
// and a ~5,000-line file. With --json the last line is one JSON object with those figures.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generate } from './generate.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const json = args.includes('--json');
const linesArg = args.indexOf('--lines');
const targetLines = linesArg >= 0 ? Number(args[linesArg + 1]) : 300000;
const runsArg = args.indexOf('--runs');
const runs = runsArg >= 0 ? Math.max(1, Number(args[runsArg + 1]) || 1) : 1;
const byRule = args.includes('--rules');
const noLsp = args.includes('--no-lsp');
const dirArg = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--lines' && args[i - 1] !== '--runs');
const say = (m) => process.stderr.write(`${m}\n`);

async function bundleEngine() {
  if (!existsSync(path.join(root, 'dist', 'server.js'))) {
    const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm run build failed');
  }
  const esbuild = await import('esbuild');
  const out = path.join(root, 'dist', 'bench-engine.js');
  await esbuild.build({
    entryPoints: [path.join(root, 'scripts', 'bench', 'engine.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
    // Same aliasing as scripts/build.mjs: the ESM build of web-tree-sitter breaks under cjs bundling.
    alias: { 'web-tree-sitter': path.join(root, 'node_modules', 'web-tree-sitter', 'web-tree-sitter.cjs') },
  });
  return out;
}

function pythonFiles(dir, out = []) {
  for (const e of require('node:fs').readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') pythonFiles(p, out);
    else if (e.isFile() && e.name.endsWith('.py') && !e.name.startsWith('__')) out.push(p);
  }
  return out;
}

/** The files closest to 400 and 5,000 lines, for the editing latency test. */
function editTargets(dir) {
  const sized = pythonFiles(dir).map((f) => ({ f, n: readFileSync(f, 'utf8').split('\n').length }));
  const near = (n) => sized.reduce((best, x) => (!best || Math.abs(x.n - n) < Math.abs(best.n - n) ? x : best), undefined);
  return { small: near(400), large: near(5000) };
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function rssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Number(/\d+/.exec(status.split('\n').find((l) => l.startsWith(k)) ?? '')?.[0] ?? NaN);
    return { rss: kb('VmRSS:') / 1024, hwm: kb('VmHWM:') / 1024 };
  } catch {
    return { rss: NaN, hwm: NaN };
  }
}

/** Starts the bundled server on `dir`, waits for the index, then times 50 edits on each file. */
async function lspLatency(dir, targets) {
  const rpc = require('vscode-languageserver-protocol/node');
  const child = spawn(process.execPath, [path.join(root, 'dist', 'server.js'), '--stdio'], {
    stdio: 'pipe',
    env: { ...process.env, ODOO_PERF_DEBOUNCE_MS: '0' },
  });
  const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const published = new Map();
  const waiters = [];
  let indexed;
  const indexedPromise = new Promise((r) => (indexed = r));
  let indexLog = '';
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    published.set(`${p.uri}#${p.version}`, performance.now());
    for (const w of waiters.splice(0)) w();
  });
  conn.onNotification('window/logMessage', (p) => {
    if (/indexed \d+ addon/.test(p.message)) {
      indexLog = p.message;
      indexed();
    }
  });
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => ({})));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.listen();
  try {
    const started = performance.now();
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'bench' }],
      capabilities: { workspace: { configuration: true, workspaceFolders: true }, window: { workDoneProgress: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    });
    await conn.sendNotification('initialized', {});
    await Promise.race([indexedPromise, new Promise((_, rej) => setTimeout(() => rej(new Error('server did not finish indexing in 120 s')), 120000))]);
    const serverIndexMs = performance.now() - started;
    const afterIndex = rssMb(child.pid);
    const waitFor = (key, timeoutMs = 20000) =>
      new Promise((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`no diagnostics for ${key}`)), timeoutMs);
        const check = () => {
          if (published.has(key)) {
            clearTimeout(deadline);
            resolve(published.get(key));
          } else waiters.push(check);
        };
        check();
      });
    const result = {};
    for (const [label, target] of Object.entries(targets)) {
      const uri = pathToFileURL(target.f).href;
      const text = readFileSync(target.f, 'utf8');
      await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
      await waitFor(`${uri}#1`);
      const line = Math.floor(target.n / 2);
      const times = [];
      for (let v = 2; v <= 51; v++) {
        // Alternately insert and remove a statement in the middle of the file: a real re-lint each time.
        const change = v % 2 === 0
          ? { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '        x = self.env["res.partner"].search([])\n' }
          : { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' };
        const sent = performance.now();
        await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [change] });
        const got = await waitFor(`${uri}#${v}`);
        times.push(got - sent);
      }
      await conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
      result[label] = { lines: target.n, p50: median(times), max: Math.max(...times) };
    }
    return { serverIndexMs, serverRssMb: afterIndex.rss, serverPeakRssMb: rssMb(child.pid).hwm, indexLog, ...result };
  } finally {
    try {
      await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await conn.sendNotification('exit');
    } catch {
      // already gone
    }
    setTimeout(() => child.kill('SIGKILL'), 2000).unref();
  }
}

async function main() {
  let dir;
  let temp;
  if (dirArg) {
    dir = path.resolve(dirArg);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder`);
  } else {
    temp = mkdtempSync(path.join(os.tmpdir(), 'odoo-perf-bench-'));
    dir = temp;
    const g = generate(dir, { lines: targetLines, seed: 1 });
    say(`generated ${g.lines} Python lines in ${g.files} files under ${dir}`);
  }
  try {
    const engine = await bundleEngine();
    const results = [];
    for (let i = 0; i < runs; i++) {
      const r = spawnSync(process.execPath, [engine, dir, ...(byRule ? ['--rules'] : [])], { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (r.status !== 0) throw new Error(`bench engine failed: ${r.stderr}`);
      results.push(JSON.parse(r.stdout.trim().split('\n').pop()));
    }
    // Medians per figure over the runs (each figure on its own: a busy moment spoils one run's lint
    // time without spoiling another's parse time).
    const e = { ...results[0] };
    for (const k of ['parseMs', 'lintMs', 'indexMs', 'parseCpuMs', 'lintCpuMs', 'indexCpuMs', 'peakRssMb']) e[k] = median(results.map((x) => x[k]));
    if (byRule) for (const k of Object.keys(e.rules)) e.rules[k] = median(results.map((x) => x.rules[k]));
    const targets = editTargets(dir);
    const nan = { p50: NaN, max: NaN, lines: NaN };
    const lsp = noLsp
      ? { serverIndexMs: NaN, serverRssMb: NaN, serverPeakRssMb: NaN, small: { ...nan, lines: targets.small.n }, large: { ...nan, lines: targets.large.n } }
      : await lspLatency(dir, targets);
    const figures = {
      lines: e.lines,
      files: e.files,
      parseMs: Math.round(e.parseMs),
      lintMs: Math.round(e.lintMs),
      ratio: Number((e.lintMs / e.parseMs).toFixed(2)),
      linesPerSec: Math.round(e.lines / (e.lintMs / 1000)),
      peakRssMb: Math.round(e.peakRssMb),
      indexMs: Math.round(e.indexMs),
      editLatencyMsP50_400: Number(lsp.small.p50.toFixed(1)),
      editLatencyMsP50_5000: Number(lsp.large.p50.toFixed(1)),
    };
    const out = [
      `files: ${e.files} Python files, ${e.lines} lines (${os.cpus().length} CPUs, Node ${process.version})`,
      `bare tree-sitter parse:   ${figures.parseMs} ms (${Math.round(e.lines / (e.parseMs / 1000))} lines/s)`,
      `full lint (index+rules):  ${figures.lintMs} ms (${figures.linesPerSec} lines/s, single-threaded), ${e.findings} findings; ${e.keptFiles} of ${e.files} trees kept from the index`,
      `lint / parse ratio:       ${figures.ratio}`,
      `workspace index:          ${figures.indexMs} ms (in process); server scan to ready ${Math.round(lsp.serverIndexMs)} ms`,
      `peak RSS (engine run):    ${figures.peakRssMb} MB; server RSS after indexing ${Math.round(lsp.serverRssMb)} MB (peak ${Math.round(lsp.serverPeakRssMb)} MB)`,
      `edit latency p50:         ${figures.editLatencyMsP50_400} ms on ${lsp.small.lines} lines, ${figures.editLatencyMsP50_5000} ms on ${lsp.large.lines} lines (debounce 0; max ${Math.round(lsp.small.max)} / ${Math.round(lsp.large.max)} ms)`,
      `slowest files to lint:    ${e.slowest.map((s) => `${s.file} ${s.ms} ms`).join(', ')}`,
    ];
    if (runs > 1) out.push(`runs:                     ${runs} (medians; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})`);
    out.push(`CPU time (this process):  parse ${Math.round(e.parseCpuMs)} ms, lint ${Math.round(e.lintCpuMs)} ms (ratio ${(e.lintCpuMs / e.parseCpuMs).toFixed(2)}), index ${Math.round(e.indexCpuMs)} ms`);
    if (byRule) {
      out.push('CPU time per rule (ms, summed over all files; % of the lint CPU time):');
      const total = e.lintCpuMs;
      for (const [k, v] of Object.entries(e.rules)) out.push(`  ${String(Math.round(v)).padStart(7)}  ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
    }
    process.stdout.write(out.join('\n') + '\n');
    if (json) process.stdout.write(JSON.stringify(figures) + '\n');
  } finally {
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  say(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
