// Robustness: mutated copies of the example and fixture addons (byte deletes/inserts, truncation,
// invalid UTF-8, NUL bytes, 500-deep nesting, a 10 MB line) go through the engine, the CLI and the
// language server. Nothing may throw, no file may take more than 2 s, and the server keeps serving
// the other files. Fixed seeds and a bounded count: the same inputs every run, under a minute.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { mergeSettings } from '../../server/src/config';
import { scanWorkspace } from '../../server/src/odoo/index';
import type { MutableWorkspace } from '../../server/src/odoo/workspace';
import { initParser, parsePython } from '../../server/src/parse/parser';
import { lintFile } from '../../server/src/rules/engine';
import { skipReason } from '../../server/src/lsp/validation';
import { LspHarness, uriOf } from '../protocol/harness';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'odoo-perf.js');
const MAX_MS_PER_FILE = 2000;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) pythonFiles(p, out);
    else if (e.name.endsWith('.py')) out.push(p);
  }
  return out;
}

const SOURCES = [path.join(ROOT, 'examples'), path.join(ROOT, 'test', 'fixtures')]
  .filter((d) => fs.existsSync(d))
  .flatMap((d) => pythonFiles(d))
  .filter((f) => !f.endsWith('__init__.py'))
  .sort();

type Mutation = (buf: Buffer, r: () => number) => Buffer;

const MUTATIONS: Record<string, Mutation> = {
  deleteBytes(buf, r) {
    const out = [...buf];
    for (let i = 0, n = 1 + Math.floor(r() * 20); i < n && out.length; i++) out.splice(Math.floor(r() * out.length), 1 + Math.floor(r() * 8));
    return Buffer.from(out);
  },
  insertBytes(buf, r) {
    const out = [...buf];
    const pool = [...Buffer.from('()[]{}:,.\'"\\#\n\t    def class for in if else return self.search(')];
    for (let i = 0, n = 1 + Math.floor(r() * 20); i < n; i++) out.splice(Math.floor(r() * (out.length + 1)), 0, r() < 0.5 ? pool[Math.floor(r() * pool.length)] : Math.floor(r() * 256));
    return Buffer.from(out);
  },
  truncate(buf, r) {
    return buf.subarray(0, Math.floor(r() * buf.length));
  },
  invalidUtf8(buf, r) {
    const out = Buffer.from(buf);
    for (let i = 0; i < 10 && out.length; i++) out[Math.floor(r() * out.length)] = [0xff, 0xfe, 0xc3, 0x80, 0xed][Math.floor(r() * 5)];
    return out;
  },
  nulBytes(buf, r) {
    const out = Buffer.from(buf);
    if (out.length) out[Math.floor(r() * out.length)] = 0;
    return out;
  },
};

/** Extra inputs that are not mutations of a file: deep nesting of each kind, a 10 MB line. */
function specials(): Record<string, string> {
  const depth = 500;
  let blocks = '';
  for (let i = 0; i < depth; i++) blocks += `${' '.repeat(i)}for x${i} in self:\n`;
  blocks += `${' '.repeat(depth)}self.env['res.partner'].search([])\n`;
  return {
    parens: `x = ${'('.repeat(depth)}self.search([])${')'.repeat(depth)}\n`,
    lists: `x = ${'['.repeat(depth)}1${']'.repeat(depth)}\n`,
    calls: `x = ${'f('.repeat(depth)}self.env['a.b'].search([])${')'.repeat(depth)}\n`,
    unclosed: `def f(self):\n    return ${'('.repeat(depth)}\n`,
    blocks,
    attributes: `x = self${'.a'.repeat(depth)}.search([])\n`,
    hugeLine: `x = '${'a'.repeat(10 * 1024 * 1024)}'\n`,
  };
}

let workspace: MutableWorkspace;
const settings = mergeSettings({}, {});

before(async () => {
  await initParser();
  workspace = await scanWorkspace({ roots: [path.join(ROOT, 'examples')], addonsPaths: [] });
});

