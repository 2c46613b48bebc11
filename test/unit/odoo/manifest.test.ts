import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser, parsePython } from '../../../server/src/parse/parser';
import { readManifest } from '../../../server/src/odoo/manifest';
import { manifestMajor, readReleaseVersion } from '../../../server/src/odoo/version';

async function manifest(src: string) {
  await initParser();
  const tree = parsePython(src);
  try {
    return readManifest(tree);
  } finally {
    tree.delete();
  }
}

test('reads name, version and depends from the dict literal', async () => {
  const m = await manifest("# comment\n{\n  'name': 'Sale X',\n  'version': '17.0.1.0.0',\n  'depends': ['sale', \"stock\"],\n  'data': [],\n}\n");
  assert.equal(m.name, 'Sale X');
  assert.equal(m.version, '17.0.1.0.0');
  assert.deepEqual(m.depends, ['sale', 'stock']);
  assert.deepEqual(m.problems, []);
});

test('depends may be a tuple; a missing key leaves defaults', async () => {
  const m = await manifest("{'name': 'Y', 'depends': ('a', 'b')}");
  assert.deepEqual(m.depends, ['a', 'b']);
  assert.equal(m.version, undefined);
});

test('a malformed manifest reports a problem and does not throw', async () => {
  const m = await manifest("{\n    'name': 'Broken',\n    'version': '16.0.1.0.0'\n    'depends': [\n");
  assert.ok(m.problems.length > 0);
  assert.deepEqual(m.depends, []);
});

test('a manifest that is not a dict is a problem', async () => {
  const m = await manifest('import os\nos.system("rm -rf /")\n');
  assert.ok(m.problems.length > 0);
  assert.equal(m.name, undefined);
});

test('manifest major only from the 5-part form', () => {
  assert.equal(manifestMajor('17.0.1.0.0'), 17);
  assert.equal(manifestMajor('16.0.2.3.1'), 16);
  assert.equal(manifestMajor('1.0.0'), undefined);
  assert.equal(manifestMajor('17.0'), undefined);
  assert.equal(manifestMajor(undefined), undefined);
});

test('release.py version_info gives the major', async () => {
  await initParser();
  const tree = parsePython("FINAL = 'final'\nversion_info = (18, 0, 0, FINAL, 0, '')\nserie = '18.0'\n");
  try {
    assert.equal(readReleaseVersion(tree), 18);
  } finally {
    tree.delete();
  }
  const none = parsePython("version = '17.0'\n");
  try {
    assert.equal(readReleaseVersion(none), undefined);
  } finally {
    none.delete();
  }
});
