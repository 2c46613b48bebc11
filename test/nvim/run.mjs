#!/usr/bin/env node
// Neovim (Debian's 0.7) as a second, independent LSP client: for each example file with expected
// findings, `nvim --headless --clean` runs probe.lua, which starts the bundled server over stdio,
// and this script checks the diagnostics it received (code, range, severity, source) against the
// hand-written expectations shared with the VS Code suite (../e2e/expectations.mjs).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { capabilities, diagnostics, hovers, pendingCodes } from '../e2e/expectations.mjs';
import { printResult, runAsScript, tally } from '../e2e/lib/report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const examples = path.join(repoRoot, 'examples');
const server = path.join(repoRoot, 'dist', 'server.js');
const NVIM_SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
const PER_FILE_TIMEOUT_MS = 60_000;

/** The (0-based) range an expectation names, computed from the file's own text. */
function expectedRange(lines, e) {
  let col = -1;
  for (let i = 0; i <= (e.occurrence ?? 0); i++) {
    col = lines[e.line - 1].indexOf(e.text, col + 1);
    if (col < 0) throw new Error(`expectation text ${JSON.stringify(e.text)} is not on line ${e.line}`);
  }
  if (!e.end) return [e.line - 1, col, e.line - 1, col + e.text.length];
  const endCol = lines[e.end.line - 1].lastIndexOf(e.end.after);
  return [e.line - 1, col, e.end.line - 1, endCol + e.end.after.length];
}

function probe(file, tmp, hover) {
  const out = path.join(tmp, `${path.basename(file)}-${Math.random().toString(36).slice(2)}.json`);
  const env = {
    ...process.env,
    // nvim's LSP log and state go to the temporary folder, not the user's.
    HOME: tmp,
    XDG_CONFIG_HOME: path.join(tmp, 'config'),
    XDG_DATA_HOME: path.join(tmp, 'data'),
    XDG_CACHE_HOME: path.join(tmp, 'cache'),
    XDG_STATE_HOME: path.join(tmp, 'state'),
    ODOO_PERF_NVIM_OUT: out,
    ODOO_PERF_SERVER: server,
    ODOO_PERF_ROOT: examples,
    ODOO_PERF_TIMEOUT_MS: String(PER_FILE_TIMEOUT_MS - 15_000),
  };
  if (hover) {
    env.ODOO_PERF_HOVER_LINE = String(hover.line);
    env.ODOO_PERF_HOVER_COL = String(hover.col);
  }
  return new Promise((resolve, reject) => {
    execFile(
      'nvim',
      ['--headless', '--clean', '-i', 'NONE', '-n', '-c', `luafile ${path.join(here, 'probe.lua')}`, file],
      { cwd: path.dirname(file), env, timeout: PER_FILE_TIMEOUT_MS, killSignal: 'SIGKILL' },
      (err, stdout, stderr) => {
        if (!existsSync(out)) return reject(new Error(`nvim wrote no result (${err ? err.message : 'exit 0'})\n${stdout}${stderr}`));
        resolve(JSON.parse(readFileSync(out, 'utf8')));
      },
    );
  });
}

async function checkFile(rel, wanted, tmp) {
  const file = path.join(examples, rel);
  const lines = readFileSync(file, 'utf8').split('\n');
  const h = hovers.find((x) => x.file === rel);
  const hover = h ? { line: h.line, col: lines[h.line - 1].indexOf(h.at) } : undefined;
  const start = Date.now();
  const seen = await probe(file, tmp, hover);
  const results = [];
  const problems = [...seen.errors];
  const actual = seen.diagnostics.filter((d) => !pendingCodes.includes(String(d.code)));
  const fmt = (d) => `${d.code} ${NVIM_SEVERITY[d.severity]} ${d.lnum + 1}:${d.col + 1}-${d.end_lnum + 1}:${d.end_col + 1}`;
  for (const e of wanted.filter((w) => !pendingCodes.includes(w.code))) {
    const [l1, c1, l2, c2] = expectedRange(lines, e);
    const i = actual.findIndex((d) => d.code === e.code && d.lnum === l1 && d.col === c1 && d.end_lnum === l2 && d.end_col === c2);
    if (i < 0) {
      problems.push(`missing ${e.code} at ${l1 + 1}:${c1 + 1}-${l2 + 1}:${c2 + 1}`);
      continue;
    }
    const [d] = actual.splice(i, 1);
    if (NVIM_SEVERITY[d.severity] !== e.severity) problems.push(`${fmt(d)}: expected severity ${e.severity}`);
    if (d.source !== 'odoo-perf') problems.push(`${fmt(d)}: source ${d.source}`);
    for (const part of e.messageIncludes ?? []) if (!d.message.includes(part)) problems.push(`${fmt(d)}: message lacks ${JSON.stringify(part)}`);
  }
  for (const d of actual) problems.push(`unexpected ${fmt(d)} ${JSON.stringify(d.message)}`);
  results.push({
    name: `diagnostics of ${rel}`,
    ok: problems.length === 0,
    error: problems.length ? `${problems.join('\n')}\nserver said: ${seen.server_messages.join(' | ')}` : undefined,
    ms: Date.now() - start,
  });
  if (h) {
    if (!capabilities.hover) results.push({ name: `hover: ${h.name}`, ok: true, skipped: 'capabilities.hover is off' });
    else {
      const value = seen.hover?.contents?.value ?? (typeof seen.hover?.contents === 'string' ? seen.hover.contents : JSON.stringify(seen.hover?.contents ?? null));
      const missing = h.includes.filter((p) => !String(value).includes(p));
      results.push({ name: `hover: ${h.name}`, ok: missing.length === 0, error: `hover lacks ${JSON.stringify(missing)}: ${JSON.stringify(value)}`, ms: 0 });
    }
  }
  return results;
}

export async function runNvim() {
  if (!existsSync(server)) throw new Error('dist/server.js is missing: run `npm run build` first');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'odoo-perf-nvim-'));
  mkdirSync(path.join(tmp, 'cache'), { recursive: true });
  const results = [];
  try {
    // Two at a time: each nvim starts its own server, which indexes the example workspace.
    const queue = Object.entries(diagnostics);
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) results.push(...(await checkFile(next[0], next[1], tmp)));
    };
    await Promise.all([worker(), worker()]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  results.sort((a, b) => a.name.localeCompare(b.name));
  for (const r of results) printResult('nvim', r);
  return tally(results);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runAsScript('neovim', runNvim);
}
