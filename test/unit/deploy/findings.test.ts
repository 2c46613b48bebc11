// Each OP5xx finding on a fixture, with positions and numbers computed by hand.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { auditWorkspace, type DeployFinding } from '../../../server/src/deploy/index';
import { loadFixture } from './helpers';

function keys(findings: DeployFinding[]): string[] {
  return findings.map((f) => `${f.code}@${f.file.split('/').slice(1).join('/')}:${f.range.start.line}:${f.range.start.character}`).sort();
}
function msg(findings: DeployFinding[], code: string): string {
  const f = findings.filter((x) => x.code === code);
  assert.equal(f.length, 1, `exactly one ${code}`);
  return f[0].message;
}

test('official image with command-line options, nothing mounted', () => {
  const r = auditWorkspace(loadFixture('deploy_official_cmd'));
  assert.deepEqual(keys(r.findings), [
    'OP502@docker-compose.yml:4:16', // --workers=9 token
    'OP503@docker-compose.yml:15:18', // memory: 2G
    'OP505@docker-compose.yml:4:4', // command key: limit_memory_hard is Odoo's default
    'OP506@docker-compose.yml:4:16',
    'OP507@docker-compose.yml:4:4',
    'OP508@docker-compose.yml:16:2', // db service
    'OP512@docker-compose.yml:2:2', // web service
    'OP513@docker-compose.yml:4:4',
    'OP514@docker-compose.yml:4:4',
    'OP517@docker-compose.yml:2:2',
  ].sort());
  assert.match(msg(r.findings, 'OP502'), /workers = 9 .* 2 CPUs: .*2 × 2 \+ 1 = 5/);
  // (9 workers + 2 cron) × (0.8 × 150 + 0.2 × 1024) = 11 × 324.8 = 3572.8 MiB > 2048 MiB
  assert.match(msg(r.findings, 'OP503'), /2048 MiB .*9 workers \+ 2 cron = 11 processes .*= 3572\.8 MiB/);
  assert.match(msg(r.findings, 'OP505'), /limit_memory_hard = 2560 MiB \(Odoo's default\) is above the 2048 MiB/);
  // (9 + 2 + 1) × 64 = 768 > 100
  assert.match(msg(r.findings, 'OP506'), /\(9 workers \+ 2 cron \+ 1 gevent\) × db_maxconn 64 = 768 exceed PostgreSQL `db` max_connections 100[^(]/);
  assert.equal(r.findings.find((f) => f.code === 'OP506')!.related![0].range.start.line, 18);
  assert.match(msg(r.findings, 'OP507'), /limit_time_cpu, limit_time_real, limit_request are not set/);
  assert.match(msg(r.findings, 'OP512'), /workers = 9.*\/websocket.*gevent_port 8072.*port 8069 is published but 8072 is not/);
  assert.match(msg(r.findings, 'OP514'), /not set .*default "admin"/);
  assert.equal(r.findings.find((f) => f.code === 'OP507')!.severity, 'information');
});

test('mounted odoo.conf behind nginx, queue_job addon', () => {
  const r = auditWorkspace(loadFixture('deploy_nginx_conf'), { addonDepends: ['base', 'queue_job'] });
  assert.deepEqual(keys(r.findings), [
    'OP504@config/odoo.conf:7:0', // limit_memory_soft line
    'OP506@config/odoo.conf:6:0', // workers line
    'OP509@docker-compose.yml:18:18', // db memory: 4G
    'OP510@config/odoo.conf:0:0', // [options] header: proxy_mode missing
    'OP512@docker-compose.yml:1:2',
    'OP514@config/odoo.conf:2:0', // admin_passwd in clear text
    'OP515@config/odoo.conf:0:0',
  ].sort());
  // (4 + 2 + 1) × 1024 MiB = 7168 MiB > 4096 MiB; 4096 / 7 = 585.1
  assert.match(msg(r.findings, 'OP504'), /\(4 workers \+ 2 cron \+ 1 gevent\) × limit_memory_soft 1024 MiB = 7168 MiB is above the 4096 MiB .*at most 585 MiB/);
  assert.match(msg(r.findings, 'OP506'), /= 448 exceed PostgreSQL `db` max_connections 100 \(default\)/);
  // 128MB < 4096 MiB / 8; PGTune RAM/4 = 1GB
  assert.match(msg(r.findings, 'OP509'), /shared_buffers 128MB \(default\) < RAM\/8 \(PGTune: RAM\/4 = 1GB\)/);
  assert.doesNotMatch(msg(r.findings, 'OP509'), /effective_cache_size/); // 4GB default = 4096 MiB: not above
  assert.match(msg(r.findings, 'OP510'), /behind `nginx`/);
  assert.match(msg(r.findings, 'OP512'), /configuration of `nginx` never mentions port 8072 or \/websocket/);
  assert.equal(r.findings.find((f) => f.code === 'OP514')!.severity, 'information');
  assert.match(msg(r.findings, 'OP515'), /"base,web" \(default\).*base,web,queue_job/);
  const odoo = r.services.find((s) => s.kind === 'odoo')!;
  assert.equal(odoo.configFile, 'deploy_nginx_conf/config/odoo.conf');
  assert.equal(odoo.dbService, 'db');
  assert.deepEqual(odoo.limits, { cpus: 4, memoryMiB: 4096 });
  assert.equal(odoo.odooVersion, 17);
  assert.equal(odoo.options!.workers.value, '4');
});

test('OP516 once queue_job is server-wide without channels; quiet with channels', () => {
  const files = loadFixture('deploy_nginx_conf').map((f) => f.path.endsWith('config/odoo.conf') ? { ...f, text: f.text + 'server_wide_modules = base,web,queue_job\n' } : f);
  const r = auditWorkspace(files, { addonDepends: ['queue_job'] });
  assert.ok(!r.findings.some((f) => f.code === 'OP515'));
  const f = r.findings.filter((x) => x.code === 'OP516');
  assert.equal(f.length, 1);
  assert.equal(f[0].range.start.line, 13); // the server_wide_modules line just appended
  assert.match(f[0].message, /root:1/);
  const withChannels = files.map((x) => x.path.endsWith('config/odoo.conf') ? { ...x, text: x.text + '\n[queue_job]\nchannels = root:2\n' } : x);
  assert.ok(!auditWorkspace(withChannels, { addonDepends: ['queue_job'] }).findings.some((x) => x.code === 'OP516'));
  // Without the depends, neither rule speaks.
  assert.ok(!auditWorkspace(files).findings.some((x) => x.code === 'OP515' || x.code === 'OP516'));
});

test('pgbouncer between Odoo and PostgreSQL; compose v1 mem_limit on the db', () => {
  const r = auditWorkspace(loadFixture('deploy_pgbouncer'));
  assert.deepEqual(keys(r.findings), [
    'OP506@docker-compose.yml:3:20', // "--workers=2" item
    'OP507@docker-compose.yml:3:4',
    'OP509@docker-compose.yml:17:15', // mem_limit: 2g
    'OP514@docker-compose.yml:3:4',
  ].sort());
  // (2 + 2 + 1) × 64 = 320 > 50
  assert.match(msg(r.findings, 'OP506'), /= 320 exceed pgbouncer `pgbouncer` max_client_conn 50[^(]/);
  assert.match(msg(r.findings, 'OP509'), /shared_buffers 128MB \(default\) < RAM\/8 \(PGTune: RAM\/4 = 512MB\)/);
  assert.match(msg(r.findings, 'OP509'), /effective_cache_size 4GB \(default\) > the 2048 MiB limit.*3·RAM\/4 = 1536MB/);
  const odoo = r.services.find((s) => s.kind === 'odoo')!;
  assert.equal(odoo.dbService, 'db');
  assert.equal(odoo.options!.proxy_mode.value, 'True');
  assert.equal(odoo.options!.list_db.value, 'False');
});

test('compose v1 mem_limit/cpus, Odoo 15 longpolling published on localhost', () => {
  const r = auditWorkspace(loadFixture('deploy_v1_memlimit'));
  assert.deepEqual(keys(r.findings), [
    'OP503@docker-compose.yml:5:15',
    'OP505@docker-compose.yml:4:4',
    'OP507@docker-compose.yml:4:4',
    'OP514@docker-compose.yml:4:4',
  ].sort());
  // (2 + 2) × 324.8 = 1299.2 MiB > 512 MiB; 2 workers = 2 × 0.5 + 1: not above
  assert.match(msg(r.findings, 'OP503'), /512 MiB .*= 1299\.2 MiB/);
  assert.match(msg(r.findings, 'OP505'), /2560 MiB .* 512 MiB/);
  const odoo = r.services.find((s) => s.kind === 'odoo')!;
  assert.deepEqual(odoo.limits, { cpus: 0.5, memoryMiB: 512 });
  assert.equal(odoo.odooVersion, 15);
});

test('lookalikes stay quiet: dev compose, non-Odoo compose, nginx.conf, a developer .odoorc', () => {
  const r = auditWorkspace(loadFixture('deploy_quiet'), { addonDepends: ['queue_job'] });
  assert.deepEqual(r.findings, []);
  assert.equal(r.files.find((f) => f.path.endsWith('nginx.conf'))!.role, 'other');
  assert.equal(r.files.find((f) => f.path.endsWith('.odoorc'))!.role, 'odoo-conf');
  assert.equal(r.services.filter((s) => s.kind === 'odoo').length, 2); // the dev service and the .odoorc
});

test('workers = 0 in a production compose is OP501 with the CPU-based sizing', () => {
  const text = 'services:\n  odoo:\n    image: odoo:17\n    command: -- --workers=0\n    cpus: 2\n';
  const r = auditWorkspace([{ path: 'p/compose.yml', text }]);
  const f = r.findings.filter((x) => x.code === 'OP501');
  assert.equal(f.length, 1);
  assert.deepEqual(f[0].range.start, { line: 3, character: 16 });
  assert.match(f[0].message, /2 × 2 \+ 1 = 5 workers/);
  // Unset in the official image (no config file mounted): the default 0, reported on the command key.
  const unset = auditWorkspace([{ path: 'p/compose.yml', text: 'services:\n  odoo:\n    image: odoo:17\n' }]);
  assert.equal(unset.findings.filter((x) => x.code === 'OP501').length, 1);
  // A custom image whose config is baked in: we cannot see workers, so nothing is claimed.
  const custom = auditWorkspace([{ path: 'p/compose.yml', text: 'services:\n  odoo:\n    image: acme/erp:1\n    command: odoo -c /opt/odoo.conf\n' }]);
  assert.ok(!custom.findings.some((x) => ['OP501', 'OP507', 'OP513', 'OP514'].includes(x.code)));
});

test('OP511 proxy_mode with the port published on all interfaces; quiet on 127.0.0.1', () => {
  const text = (port: string) => `services:\n  odoo:\n    image: odoo:17\n    command: -- --workers=2 --proxy-mode --no-database-list\n    ports:\n      - "${port}"\n  nginx:\n    image: nginx\n    depends_on: [odoo]\n`;
  const open = auditWorkspace([{ path: 'p/compose.yml', text: text('8069:8069') }]);
  const f = open.findings.filter((x) => x.code === 'OP511');
  assert.equal(f.length, 1);
  assert.equal(f[0].range.start.line, 5);
  assert.ok(!open.findings.some((x) => x.code === 'OP510'));
  const local = auditWorkspace([{ path: 'p/compose.yml', text: text('127.0.0.1:8069:8069') }]);
  assert.ok(!local.findings.some((x) => x.code === 'OP511'));
});

test('OP518 inline comments: error on an int option and on list_db = False, warning elsewhere', () => {
  const conf = '[options]\nworkers = 4  # four\nlist_db = False ; hide\ndb_host = db # the service\n';
  const r = auditWorkspace([{ path: 'srv/odoo.conf', text: conf }]);
  const f = r.findings.filter((x) => x.code === 'OP518');
  assert.deepEqual(f.map((x) => [x.range.start.line, x.range.start.character, x.severity]), [[1, 13, 'error'], [2, 16, 'error'], [3, 13, 'warning']]);
  assert.match(f[1].message, /treats as True/);
  // workers = "4  # four" is unreadable, so the standalone file counts as threaded (quiet otherwise)
  assert.deepEqual(r.findings.filter((x) => x.code !== 'OP518'), []);
});

test('list_db = 0 is truthy for Odoo', () => {
  const conf = '[options]\nworkers = 2\nlist_db = 0\nadmin_passwd = $pbkdf2-sha512$1$a$b\nlimit_time_cpu = 60\nlimit_time_real = 120\nlimit_request = 8192\n';
  const r = auditWorkspace([{ path: 'srv/odoo.conf', text: conf }]);
  assert.deepEqual(r.findings.map((x) => `${x.code}:${x.range.start.line}`), ['OP513:2']);
  assert.match(r.findings[0].message, /"0" is not "False"/);
});
