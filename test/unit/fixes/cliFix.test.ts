// `odoo-perf lint --fix` on a copy of a fixture: the safe fixes land on disk, each changed file is
// listed on stderr, the report shows what is left (the fixed findings are gone).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { FIXTURES } from '../../helpers/fixtures';

const BIN = path.resolve(FIXTURES, '..', '..', 'bin', 'odoo-perf.js');

test('lint --fix writes the safe fixes and prints them per file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-perf-clifix-'));
  fs.cpSync(path.join(FIXTURES, 'fix_ws'), dir, { recursive: true });
  const r = spawnSync(process.execPath, [BIN, 'lint', '--fix', '--select', 'OP201,OP302,OP401', '--format', 'json', '.'], { cwd: dir, encoding: 'utf8' });
  const shop = fs.readFileSync(path.join(dir, 'fix_shop', 'models', 'shop.py'), 'utf8');
  assert.match(shop, /    partner_id = fields\.Many2one\('res\.partner', index='btree_not_null'\)  # expect: OP201\n/);
  assert.match(shop, /        return requests\.post\(url, json=\{'id': self\.id\}, timeout=10\)  # expect: OP302\n/);
  assert.match(shop, /        self\.env\.cr\.execute\("SELECT id FROM fix_shop WHERE name = %s", \(name,\)\)  # expect: OP401\n/);
  assert.match(shop, /    state = fields\.Selection\(\[\('draft', 'Draft'\), \('cancel', 'Cancelled'\)\], index=True\)/);
  assert.doesNotMatch(shop, /noqa/);
  const line = r.stderr.split('\n').find((l) => l.startsWith(path.join('fix_shop', 'models', 'shop.py')));
  assert.ok(line, r.stderr);
  assert.match(line, /: fixed 4 \(line 10 OP201 Add index='btree_not_null' \(skips empty values\); line 29 OP302 Add timeout=10; line 32 OP401 Pass the values as query parameters; line 41 OP201 Add index=True\)$/);
  const report = JSON.parse(r.stdout) as { diagnostics: unknown[] };
  assert.deepEqual(report.diagnostics, []);
  assert.equal(r.status, 0);
});

test('json output lists the fix titles of each finding', () => {
  const r = spawnSync(process.execPath, [BIN, 'lint', '--select', 'OP302', '--format', 'json', path.join(FIXTURES, 'fix_ws')], { encoding: 'utf8' });
  const report = JSON.parse(r.stdout) as { diagnostics: { code: string; fixes: string[] }[] };
  assert.deepEqual(report.diagnostics.map((d) => [d.code, d.fixes]), [['OP302', ['Add timeout=10', 'Ignore OP302 on this line']]]);
});
