// The tuned configuration for a 4 CPU / 8 GB target, computed by hand:
//   PostgreSQL shares the host: 8192 MiB × 1/4 = 2048 MiB, Odoo keeps 6144 MiB.
//   max_cron_threads = 2 (4 CPUs); workers = 2 × 4 + 1 − 2 = 7; (7 + 2) × 324.8 = 2923.2 ≤ 6144.
//   processes = 7 + 2 + 1 = 10; limit_memory_soft = floor(6144 / 10) = 614 MiB = 643825664 bytes;
//   limit_memory_hard = min(2560, floor(614 × 2.5) = 1535, 6144 / 2) = 1535 MiB = 1609564160 bytes.
//   db_maxconn 16: worst case 10 × 16 = 160; max_connections = max(100, 160 + 10) = 170.
//   PGTune on 2048 MiB: shared_buffers 512MB, effective_cache_size 1536MB, maintenance_work_mem
//   128MB, work_mem = (2048 − 512) MiB / (3 × (170 + 4)) = 3013 kB → floor 4MB; random_page_cost 1.1.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { auditWorkspace, applyEdits } from '../../../server/src/deploy/index';
import { odooTuning, pgTuning } from '../../../server/src/deploy/tune';
import { loadFixture, readExpected } from './helpers';

test('odoo and PGTune numbers for 4 CPU / 6144 MiB Odoo / 2048 MiB PostgreSQL', () => {
  assert.deepEqual(odooTuning(4, 6144), { workers: 7, cron: 2, soft: 614, hard: 1535, dbMaxconn: 16, processes: 10 });
  assert.deepEqual(pgTuning(2048, 4, 170), { maxConnections: 170, sharedKb: 524288, cacheKb: 1572864, maintenanceKb: 131072, workKb: 4096, randomPageCost: '1.1' });
  // 16 GiB PostgreSQL: work_mem = (16384 − 4096) MiB × 1024 / (3 × (100 + 8)) = 38836 kB; maintenance capped at 2GB? 16384/16 = 1024 MiB
  assert.deepEqual(pgTuning(16384, 8, 100), { maxConnections: 100, sharedKb: 4194304, cacheKb: 12582912, maintenanceKb: 1048576, workKb: 38836, randomPageCost: '1.1' });
  // 1 CPU, 1 GiB: cron 1, workers 2 × 1 + 1 − 1 = 2, (2 + 1) × 324.8 = 974.4 ≤ 1024; soft = 1024 / 4 = 256; hard = min(640, 512) = 512
  assert.deepEqual(odooTuning(1, 1024), { workers: 2, cron: 1, soft: 256, hard: 512, dbMaxconn: 16, processes: 4 });
  // 60 concurrent users on 8 CPUs: ceil(60 / 6) = 10 workers instead of 2 × 8 + 1 − 2 = 15
  assert.equal(odooTuning(8, 16384, 60).workers, 10);
  // Memory caps the workers: 4 CPUs but 2048 MiB → (w + 2) × 324.8 ≤ 2048 → w = 4
  assert.equal(odooTuning(4, 2048).workers, 4);
});

test('tuned edits applied to the fixture equal the expected files exactly', () => {
  const files = loadFixture('deploy_tuned');
  const r = auditWorkspace(files, { addonDepends: ['queue_job'], target: { cpus: 4, ramGb: 8 } });
  assert.ok(r.tuned, r.tunedReason);
  assert.deepEqual(r.tuned!.files.map((f) => f.file).sort(), ['deploy_tuned/config/odoo.conf', 'deploy_tuned/docker-compose.yml']);
  for (const f of r.tuned!.files) {
    const original = files.find((x) => x.path === f.file)!.text;
    assert.equal(applyEdits(original, f.edits), readExpected(`${f.file}.expected`), f.file);
  }
  const v = Object.fromEntries(r.tuned!.values.map((x) => [`${x.service}.${x.key}`, x.after]));
  assert.equal(v['odoo.workers'], '7');
  assert.equal(v['odoo.limit_time_real'], undefined); // set by the user: kept
  assert.equal(v['db.max_connections'], '170');
  assert.equal(r.tuned!.target.ramMiB, 8192);
  // Capacity table, before → after: 2 workers → 7; worst case (2+2+1) × 64 = 320 → 160; max_connections 100 → 170
  const cap = Object.fromEntries(r.tuned!.capacity.map((c) => [c.label, [c.before, c.after]]));
  assert.deepEqual(cap['HTTP workers'], ['2', '7']);
  assert.deepEqual(cap['PostgreSQL connections: worst case / max_connections'], ['320 / 100', '160 / 170']);
});

test('edits are minimal: untouched lines, comments and unknown keys keep their bytes', () => {
  const files = loadFixture('deploy_tuned');
  const r = auditWorkspace(files, { addonDepends: ['queue_job'], target: { cpus: 4, ramGb: 8 } });
  for (const f of r.tuned!.files) {
    for (const e of f.edits) {
      // Every edit either inserts or replaces a span inside one line; never a whole-file rewrite.
      assert.equal(e.range.start.line, e.range.end.line, JSON.stringify(e));
    }
  }
  const conf = r.tuned!.files.find((f) => f.file.endsWith('odoo.conf'))!;
  const replaced = conf.edits.filter((e) => e.range.start.character !== e.range.end.character);
  assert.deepEqual(replaced.map((e) => [e.range.start.line, e.newText]), [[4, '16']]); // only db_maxconn's value
});

test('the compose limits are the target when no explicit target is given; none at all gives a reason', () => {
  const r = auditWorkspace(loadFixture('deploy_nginx_conf'));
  assert.equal(r.tuned!.target.source, 'compose');
  // 4 CPUs, 4096 MiB for Odoo: workers 7, (7 + 2) × 324.8 = 2923.2 ≤ 4096; soft = 4096 / 10 = 409 MiB
  const v = Object.fromEntries(r.tuned!.values.map((x) => [x.key, x.after]));
  assert.equal(v.workers, '7');
  assert.equal(v.limit_memory_soft, String(409 * 1048576));
  // the db has its own 4096 MiB limit: shared_buffers 1GB
  assert.equal(v.shared_buffers, '1GB');
  assert.ok(!r.tuned!.values.some((x) => x.kind === 'compose'));
  const none = auditWorkspace(loadFixture('deploy_pgbouncer'));
  assert.equal(none.tuned, null);
  assert.match(none.tunedReason!, /no memory limit/);
});

test('options on a flow-sequence command are replaced and appended in place', () => {
  const text = 'services:\n  odoo:\n    image: odoo:18.0\n    command: ["--", "--workers=2"]\n    mem_limit: 4g\n    cpus: 2\n';
  const r = auditWorkspace([{ path: 'x/compose.yml', text }]);
  const f = r.tuned!.files[0];
  const out = applyEdits(text, f.edits);
  // 2 CPUs: cron 1, workers 4; 4096 / 6 = 682 MiB soft; hard = min(1705, 2048) = 1705 MiB
  assert.equal(out.split('\n')[3], `    command: ["--", "--workers=4", "--max-cron-threads=1", "--limit-memory-soft=${682 * 1048576}", "--limit-memory-hard=${1705 * 1048576}", "--limit-time-cpu=600", "--limit-time-real=1200", "--limit-request=8192", "--db_maxconn=16", "--gevent-port=8072"]`);
  assert.equal(out.split('\n').slice(4).join('\n'), '    mem_limit: 4g\n    cpus: 2\n');
});
