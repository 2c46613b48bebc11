// The CLI parses a file once: the workspace scan keeps the trees of the files the lint pass will
// read (up to a memory budget) and the lint takes them instead of parsing again. What must hold:
// the budget and the wanted set are respected, a tree is handed over once, nothing leaks, and the
// findings are the same whether trees are kept or not.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as parser from '../../server/src/parse/parser';
import { KeptTrees, treeBudget, BUDGET_BYTES } from '../../server/src/cli/keptTrees';
import { runLint } from '../../server/src/cli/lint';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'op-kept-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
before(() => parser.initParser());

test('KeptTrees keeps only wanted files, within the budget, and hands each tree over once', () => {
  const deleted: string[] = [];
  const fakeTree = (name: string) => ({ delete: () => deleted.push(name) }) as unknown as parser.Tree;
  const keep = new KeptTrees(new Set(['/a.py', '/b.py', '/c.py']), 10);
  assert.equal(keep.offer('/a.py', '123456', fakeTree('a')), true);
  assert.equal(keep.offer('/x.py', '1', fakeTree('x')), false, 'not linted here: not kept');
  assert.equal(keep.offer('/b.py', '123456', fakeTree('b')), false, '6 + 6 bytes is over a budget of 10');
  assert.equal(keep.offer('/c.py', '1234', fakeTree('c')), true, '6 + 4 fits');
  assert.deepEqual(keep.files().sort(), ['/a.py', '/c.py']);
  assert.equal(keep.take('/a.py')?.source, '123456');
  assert.equal(keep.take('/a.py'), undefined, 'handed over once');
  // Taking a tree frees its share of the budget, but the scan is over by then: nothing re-offered.
  keep.dispose();
  assert.deepEqual(deleted, ['c'], 'dispose frees only the trees never taken');
  assert.deepEqual(keep.files(), []);
});

test('ODOO_PERF_KEEP_TREES_MB sets the budget; 0 keeps nothing; nonsense falls back to the default', () => {
  const saved = process.env.ODOO_PERF_KEEP_TREES_MB;
  try {
    process.env.ODOO_PERF_KEEP_TREES_MB = '2';
    assert.equal(treeBudget(), 2 * 1024 * 1024);
    process.env.ODOO_PERF_KEEP_TREES_MB = '0';
    assert.equal(treeBudget(), 0);
    process.env.ODOO_PERF_KEEP_TREES_MB = 'lots';
    assert.equal(treeBudget(), BUDGET_BYTES);
    delete process.env.ODOO_PERF_KEEP_TREES_MB;
    assert.equal(treeBudget(), 8 * 1024 * 1024);
  } finally {
    if (saved === undefined) delete process.env.ODOO_PERF_KEEP_TREES_MB;
    else process.env.ODOO_PERF_KEEP_TREES_MB = saved;
  }
});

test('one thread: each linted file is parsed once, and the findings equal a run that keeps no tree', async () => {
  const tree = path.join(tmp, 'tree');
  fs.cpSync(path.join(ROOT, 'examples'), tree, { recursive: true });
  const saved = { workers: process.env.ODOO_PERF_WORKERS, budget: process.env.ODOO_PERF_KEEP_TREES_MB };
  // Count parses through the module export, which the compiled (CommonJS) callers read at call time.
  const real = parser.parsePython;
  let parses = 0;
  (parser as { parsePython: typeof real }).parsePython = (source, old) => {
    parses++;
    return real(source, old);
  };
  const run = async (budgetMb: string) => {
    process.env.ODOO_PERF_KEEP_TREES_MB = budgetMb;
    parses = 0;
    const r = await runLint({ paths: [tree], warn: () => undefined });
    return { files: r.files, parses };
  };
  try {
    process.env.ODOO_PERF_WORKERS = '1';
    const none = await run('0');
    const kept = await run('8');
    assert.ok(none.files.filter((f) => f.findings.length).length >= 3, 'the examples have findings');
    assert.deepEqual(kept.files, none.files);
    // Keeping no tree parses every linted module twice (index, then lint); keeping them saves one
    // parse per module (the examples are well under the budget). Manifests are read by their own
    // small parse when the addon is loaded, so they are not among the kept trees.
    const modules = none.files.filter((f) => path.basename(f.file) !== '__manifest__.py');
    assert.equal(modules.length, 16);
    assert.equal(none.parses - kept.parses, modules.length);
  } finally {
    (parser as { parsePython: typeof real }).parsePython = real;
    for (const [k, v] of [['ODOO_PERF_WORKERS', saved.workers], ['ODOO_PERF_KEEP_TREES_MB', saved.budget]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
});
