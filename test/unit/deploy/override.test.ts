// docker-compose.yml + docker-compose.override.yml merged as Compose merges them, with `${VAR}`
// interpolated from the .env next to them. Fixture test/fixtures/deploy_override; expectations by
// hand from the fixture and the Compose merge rules (scalars replaced, environment merged by key,
// ports concatenated, volumes merged by target) — line numbers 0-based.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { auditWorkspace } from '../../../server/src/deploy/index';
import { buildModel, effective } from '../../../server/src/deploy/model';
import { readCompose } from '../../../server/src/deploy/compose';
import { overrideFor } from '../../../server/src/deploy/merge';
import { MiB } from '../../../server/src/deploy/units';
import { loadFixture } from './helpers';

const BASE = 'deploy_override/docker-compose.yml';
const OVER = 'deploy_override/docker-compose.override.yml';
const SECRET = 'Override-Secret-5521';

test('the override replaces the command and the limits, merges environment, ports and services', () => {
  const m = buildModel(loadFixture('deploy_override'));
  assert.deepEqual(m.odoo.map((o) => o.name), ['odoo']);
  const o = m.odoo[0];
  assert.equal(o.file, BASE);
  const workers = effective(o, 'workers')!;
  assert.deepEqual({ value: workers.value, source: workers.source, file: workers.file }, { value: '6', source: 'command', file: OVER });
  assert.deepEqual(workers.range, { start: { line: 2, character: 16 }, end: { line: 2, character: 27 } });
  assert.equal(effective(o, 'max_cron_threads')?.value, '1');
  // cpus "${ODOO_CPUS-2}": unset → 2; memory ${ODOO_MEMORY:-4g}: empty in .env → 4g, replacing mem_limit 1g.
  assert.equal(o.svc!.cpus?.value, 2);
  assert.equal(o.svc!.cpus?.file, OVER);
  assert.equal(o.svc!.memLimit!.value / MiB, 4096);
  assert.equal(o.svc!.memLimit!.file, OVER);
  assert.deepEqual(o.svc!.ports.map((p) => [p.raw, p.file ?? BASE, p.range.start.line]), [['8069:8069', BASE, 8], ['8072:8072', OVER, 4]]);
  // Environment from the base, interpolated; an unknown variable keeps its literal.
  assert.equal(o.svc!.environment.get('PASSWORD')?.value, SECRET);
  assert.equal(o.svc!.environment.get('PGAPPNAME')?.value, '${APP_NAME}');
  assert.equal(o.conf?.file, 'deploy_override/config/odoo.conf');
  assert.equal(o.db?.svc.name, 'db');
  // nginx is only in the override and depends on odoo: it is the proxy of the merged project.
  assert.deepEqual(o.proxies.map((p) => [p.name, p.file]), [['nginx', OVER]]);
});

test('findings point at the file that sets the value', () => {
  const r = auditWorkspace(loadFixture('deploy_override'));
  const w = r.findings.filter((f) => f.code === 'OP502');
  // workers 6 > 2 × 2 + 1 = 5, the 6 set by the override's command.
  assert.deepEqual(w.map((f) => [f.file, f.range.start.line, f.range.start.character]), [[OVER, 2, 16]]);
  assert.match(w[0].message, /workers = 6 .* limited to 2 CPUs: the docs' ceiling is 2 × 2 \+ 1 = 5/);
  assert.deepEqual(w[0].related?.map((x) => [x.file, x.range.start.line]), [[OVER, 8]]);
  // proxy_mode = True in the conf and both ports published on every interface: one each, in its
  // file (findings come sorted by path: the override's name sorts first).
  const exposed = r.findings.filter((f) => f.code === 'OP511').map((f) => [f.file, f.range.start.line]);
  assert.deepEqual(exposed, [[OVER, 4], [BASE, 8]]);
});

test('the tuner edits the override\'s command and limits, not the base values they replace', () => {
  const r = auditWorkspace(loadFixture('deploy_override'));
  assert.ok(r.tuned, r.tunedReason);
  assert.equal(r.tuned.target.source, 'compose');
  assert.deepEqual([r.tuned.target.cpus, r.tuned.target.ramMiB > 0], [2, true]);
  const over = r.tuned.files.find((f) => f.file === OVER);
  assert.ok(over, 'the override is tuned');
  assert.ok(over.edits.some((e) => e.range.start.line === 2 && /^--workers=\d+$/.test(e.newText)), JSON.stringify(over.edits));
  const base = r.tuned.files.find((f) => f.file === BASE);
  // The base's command (line 4) and mem_limit (line 16) are overridden: never edited.
  assert.ok(!base?.edits.some((e) => e.range.start.line === 4 || e.range.start.line === 16), JSON.stringify(base?.edits));
});

test('secrets interpolated from .env never appear in any output', () => {
  const r = auditWorkspace(loadFixture('deploy_override'), { target: { cpus: 4, ramGb: 8 }, addonDepends: ['queue_job'] });
  const text = JSON.stringify(r);
  assert.ok(!text.includes(SECRET), 'the .env password is masked');
  assert.equal(r.services.find((s) => s.name === 'odoo')?.options?.db_password?.value, '********');
});

test('which files merge: <base> with <base>.override only, in the same folder', () => {
  const cf = (p: string) => readCompose(p, 'services: {}\n');
  const files = ['a/docker-compose.yml', 'a/docker-compose.override.yml', 'a/docker-compose.prod.yml', 'a/compose.yaml',
    'a/compose.override.yaml', 'b/docker-compose.override.yml', 'a/docker-compose.prod.override.yaml'].map(cf);
  const of = (p: string) => overrideFor(files.find((f) => f.file === p)!, files)?.file;
  assert.equal(of('a/docker-compose.yml'), 'a/docker-compose.override.yml');
  assert.equal(of('a/compose.yaml'), 'a/compose.override.yaml');
  assert.equal(of('a/docker-compose.prod.yml'), 'a/docker-compose.prod.override.yaml');
  assert.equal(of('a/docker-compose.override.yml'), undefined);
});

test('a malformed override: its syntax error, and the base audited alone', () => {
  const files = loadFixture('deploy_override').map((f) => (f.path === OVER ? { ...f, text: 'services:\n  odoo:\n    command: "-- --workers=6\n' } : f));
  const r = auditWorkspace(files);
  assert.deepEqual(r.findings.filter((f) => f.code === 'OP500').map((f) => f.file), [OVER]);
  const m = buildModel(files);
  assert.equal(effective(m.odoo[0], 'workers')?.value, '2');
  assert.equal(m.odoo[0].svc!.memLimit!.value / MiB, 1024);
});

test('without an override or .env nothing changes: values keep their literal ${VAR}', () => {
  const files = loadFixture('deploy_override').filter((f) => f.path !== OVER && !f.path.endsWith('.env'));
  const m = buildModel(files);
  assert.equal(m.odoo[0].svc!.environment.get('PASSWORD')?.value, '${DB_PASSWORD}');
  assert.equal(effective(m.odoo[0], 'workers')?.file, BASE);
  assert.equal(m.odoo[0].proxies.length, 0);
});
