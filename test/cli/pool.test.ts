// `odoo-perf lint` spreads large trees over worker threads. The output must not depend on it:
// same findings, same order, same warnings, same exit code as a single-threaded run. Forced here
// with ODOO_PERF_WORKERS (the automatic choice only starts threads past a few MB of source).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runLint } from '../../server/src/cli/lint';
import { workerCount } from '../../server/src/cli/pool';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'odoo-perf.js');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'op-pool-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A tree with many addons (the examples and the rule fixtures), a NUL-byte file and bad UTF-8. */
function makeTree(): string {
  const dir = path.join(tmp, 'tree');
  fs.cpSync(path.join(ROOT, 'examples'), path.join(dir, 'examples'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'test', 'fixtures'), path.join(dir, 'fixtures'), { recursive: true });
  const addon = path.join(dir, 'odd_files');
  fs.mkdirSync(path.join(addon, 'models'), { recursive: true });
  fs.writeFileSync(path.join(addon, '__manifest__.py'), "{'name': 'Odd', 'version': '17.0.1.0.0', 'depends': ['base']}");
  fs.writeFileSync(path.join(addon, 'models', 'binary.py'), Buffer.from([0x70, 0x00, 0x71, 0x0a]));
  fs.writeFileSync(
    path.join(addon, 'models', 'latin1.py'),
    Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from("\nfrom odoo import models\nclass M(models.Model):\n    _name = 'odd.m'\n    def f(self):\n        for r in self:\n            self.env['odd.m'].search([('id', '=', r.id)])\n")]),
  );
  return dir;
}

const TREE = makeTree();

function lint(workers: string, format: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'lint', TREE, '--format', format], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ODOO_PERF_WORKERS: workers },
  });
  // The text summary ends with the elapsed time: the only part allowed to differ.
  return { code: r.status, stdout: r.stdout.replace(/\(\d+(\.\d+)?s\)/g, '(…s)'), stderr: r.stderr };
}

test('the CLI prints the same with 1, 2 and 3 worker threads, in every format', () => {
  for (const format of ['json', 'text', 'sarif']) {
    const single = lint('1', format);
    assert.ok(single.stdout.length > 1000, `${format}: the tree has findings`);
    for (const workers of ['2', '3']) {
      const pooled = lint(workers, format);
      assert.equal(pooled.code, single.code, `${format} x${workers}: exit code`);
      assert.equal(pooled.stdout, single.stdout, `${format} x${workers}: stdout`);
      assert.equal(pooled.stderr, single.stderr, `${format} x${workers}: stderr`);
    }
  }
  const json = JSON.parse(lint('2', 'json').stdout) as { diagnostics: { file: string; code: string }[] };
  assert.ok(json.diagnostics.some((d) => d.file.endsWith('latin1.py') && d.code === 'OP101'), 'bad UTF-8 still lints');
  assert.ok(lint('2', 'text').stderr.includes('binary.py'), 'the NUL-byte file is reported as skipped');
});

test('runLint in worker threads (unbundled) returns what one thread returns', async () => {
  const run = async (workers: string) => {
    const before = process.env.ODOO_PERF_WORKERS;
    process.env.ODOO_PERF_WORKERS = workers;
    const warnings: string[] = [];
    try {
      const r = await runLint({ paths: [TREE], warn: (w) => warnings.push(w) });
      return { files: r.files, skipped: r.skipped, ioErrors: r.ioErrors, warnings };
    } finally {
      if (before === undefined) delete process.env.ODOO_PERF_WORKERS;
      else process.env.ODOO_PERF_WORKERS = before;
    }
  };
  const single = await run('1');
  const pooled = await run('2');
  assert.ok(single.files.some((f) => f.findings.length > 0));
  assert.deepEqual(pooled, single);
});

test('threads only for large trees, or when asked', () => {
  const before = process.env.ODOO_PERF_WORKERS;
  try {
    delete process.env.ODOO_PERF_WORKERS;
    assert.equal(workerCount([path.join(ROOT, 'examples', 'carrier_sync', '__manifest__.py')]), 1, 'a small tree stays in one thread');
    process.env.ODOO_PERF_WORKERS = '3';
    assert.equal(workerCount([]), 3);
    process.env.ODOO_PERF_WORKERS = '0';
    assert.equal(workerCount([]), 1);
  } finally {
    if (before === undefined) delete process.env.ODOO_PERF_WORKERS;
    else process.env.ODOO_PERF_WORKERS = before;
  }
});