/** Lints like the server does (its skip rule first); returns the time it took. */
function lintTimed(file: string, source: string): number {
  const started = Date.now();
  if (skipReason(source)) return Date.now() - started;
  const tree = parsePython(source);
  try {
    lintFile({ file, source, tree, workspace, settings, onRuleError: (rule, e) => assert.fail(`${rule.meta.code} threw on ${file}: ${(e as Error)?.stack ?? e}`) });
  } finally {
    tree.delete();
  }
  return Date.now() - started;
}

test('the engine survives mutated files (fixed seeds): no throw, no rule error, < 2 s per file', () => {
  assert.ok(SOURCES.length >= 10, 'the example and fixture addons are there');
  let count = 0;
  for (const [name, mutate] of Object.entries(MUTATIONS)) {
    for (let seed = 1; seed <= 40; seed++) {
      const r = rng(seed * 7919 + name.length);
      const file = SOURCES[Math.floor(r() * SOURCES.length)];
      const text = mutate(fs.readFileSync(file), r).toString('utf8');
      const ms = lintTimed(file, text);
      assert.ok(ms < MAX_MS_PER_FILE, `${name} seed ${seed} on ${file}: ${ms} ms`);
      count++;
    }
  }
  assert.equal(count, 200);
});

test('the engine survives 500-deep nesting and bounds a 10 MB line (skipped, as the server does)', () => {
  for (const [name, text] of Object.entries(specials())) {
    const ms = lintTimed(path.join(ROOT, 'examples', 'carrier_sync', 'models', `${name}.py`), text);
    assert.ok(ms < MAX_MS_PER_FILE, `${name}: ${ms} ms`);
  }
  assert.equal(skipReason(specials().hugeLine), 'larger than 2 MB');
  assert.match(skipReason('x = 1\0\n') ?? '', /NUL/);
});

