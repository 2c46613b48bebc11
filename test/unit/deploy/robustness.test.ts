// Malformed inputs and secrets.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditWorkspace, maskText } from '../../../server/src/deploy/index';
import { FIXTURES, loadFixture } from './helpers';

test('malformed YAML, INI and postgresql.conf: one finding each at the error, the rest audited', () => {
  const r = auditWorkspace(loadFixture('deploy_malformed'));
  const unreadable = r.findings.filter((f) => f.code === 'OP500');
  assert.deepEqual(unreadable.map((f) => f.file).sort(), ['deploy_malformed/docker-compose.yml', 'deploy_malformed/odoo.conf', 'deploy_malformed/postgresql.conf']);
  const yaml = unreadable.find((f) => f.file.endsWith('.yml'))!;
  assert.ok(yaml.range.start.line >= 2, `the unclosed quote opens on line 2, got ${yaml.range.start.line}`);
  assert.match(yaml.message, /not valid YAML/);
  const ini = unreadable.find((f) => f.file.endsWith('odoo.conf'))!;
  assert.deepEqual(ini.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 19 } });
  const pg = unreadable.find((f) => f.file.endsWith('postgresql.conf'))!;
  assert.equal(pg.range.start.line, 1);
  // The conf is still read: workers = 2 makes it a deployment, list_db = no is truthy.
  assert.deepEqual(r.findings.filter((f) => f.code !== 'OP500').map((f) => `${f.code}:${f.range.start.line}`), ['OP513:6']);
});

test('garbage never throws', () => {
  const junk = ['', '\u0000\u0001', ':\n- [', 'services: 3', 'services:\n  odoo: [1, 2]', 'services:\n  odoo:\n    image: odoo:17\n    command: {a: 1}\n    ports: 8069', '[options\nworkers=', '\t[options]\n  = 3\n'];
  for (const text of junk) {
    for (const name of ['docker-compose.yml', 'odoo.conf', 'postgresql.conf']) {
      assert.doesNotThrow(() => JSON.stringify(auditWorkspace([{ path: `j/${name}`, text }], { target: { cpus: 2, ramGb: 4 }, addonDepends: ['queue_job'] })));
    }
  }
});

const SECRETS = ['Cmd-Pass-7731', 'Env-Pass-4402', 'Conf-Master-5519', 'Conf-Db-8812', 'Bouncer-Pass-3390', 'Dev-Pass-1188', 'Tuned-Db-6604', 'Tuned-Master-9981'];

test('no secret value from the fixtures appears in any output', () => {
  const dirs = fs.readdirSync(FIXTURES).filter((d) => d.startsWith('deploy_'));
  let seen = 0;
  for (const d of dirs) {
    const files = loadFixture(d);
    const inputs = files.map((f) => f.text).join('\n');
    for (const s of SECRETS) if (inputs.includes(s)) seen++;
    for (const opts of [{}, { target: { cpus: 4, ramGb: 8 }, addonDepends: ['queue_job'] }]) {
      const out = JSON.stringify(auditWorkspace(files, opts));
      for (const s of SECRETS) assert.ok(!out.includes(s), `${s} leaked from ${d}`);
    }
  }
  assert.ok(seen >= SECRETS.length, 'the fixtures really contain the secrets');
});

test('the preview masks secrets on context lines, the edits keep them out entirely', () => {
  const r = auditWorkspace(loadFixture('deploy_tuned'), { addonDepends: ['queue_job'], target: { cpus: 4, ramGb: 8 } });
  assert.match(r.tuned!.preview, /POSTGRES_PASSWORD: \*{8}/);
  assert.match(r.tuned!.preview, /admin_passwd = \*{8}/);
  assert.match(r.tuned!.preview, /^\+channels = root:3$/m);
});

test('maskText covers the spellings met in compose files and configs', () => {
  const text = [
    'admin_passwd = hunter2-a', 'db_password: hunter2-b', '  - PASSWORD=hunter2-c', '  - "POSTGRES_PASSWORD=hunter2-d"',
    'command: odoo --db_password=hunter2-e -w hunter2-f --db_password hunter2-g', 'smtp_password=hunter2-h', 'command: ["--", "--db_password", "hunter2-i"]',
    'command:', '  - --db_password', '  - hunter2-j', '  - "-w"', '  - "hunter2-k"',
  ].join('\n');
  const masked = maskText(text);
  assert.ok(!/hunter2/.test(masked), masked);
  assert.equal(maskText('workers = 4\nimage: odoo:17'), 'workers = 4\nimage: odoo:17');
  void path;
});
