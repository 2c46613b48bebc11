// `odoo-perf audit` as a child process (the built dist/cli.js) on the deploy fixtures: exit
// codes, the JSON shape, rule settings from pyproject.toml, the --tuned diff, and that no secret
// from the fixtures is ever printed. Expectations are written by hand from the fixture files.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'odoo-perf.js');
const FIXTURES = path.join(ROOT, 'test', 'fixtures');
const DEPLOY = fs.readdirSync(FIXTURES).filter((d) => d.startsWith('deploy_')).sort();
/** Every secret value planted in the deploy fixtures. */
const SECRETS = ['Cmd-Pass-7731', 'Env-Pass-4402', 'Conf-Master-5519', 'Conf-Db-8812', 'Bouncer-Pass-3390', 'Dev-Pass-1188', 'Tuned-Db-6604', 'Tuned-Master-9981'];

interface Run { code: number | null; stdout: string; stderr: string }

function run(args: string[], cwd = ROOT): Run {
  const r = spawnSync(process.execPath, [BIN, 'audit', ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonAudit {
  services: { name: string; kind: string; file: string }[];
  findings: Record<string, unknown>[];
  tuned: Record<string, string>;
  tunedReason?: string;
}

const tmpDirs: string[] = [];
after(() => {
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of a fixture folder, plus extra files. */
function copyFixture(name: string, extra: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-perf-audit-'));
  tmpDirs.push(dir);
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  for (const [rel, text] of Object.entries(extra)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

test('a quiet deployment exits 0 and says so', () => {
  const r = run([path.join(FIXTURES, 'deploy_quiet')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^0 deployment findings/m);
});

test('findings at warning level exit 1; text lines are path:line:col: severity CODE message [rule]', () => {
  const r = run(['test/fixtures/deploy_official_cmd']);
  assert.equal(r.code, 1, r.stderr);
  // workers=9 on a 2-CPU limit: line 5, on the --workers=9 argument (column 17).
  assert.match(r.stdout, /^test\/fixtures\/deploy_official_cmd\/docker-compose\.yml:5:17: warning OP502 workers = 9 .* \[workers-exceed-cpu\]$/m);
  assert.match(r.stdout, /Tuned configuration for 2 CPU, 2048 MiB/);
});

test('JSON: services, findings {file,line,column,code,rule,severity,message}, tuned {path: text}', () => {
  const r = run([path.join(FIXTURES, 'deploy_official_cmd'), '--format', 'json']);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout) as JsonAudit;
  assert.deepEqual(out.services.map((s) => `${s.name}:${s.kind}:${s.file}`), ['web:odoo:docker-compose.yml', 'db:postgres:docker-compose.yml']);
  for (const f of out.findings) assert.deepEqual(Object.keys(f).sort(), ['code', 'column', 'file', 'line', 'message', 'rule', 'severity']);
  const op502 = out.findings.find((f) => f.code === 'OP502');
  assert.deepEqual({ ...op502, message: undefined }, { file: 'docker-compose.yml', line: 5, column: 17, code: 'OP502', rule: 'workers-exceed-cpu', severity: 'warning', message: undefined });
  // The 2 CPU limit caps workers at 2 × 2 + 1 = 5 (the 2 GB limit may lower it further); the
  // tuned text is the whole file, masked.
  assert.deepEqual(Object.keys(out.tuned), ['docker-compose.yml']);
  assert.match(out.tuned['docker-compose.yml'], /--workers=[1-5] /);
  assert.match(out.tuned['docker-compose.yml'], /--db_password=\*{8}/);
  assert.match(out.tuned['docker-compose.yml'], /PASSWORD: \*{8}/);
});

test('no limits and no target: tuned is empty and says why', () => {
  const out = JSON.parse(run([path.join(FIXTURES, 'deploy_tuned'), '-f', 'json']).stdout) as JsonAudit;
  assert.deepEqual(out.tuned, {});
  assert.match(out.tunedReason ?? '', /memory limit/);
});

test('the addons\' manifests feed the queue_job checks; --cpus/--ram-gb give the expected tuned text', () => {
  const manifest = `{"name": "Jobs", "version": "17.0.1.0.0", "depends": ["base", "queue_job"], "license": "LGPL-3"}\n`;
  const dir = copyFixture('deploy_tuned', { 'addons/jobs/__manifest__.py': manifest, 'addons/jobs/__init__.py': '' });
  const r = run([dir, '--format', 'json', '--cpus', '4', '--ram-gb', '8']);
  const out = JSON.parse(r.stdout) as JsonAudit;
  assert.deepEqual(Object.keys(out.tuned).sort(), ['config/odoo.conf', 'docker-compose.yml']);
  // The hand-computed tuned files, with the secret lines masked.
  const expectConf = fs.readFileSync(path.join(FIXTURES, 'deploy_tuned', 'config', 'odoo.conf.expected'), 'utf8').replace('admin_passwd = Tuned-Master-9981', 'admin_passwd = ********');
  assert.equal(out.tuned['config/odoo.conf'], expectConf);
  const expectCompose = fs.readFileSync(path.join(FIXTURES, 'deploy_tuned', 'docker-compose.yml.expected'), 'utf8').replace('POSTGRES_PASSWORD: Tuned-Db-6604   # secret', 'POSTGRES_PASSWORD: ********');
  assert.equal(out.tuned['docker-compose.yml'], expectCompose);
  // Without the manifest there is no queue_job: no server_wide_modules edit.
  const plain = JSON.parse(run([path.join(FIXTURES, 'deploy_tuned'), '--format', 'json', '--cpus', '4', '--ram-gb', '8']).stdout) as JsonAudit;
  assert.ok(!plain.tuned['config/odoo.conf'].includes('server_wide_modules'));
});

test('--tuned prints a masked unified diff with paths relative to DIR', () => {
  const r = run([path.join(FIXTURES, 'deploy_tuned'), '--tuned', '--cpus', '4', '--ram-gb', '8', '--users', '40']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^--- docker-compose\.yml\n\+\+\+ docker-compose\.yml \(tuned\)\n@@ /);
  assert.match(r.stdout, /^-    command: -- --workers=2$/m);
  assert.match(r.stdout, /^\+    command: -- --workers=7$/m);
  assert.match(r.stdout, /^--- config\/odoo\.conf$/m);
  assert.match(r.stdout, /^-db_maxconn = 64\n\+db_maxconn = 16$/m);
  assert.match(r.stdout, /^ admin_passwd = \*{8}$/m);
  // Without a target and without limits: nothing on stdout, the reason on stderr.
  const none = run([path.join(FIXTURES, 'deploy_tuned'), '--tuned']);
  assert.equal(none.stdout, '');
  assert.match(none.stderr, /no tuned configuration: .*memory limit/);
});

test('rule settings from pyproject.toml: off drops a rule, a severity replaces the default', () => {
  const dir = copyFixture('deploy_official_cmd', {
    'pyproject.toml': '[tool.odoo-perf.rules]\nOP513 = "off"\n"workers-exceed-cpu" = "information"\n',
  });
  const out = JSON.parse(run([dir, '--format', 'json']).stdout) as JsonAudit;
  assert.ok(!out.findings.some((f) => f.code === 'OP513'));
  assert.equal(out.findings.find((f) => f.code === 'OP502')?.severity, 'information');
  // Everything at warning level switched off: exit 0.
  const quiet = copyFixture('deploy_official_cmd', { 'pyproject.toml': '[tool.odoo-perf.rules]\nOP5 = "off"\n' });
  const rules = JSON.parse(run([quiet, '--format', 'json']).stdout) as JsonAudit;
  assert.ok(rules.findings.length > 0, 'a prefix is not a rule name: nothing is switched off by "OP5"');
  const all = ['OP502', 'OP503', 'OP505', 'OP506', 'OP512', 'OP513', 'OP514'].map((c) => `${c} = "hint"`).join('\n');
  const hinted = copyFixture('deploy_official_cmd', { 'pyproject.toml': `[tool.odoo-perf.rules]\n${all}\n` });
  assert.equal(run([hinted]).code, 0);
});

test('malformed YAML and INI: reported as OP500 errors, exit 1, no crash', () => {
  const r = run([path.join(FIXTURES, 'deploy_malformed'), '--format', 'json']);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout) as JsonAudit;
  assert.deepEqual(out.findings.filter((f) => f.code === 'OP500').map((f) => `${f.file}:${f.line}`), ['docker-compose.yml:5', 'odoo.conf:3', 'postgresql.conf:2']);
});

test('usage and I/O errors exit 2', () => {
  assert.equal(run(['no/such/folder']).code, 2);
  assert.equal(run(['--format', 'sarif']).code, 2);
  assert.equal(run(['--cpus', '4']).code, 2);
  assert.equal(run(['--cpus', 'four', '--ram-gb', '8']).code, 2);
  assert.equal(run(['--bogus']).code, 2);
  const file = run([path.join(FIXTURES, 'deploy_official_cmd', 'docker-compose.yml')]);
  assert.equal(file.code, 2);
  assert.match(file.stderr, /expects a folder/);
  const help = run(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--tuned/);
});

test('no secret value from the fixtures is printed, in any format', () => {
  let planted = 0;
  for (const d of DEPLOY) {
    const dir = path.join(FIXTURES, d);
    for (const args of [[], ['--format', 'json'], ['--tuned'], ['--tuned', '--cpus', '4', '--ram-gb', '8'], ['--format', 'json', '--cpus', '2', '--ram-gb', '4', '--users', '20']]) {
      const r = run([dir, ...args]);
      assert.notEqual(r.code, 2, `${d} ${args.join(' ')}: ${r.stderr}`);
      for (const s of SECRETS) {
        assert.ok(!r.stdout.includes(s), `${s} printed on stdout for ${d} ${args.join(' ')}`);
        assert.ok(!r.stderr.includes(s), `${s} printed on stderr for ${d} ${args.join(' ')}`);
      }
    }
    const all = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => fs.readFileSync(path.join(e.parentPath, e.name), 'utf8')).join('\n');
    planted += SECRETS.filter((s) => all.includes(s)).length;
  }
  assert.ok(planted >= SECRETS.length, 'the fixtures really contain every secret');
});
