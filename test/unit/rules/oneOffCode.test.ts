import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';
import { initParser, parsePython } from '../../../server/src/parse/parser';
import { readManifest } from '../../../server/src/odoo/manifest';
import { isMigrationFile } from '../../../server/src/rules/oneOffCode';

const DIR = path.join(FIXTURES, 'op1xx_one_off');
const LOOP_RULES = ['OP101', 'OP102', 'OP103', 'OP104', 'OP105', 'OP106'];
const ADDON = path.join('partner_sync');
const HOOKS = path.join(ADDON, 'hooks.py');
const MIGRATION = path.join(ADDON, 'migrations', '16.0.1.1.0', 'post-migration.py');
const UPGRADE = path.join(ADDON, 'upgrades', '16.0.1.2.0', 'pre-migrate.py');
const MODEL = path.join(ADDON, 'models', 'contact.py');

/** `line:code:severity` of a file's findings. */
async function bySeverity(codes: string[], settings = {}) {
  const results = await lintFixture(DIR, codes, settings);
  const get = (file: string) => results.find((r) => r.file === file)!;
  return { results, get, sev: (file: string) => get(file).findings.map((f) => `${f.range.start.line + 1}:${f.code}:${f.severity}`) };
}

test('one-off code: loop rules still find their lines in migrations and hooks (nothing dropped)', async () => {
  const { results } = await bySeverity(LOOP_RULES);
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
});

test('migrations/ and upgrades/ scripts: per-iteration findings capped at information, with the reason', async () => {
  const { sev, get } = await bySeverity(LOOP_RULES);
  assert.deepEqual(sev(MIGRATION), ['8:OP101:information', '9:OP103:information', '10:OP106:information', '11:OP106:information']);
  assert.deepEqual(sev(UPGRADE), ['7:OP101:information']);
  for (const f of get(MIGRATION).findings) {
    assert.match(f.message, /Information only: this is a migration script, which runs once per upgrade; on a big database it can still make the upgrade slow\.$/);
  }
});

test('install/uninstall hooks named by the manifest, and the helpers they call, are capped; other functions are not', async () => {
  const { sev, get } = await bySeverity(LOOP_RULES);
  assert.deepEqual(sev(HOOKS), ['7:OP101:information', '14:OP103:information', '20:OP104:information', '33:OP101:warning']);
  const [hook, helper, uninstall, plain] = get(HOOKS).findings;
  assert.match(hook!.message, /this is the post_init_hook 'link_partners', which runs once per install;/);
  assert.match(helper!.message, /this is '_create_links', called from the post_init_hook 'link_partners', which runs once per install;/);
  assert.match(uninstall!.message, /this is the uninstall_hook 'uninstall_hook', which runs once per uninstall;/);
  assert.doesNotMatch(plain!.message, /Information only/);
  // ordinary model code of the same addon keeps its warning
  assert.deepEqual(sev(MODEL), ['14:OP101:warning']);
});

test('OP401 is not a per-iteration rule: an injection in a migration stays an error', async () => {
  const { sev } = await bySeverity(['OP401']);
  assert.deepEqual(sev(MIGRATION), ['11:OP401:error']);
});

test('an explicit severity setting wins over the one-off cap', async () => {
  const { sev, get } = await bySeverity(['OP101'], { rules: { OP101: 'warning' } });
  assert.deepEqual(sev(MIGRATION), ['8:OP101:warning']);
  assert.doesNotMatch(get(MIGRATION).findings[0]!.message, /Information only/);
  const { sev: sev2 } = await bySeverity(['OP101'], { rules: { 'search-in-loop': 'error' } });
  assert.deepEqual(sev2(HOOKS), ['7:OP101:error', '33:OP101:error']);
});

test('manifest: pre/post init and uninstall hooks are read, post_load is not one of them', async () => {
  await initParser();
  const tree = parsePython("{'name': 'X', 'pre_init_hook': 'pre', 'post_init_hook': \"post\", 'uninstall_hook': 'bye', 'post_load': 'patch'}");
  try {
    assert.deepEqual(readManifest(tree).hooks, { pre_init_hook: 'pre', post_init_hook: 'post', uninstall_hook: 'bye' });
  } finally {
    tree.delete();
  }
});

test('migration files: inside the addon by folder, outside one by a version folder under migrations/', () => {
  const addon = { name: 'a', dir: path.resolve('/x/a'), manifestPath: path.resolve('/x/a/__manifest__.py'), version: undefined, depends: [], odooVersion: 16 };
  assert.equal(isMigrationFile(path.resolve('/x/a/migrations/16.0.1.0.0/post-migrate.py'), addon), true);
  assert.equal(isMigrationFile(path.resolve('/x/a/upgrades/17.0.2.0.0/pre-x.py'), addon), true);
  assert.equal(isMigrationFile(path.resolve('/x/a/models/migrations.py'), addon), false);
  assert.equal(isMigrationFile(path.resolve('/x/a/models/migrations/helper.py'), addon), false);
  assert.equal(isMigrationFile(path.resolve('/y/b/migrations/16.0.1.0.0/post-migrate.py'), undefined), true);
  assert.equal(isMigrationFile(path.resolve('/y/b/migrations/helper.py'), undefined), false);
});
