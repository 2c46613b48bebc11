import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_SETTINGS, mergeSettings, normaliseSettings, parseOdooMajor, readPyproject } from '../../server/src/config';
import { activeRules } from '../../server/src/rules/engine';

const codes = (s: Parameters<typeof activeRules>[0]) => activeRules(s).map((r) => r.meta.code);

test('a later layer wins even when it names the rule differently', () => {
  const pyproject = normaliseSettings({ rules: { OP101: 'off' } });
  const editor = normaliseSettings({ rules: { 'search-in-loop': 'warning' } });
  assert.ok(codes(mergeSettings(DEFAULT_SETTINGS, pyproject, editor)).includes('OP101'));
  assert.ok(!codes(mergeSettings(DEFAULT_SETTINGS, editor, pyproject)).includes('OP101'));
});

test('severity aliases are accepted and nonsense is reported, not applied', () => {
  const problems: string[] = [];
  const s = normaliseSettings({ rules: { OP101: 'info', OP102: 'loud' } }, problems);
  assert.deepEqual(s.rules, { OP101: 'information' });
  assert.equal(problems.length, 1);
  assert.match(problems[0], /OP102/);
});

test('pyproject [tool.odoo-perf] is read; malformed TOML is a problem, not a throw', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'op-settings-'));
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.odoo-perf]\nodoo-version = "16.0"\naddons-paths = ["odoo/addons"]\n[tool.odoo-perf.rules]\nOP201 = "hint"\n');
  const ok = readPyproject(dir);
  assert.deepEqual(ok.problems, []);
  assert.equal(ok.settings.odooVersion, '16.0');
  assert.deepEqual(ok.settings.addonsPaths, [path.join(dir, 'odoo', 'addons')]);
  assert.deepEqual(ok.settings.rules, { OP201: 'hint' });
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.odoo-perf\nrules = ');
  const bad = readPyproject(dir);
  assert.deepEqual(bad.settings, {});
  assert.equal(bad.problems.length, 1);
});

test('Odoo major versions parse from the usual spellings', () => {
  assert.equal(parseOdooMajor('17.0'), 17);
  assert.equal(parseOdooMajor('saas~17.2'), 17);
  assert.equal(parseOdooMajor('16'), 16);
  assert.equal(parseOdooMajor(''), undefined);
  assert.equal(parseOdooMajor('1.0'), undefined);
});