test('the workspace index survives mutated files and a broken manifest, and keeps the other addons', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-perf-fuzz-ws-'));
  try {
    const good = path.join(dir, 'good');
    fs.mkdirSync(path.join(good, 'models'), { recursive: true });
    fs.writeFileSync(path.join(good, '__manifest__.py'), "{'name': 'good', 'version': '17.0.1.0.0', 'depends': ['base']}\n");
    fs.writeFileSync(path.join(good, 'models', 'good.py'), "from odoo import fields, models\n\n\nclass Good(models.Model):\n    _name = 'good.model'\n    code = fields.Char()\n");
    const bad = path.join(dir, 'bad');
    fs.mkdirSync(path.join(bad, 'models'), { recursive: true });
    fs.writeFileSync(path.join(bad, '__manifest__.py'), "{'name': 'bad', 'version': \x00\xff((( [\n");
    const r = rng(42);
    SOURCES.slice(0, 20).forEach((src, i) => {
      const mutate = Object.values(MUTATIONS)[i % 5];
      fs.writeFileSync(path.join(bad, 'models', `m${i}.py`), mutate(fs.readFileSync(src), r));
    });
    fs.writeFileSync(path.join(bad, 'models', 'deep.py'), specials().blocks);
    fs.writeFileSync(path.join(bad, 'models', 'huge.py'), specials().hugeLine);
    const logs: string[] = [];
    const started = Date.now();
    const ws = await scanWorkspace({ roots: [dir], addonsPaths: [], log: (m) => logs.push(m) });
    assert.ok(Date.now() - started < 22 * MAX_MS_PER_FILE);
    assert.deepEqual(ws.addons().map((a) => a.name).sort(), ['bad', 'good']);
    assert.equal(ws.model('good.model')?.name, 'good.model');
    assert.equal(logs.filter((l) => l.includes('huge.py')).length, 1, logs.join('\n'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the CLI lints a tree of mutated files: exit 0/1, one line per skipped file, the good file still linted', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-perf-fuzz-cli-'));
  try {
    const addon = path.join(dir, 'fuzzed');
    fs.mkdirSync(path.join(addon, 'models'), { recursive: true });
    fs.writeFileSync(path.join(addon, '__manifest__.py'), "{'name': 'fuzzed', 'version': '17.0.1.0.0', 'depends': ['base']}\n");
    const r = rng(7);
    SOURCES.slice(0, 25).forEach((src, i) => {
      const mutate = Object.values(MUTATIONS).filter((_, k) => k !== 4)[i % 4];
      fs.writeFileSync(path.join(addon, 'models', `m${i}.py`), mutate(fs.readFileSync(src), r));
    });
    for (const [name, text] of Object.entries(specials())) fs.writeFileSync(path.join(addon, 'models', `s_${name}.py`), text);
    fs.writeFileSync(path.join(addon, 'models', 'nul.py'), 'x = 1\0\n');
    fs.writeFileSync(
      path.join(addon, 'models', 'zz_good.py'),
      "from odoo import models\n\n\nclass Good(models.Model):\n    _inherit = 'res.partner'\n\n    def go(self):\n        for rec in self:\n            rec.env['res.users'].search([('partner_id', '=', rec.id)])\n",
    );
    const started = Date.now();
    const res = spawnSync(process.execPath, [BIN, 'lint', dir, '--format', 'json'], { encoding: 'utf8', timeout: 60_000 });
    assert.ok(res.status === 0 || res.status === 1, `exit ${res.status}: ${res.stderr}`);
    assert.ok(Date.now() - started < 40 * MAX_MS_PER_FILE);
    assert.doesNotMatch(res.stderr, /internal error|uncaught|TypeError|RangeError/);
    const skips = res.stderr.split('\n').filter((l) => /skipped/.test(l));
    assert.equal(skips.filter((l) => l.includes('s_hugeLine.py')).length, 1, res.stderr);
    assert.equal(skips.filter((l) => l.includes('nul.py')).length, 1, res.stderr);
    const report = JSON.parse(res.stdout) as { findings?: { file: string; code: string }[] } & Record<string, unknown>;
    assert.match(JSON.stringify(report), /zz_good\.py[^]*OP101|OP101[^]*zz_good\.py/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

let lsp: LspHarness | undefined;
after(async () => {
  await lsp?.stop();
});

test('the server keeps serving other files while given mutated, deep, NUL and 10 MB buffers', { timeout: 60_000 }, async () => {
  process.env.ODOO_PERF_DEBOUNCE_MS = '0';
  lsp = await LspHarness.start([path.join(ROOT, 'examples')]);
  const good = SOURCES.find((f) => f.includes(`${path.sep}examples${path.sep}`))!;
  const goodUri = uriOf(good);
  const r = rng(99);
  const inputs: [string, string][] = [
    ...Object.entries(specials()),
    ['nul', 'x = 1\0\n'],
    ...Object.entries(MUTATIONS).map(([name, m]): [string, string] => [name, m(fs.readFileSync(SOURCES[Math.floor(r() * SOURCES.length)]), r).toString('utf8')]),
  ];
  for (const [name, text] of inputs) {
    const uri = uriOf(path.join(path.dirname(good), `fuzz_${name}.py`));
    const started = Date.now();
    await lsp.open(uri, text);
    const published = await lsp.diagnosticsFor(uri, 1, 10_000);
    assert.ok(Date.now() - started < MAX_MS_PER_FILE + 1000, `${name}: ${Date.now() - started} ms`);
    if (name === 'hugeLine' || name === 'nul') assert.deepEqual(published.diagnostics, []);
    await lsp.close(uri);
  }
  // Still alive and still linting a normal file.
  await lsp.open(goodUri, fs.readFileSync(good, 'utf8'));
  await lsp.diagnosticsFor(goodUri, 1, 10_000);
  assert.ok(lsp.alive);
  assert.doesNotMatch(lsp.logs.join('\n'), /uncaught|unhandled rejection|failed:/);
  assert.equal(lsp.logs.filter((l) => l.includes('fuzz_hugeLine.py')).length, 1, lsp.logs.join('\n'));
});
