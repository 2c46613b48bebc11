import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { walkAsync, walkSync, type WalkVisitor } from '../../../server/src/fs/walk';

/** root/{b.txt, a.txt, sub/{c.txt, deep/d.txt, back -> root}, .hidden/e.txt, dangling -> nowhere} */
function makeTree(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-perf-walk-'));
  fs.writeFileSync(path.join(root, 'b.txt'), 'b');
  fs.writeFileSync(path.join(root, 'a.txt'), 'a');
  fs.mkdirSync(path.join(root, 'sub', 'deep'), { recursive: true });
  fs.writeFileSync(path.join(root, 'sub', 'c.txt'), 'c');
  fs.writeFileSync(path.join(root, 'sub', 'deep', 'd.txt'), 'd');
  fs.mkdirSync(path.join(root, '.hidden'));
  fs.writeFileSync(path.join(root, '.hidden', 'e.txt'), 'e');
  fs.symlinkSync(root, path.join(root, 'sub', 'back'), 'dir');
  fs.symlinkSync(path.join(root, 'nowhere'), path.join(root, 'dangling'));
  return root;
}

function recorder(root: string, extra: Partial<WalkVisitor<number>> = {}) {
  const seen: string[] = [];
  const visitor: WalkVisitor<number> = {
    skipDir: (name) => name.startsWith('.'),
    onFile: (p) => {
      seen.push(path.relative(root, p));
    },
    ...extra,
  };
  return { seen, visitor };
}

test('sync and async walks visit the same files, in name order, once despite a link loop', async () => {
  const root = makeTree();
  try {
    const sync = recorder(root);
    walkSync(root, 0, sync.visitor);
    const asyncRun = recorder(root);
    await walkAsync(root, 0, asyncRun.visitor);
    assert.deepEqual(sync.seen, ['a.txt', 'b.txt', 'sub/c.txt', 'sub/deep/d.txt']);
    assert.deepEqual(asyncRun.seen, sync.seen);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('depth bound, stop, leaving a folder early, per-folder state and read errors', async () => {
  const root = makeTree();
  try {
    const shallow = recorder(root, { maxDepth: 1 });
    walkSync(root, 0, shallow.visitor);
    assert.deepEqual(shallow.seen, ['a.txt', 'b.txt', 'sub/c.txt']);

    const stopped = recorder(root);
    stopped.visitor.stop = () => stopped.seen.length >= 2;
    await walkAsync(root, 0, stopped.visitor);
    assert.deepEqual(stopped.seen, ['a.txt', 'b.txt']);

    const early = recorder(root);
    early.visitor.onFile = (p) => {
      early.seen.push(path.relative(root, p));
      return false;
    };
    walkSync(root, 0, early.visitor);
    assert.deepEqual(early.seen, ['a.txt']);

    const depths: Record<string, number> = {};
    walkSync(root, 0, {
      enterDir: (_dir, _entries, depth) => depth + 1,
      onFile: (p, _name, depth) => {
        depths[path.relative(root, p)] = depth;
      },
    });
    assert.equal(depths['a.txt'], 1);
    assert.equal(depths['sub/deep/d.txt'], 3);

    const errors: string[] = [];
    walkSync(path.join(root, 'missing'), 0, { onFile: () => undefined, onError: (_d, _e, op) => errors.push(op) });
    assert.deepEqual(errors, ['realpath']);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a link to a folder or file inside the same root is skipped: its target is reached at its own path', async () => {
  // OCA repositories carry setup/<addon>/odoo/addons/<addon> -> ../../../../<addon>; the link
  // sorts before the addon, and findings must name the addon's own path.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-perf-walk-'));
  fs.mkdirSync(path.join(root, 'sale_x'));
  fs.writeFileSync(path.join(root, 'sale_x', 'model.py'), 'x = 1\n');
  fs.mkdirSync(path.join(root, 'setup', 'sale_x', 'odoo', 'addons'), { recursive: true });
  fs.symlinkSync(path.join(root, 'sale_x'), path.join(root, 'setup', 'sale_x', 'odoo', 'addons', 'sale_x'), 'dir');
  fs.symlinkSync(path.join(root, 'sale_x', 'model.py'), path.join(root, 'alias.py'));
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-perf-walk-out-'));
  fs.writeFileSync(path.join(outside, 'ext.py'), 'y = 2\n');
  fs.symlinkSync(outside, path.join(root, 'linked_addons'), 'dir');
  const sync = recorder(root);
  walkSync(root, 0, sync.visitor);
  assert.deepEqual(sync.seen, [path.join('linked_addons', 'ext.py'), path.join('sale_x', 'model.py')]);
  const async = recorder(root);
  await walkAsync(root, 0, async.visitor);
  assert.deepEqual(async.seen, sync.seen);
});
