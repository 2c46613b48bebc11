// End-to-end tests of the built CLI (`node bin/odoo-perf.js`, i.e. dist/cli.js from `npm run
// build`) as a child process: exit codes, the three output formats, rule selection, settings and
// the file walk. Expected findings on examples/ are hand-written in expected/examples.json.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'odoo-perf.js');
const EXAMPLES = path.join(ROOT, 'examples');
const EXPECTED = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'cli', 'expected', 'examples.json'), 'utf8')) as {
  findings: { file: string; line: number; column: number; code: string; rule: string; severity: string }[];
};
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

interface Run { code: number | null; stdout: string; stderr: string }

function run(args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function key(f: { file: string; line: number; column: number; code: string; rule: string; severity: string }): string {
  return `${f.file}:${f.line}:${f.column} ${f.code} ${f.rule} ${f.severity}`;
}

/** What each family's message must state: queries as a number (1xx), a table scan (2xx), a
 *  blocked worker (3xx: time, not queries), the injection risk (4xx). */
const COST: Record<string, RegExp> = {
  OP10: /\d+ quer/i,
  // OP110 (unbounded search) costs rows, not a query count: it says what grows.
  OP11: /\d+ quer|grows? with the table/i,
  OP20: /scan/i,
  OP30: /worker|thread|transaction/i,
  OP40: /inject/i,
};

const expectedKeys = EXPECTED.findings.map(key).sort();

const tmpDirs: string[] = [];
after(() => {
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-perf-cli-'));
  tmpDirs.push(dir);
  return dir;
}

function write(dir: string, rel: string, text: string | Buffer): string {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

const MANIFEST = `{"name": "Demo", "version": "17.0.1.0.0", "depends": ["base"], "license": "LGPL-3"}\n`;

const CLEAN_MODEL = `from odoo import api, fields, models


class DemoTag(models.Model):
    _name = "demo.tag"
    _description = "Demo Tag"

    name = fields.Char(required=True)

    @api.model
    def _names(self):
        return self.search([], limit=10).ids
`;

// A request without timeout: OP302 by default.
const HTTP_MODEL = `import requests

from odoo import models


class DemoFeed(models.Model):
    _name = "demo.feed"
    _description = "Demo Feed"

    def _pull(self):
        return requests.get("https://example.com/feed").json()
`;

test('dist/cli.js is built', () => {
  assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'cli.js')), 'run `npm run build` before the CLI tests');
});

test('--version prints the package version', () => {
  const r = run(['--version']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout.trim(), VERSION);
});

test('--help and lint --help exit 0 and describe the options', () => {
  const top = run(['--help']);
  assert.equal(top.code, 0);
  assert.match(top.stdout, /lint \[PATH/);
  const lint = run(['lint', '--help']);
  assert.equal(lint.code, 0);
  for (const opt of ['--format', '--odoo-version', '--select', '--ignore', '--output']) assert.ok(lint.stdout.includes(opt), opt);
});

test('usage errors exit 2 with a message on stderr', () => {
  const cases: [string[], RegExp][] = [
    [[], /Usage/],
    [['frobnicate'], /unknown command: frobnicate/],
    [['lint', '--bogus'], /unknown option: --bogus/],
    [['lint', 'examples', '--format', 'xml'], /--format must be one of text, json, sarif/],
    [['lint', 'examples', '--format'], /--format needs a value/],
    [['lint', 'does-not-exist'], /no such file or folder: does-not-exist/],
    [['lint', 'examples', '--select', 'OP999'], /unknown rule code or name in --select: OP999/],
    [['lint', 'examples', '--ignore', 'no-such-rule'], /unknown rule code or name in --ignore: no-such-rule/],
    [['lint', 'examples', '--odoo-version', 'latest'], /--odoo-version expects a version/],
  ];
  for (const [args, message] of cases) {
    const r = run(args);
    assert.equal(r.code, 2, `${args.join(' ')}: exit ${r.code}, stderr ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.equal(r.stdout, '', `${args.join(' ')} printed a report`);
  }
});

test('a clean addon exits 0 with a no-problem summary', () => {
  const dir = tmpDir();
  write(dir, 'demo/__manifest__.py', MANIFEST);
  write(dir, 'demo/models/demo_tag.py', CLEAN_MODEL);
  const r = run(['lint', dir]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^No problems found in 2 files \(\d+\.\d\ds\)\.$/m);
});

test('json on examples/ lists exactly the hand-written findings', () => {
  const r = run(['lint', 'examples', '--format', 'json']);
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout) as {
    version: string;
    files: number;
    diagnostics: { file: string; line: number; column: number; endLine: number; endColumn: number; code: string; rule: string; severity: string; message: string; fixes: unknown }[];
  };
  assert.equal(report.version, VERSION);
  // 19 .py files: 6 in delivery_route, 7 in carrier_sync, 6 in route_reports (manifests included).
  assert.equal(report.files, 19);
  assert.deepEqual(report.diagnostics.map(key).sort(), expectedKeys);
  for (const d of report.diagnostics) {
    assert.ok(d.message.trim().length > 0, `${key(d)}: empty message`);
    // Every finding says what it costs, in the unit of its family.
    assert.match(d.message, COST[d.code.slice(0, 4)] ?? /$^/, `${key(d)}: message gives no cost: ${d.message}`);
    assert.ok(Array.isArray(d.fixes) && d.fixes.every((f) => typeof f === 'string'), `${key(d)}: fixes`);
    assert.ok(d.endLine > d.line || (d.endLine === d.line && d.endColumn >= d.column), `${key(d)}: end before start`);
    assert.ok(!d.file.includes('\\') && !path.isAbsolute(d.file), d.file);
  }
});

test('json paths: relative to the single PATH, or to the cwd with several paths', () => {
  const inside = run(['lint', '--format', 'json'], EXAMPLES);
  assert.equal(inside.code, 1, inside.stderr);
  const insideKeys = (JSON.parse(inside.stdout).diagnostics as Parameters<typeof key>[0][]).map(key).sort();
  assert.deepEqual(insideKeys, expectedKeys);

  const two = run(['lint', 'examples/route_reports', 'examples/carrier_sync', '--format', 'json']);
  const files = new Set((JSON.parse(two.stdout).diagnostics as { file: string }[]).map((d) => d.file));
  const want = new Set(EXPECTED.findings.filter((f) => !f.file.startsWith('delivery_route/')).map((f) => `examples/${f.file}`));
  assert.deepEqual(files, want);
});

test('sarif output has what GitHub code scanning requires', () => {
  const r = run(['lint', 'examples', '--format', 'sarif']);
  assert.equal(r.code, 1, r.stderr);
  const sarif = JSON.parse(r.stdout);
  assert.equal(sarif.version, '2.1.0');
  assert.match(sarif.$schema, /sarif-2\.1\.0/);
  assert.equal(sarif.runs.length, 1);
  const runObj = sarif.runs[0];
  const driver = runObj.tool.driver;
  assert.equal(driver.name, 'odoo-perf');
  assert.equal(driver.version, VERSION);
  assert.match(driver.informationUri, /^https:\/\//);
  const ids = driver.rules.map((x: { id: string }) => x.id);
  for (const code of ['OP101', 'OP102', 'OP201', 'OP301', 'OP302', 'OP401']) assert.ok(ids.includes(code), `rule ${code} missing`);
  for (const rule of driver.rules) {
    assert.match(rule.id, /^OP\d{3}$/);
    assert.ok(rule.shortDescription?.text, `${rule.id} shortDescription`);
    assert.ok(rule.fullDescription?.text, `${rule.id} fullDescription`);
    assert.match(rule.helpUri, new RegExp(`^https://.*/${rule.id}-[a-z-]+\\.md$`));
    assert.ok(rule.help?.text && rule.help?.markdown, `${rule.id} help`);
    assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level), `${rule.id} level`);
  }
  assert.ok(runObj.originalUriBaseIds['%SRCROOT%'].uri.startsWith('file://'));
  assert.ok(runObj.originalUriBaseIds['%SRCROOT%'].uri.endsWith('/'));
  assert.equal(runObj.results.length, EXPECTED.findings.length);
  const got: string[] = [];
  const fingerprints = new Set<string>();
  for (const res of runObj.results) {
    assert.ok(ids.includes(res.ruleId), `result rule ${res.ruleId} not in driver.rules`);
    assert.equal(driver.rules[res.ruleIndex].id, res.ruleId);
    assert.ok(['error', 'warning', 'note'].includes(res.level));
    assert.ok(res.message.text.length > 0);
    assert.equal(res.locations.length, 1);
    const loc = res.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.ok(!loc.artifactLocation.uri.includes('\\') && !loc.artifactLocation.uri.startsWith('/'));
    assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
    assert.ok(loc.region.endLine >= loc.region.startLine);
    for (const rel of res.relatedLocations ?? []) {
      assert.ok(rel.physicalLocation.region.startLine >= 1);
      assert.ok(rel.message.text.length > 0);
    }
    const fp = Object.values(res.partialFingerprints ?? {})[0];
    assert.ok(typeof fp === 'string' && fp.length > 0);
    fingerprints.add(fp as string);
    got.push(`${loc.artifactLocation.uri}:${loc.region.startLine}:${loc.region.startColumn} ${res.ruleId}`);
  }
  assert.equal(fingerprints.size, runObj.results.length, 'fingerprints must be distinct');
  // information → note: the _order-only OP201 is the one note.
  assert.equal(runObj.results.filter((x: { level: string }) => x.level === 'note').length, EXPECTED.findings.filter((f) => f.severity === 'information' || f.severity === 'hint').length);
  assert.deepEqual(got.sort(), EXPECTED.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.code}`).sort());
});

test('sarif fingerprints are stable across runs', () => {
  const fp = () => (JSON.parse(run(['lint', 'examples', '--format', 'sarif']).stdout).runs[0].results as { partialFingerprints: object }[]).map((x) => JSON.stringify(x.partialFingerprints));
  assert.deepEqual(fp(), fp());
});

test('--select and --ignore take codes, names and prefixes', () => {
  const codes = (args: string[]) => {
    const r = run(['lint', 'examples', '--format', 'json', ...args]);
    return { code: r.code, keys: (JSON.parse(r.stdout).diagnostics as Parameters<typeof key>[0][]).map(key).sort() };
  };
  const family = codes(['--select', 'OP1']);
  assert.deepEqual(family.keys, EXPECTED.findings.filter((f) => f.code.startsWith('OP1')).map(key).sort());
  const byName = codes(['--select', 'sql-injection,OP302']);
  assert.deepEqual(byName.keys, EXPECTED.findings.filter((f) => f.code === 'OP401' || f.code === 'OP302').map(key).sort());
  const ignored = codes(['--ignore', 'OP201', '--ignore', 'search-in-loop']);
  assert.deepEqual(ignored.keys, EXPECTED.findings.filter((f) => f.code !== 'OP201' && f.code !== 'OP101').map(key).sort());
  // Only the information-level OP201 left (the _order-only field) → exit 0.
  const infoOnly = run(['lint', 'examples/delivery_route/models/delivery_stop.py', '--select', 'OP201', '--format', 'json']);
  const diags = JSON.parse(infoOnly.stdout).diagnostics as { severity: string }[];
  assert.ok(diags.some((d) => d.severity === 'information'));
});

test('text format: one line per finding in path:line:col: severity CODE message [rule] shape, no colour when piped', () => {
  const r = run(['lint', 'examples'], ROOT, { NO_COLOR: '' });
  assert.equal(r.code, 1, r.stderr);
  assert.ok(!r.stdout.includes('\x1b['), 'no ANSI colour when stdout is not a TTY');
  const lines = r.stdout.split('\n').filter((l) => /^examples\//.test(l));
  assert.equal(lines.length, EXPECTED.findings.length);
  const shape = /^(examples\/[\w/]+\.py):(\d+):(\d+): (error|warning|information|hint) (OP\d{3}) (.+) \[([a-z-]+)\]$/;
  const seen: string[] = [];
  for (const line of lines) {
    const m = shape.exec(line);
    assert.ok(m, `bad line shape: ${line}`);
    seen.push(`${m[1].slice('examples/'.length)}:${m[2]}:${m[3]} ${m[5]} ${m[7]} ${m[4]}`);
  }
  // Grouped by file in path order.
  const files = lines.map((l) => l.split(':')[0]);
  assert.deepEqual(files, [...files].sort());
  assert.deepEqual([...seen].sort(), expectedKeys);
  const errors = EXPECTED.findings.filter((f) => f.severity === 'error').length;
  const warnings = EXPECTED.findings.filter((f) => f.severity === 'warning').length;
  assert.match(r.stdout, new RegExp(`^${EXPECTED.findings.length} problems \\(${errors} errors?, ${warnings} warnings?, \\d+ information, \\d+ hints?\\) in 19 files \\(\\d+\\.\\d\\ds\\)\\.$`, 'm'));
});

test('--output writes the report to a file', () => {
  const out = path.join(tmpDir(), 'report.sarif');
  const r = run(['lint', 'examples', '--format', 'sarif', '--output', out]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.equal(JSON.parse(fs.readFileSync(out, 'utf8')).version, '2.1.0');
  const bad = run(['lint', 'examples', '--output', path.join(out, 'no', 'such', 'dir.txt')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /cannot write/);
});

test('the walk skips vendored, hidden, binary and huge files, and survives a symlink loop', () => {
  const dir = tmpDir();
  write(dir, 'demo/__manifest__.py', MANIFEST);
  write(dir, 'demo/models/demo_tag.py', CLEAN_MODEL);
  // Each of these would be an OP302 if it were linted.
  write(dir, 'node_modules/pkg/feed.py', HTTP_MODEL);
  write(dir, '.venv/lib/feed.py', HTTP_MODEL);
  write(dir, 'demo/.git/hooks/feed.py', HTTP_MODEL);
  write(dir, 'demo/models/binary.py', Buffer.concat([Buffer.from(HTTP_MODEL), Buffer.from([0, 1, 2])]));
  write(dir, 'demo/models/huge.py', HTTP_MODEL + `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
  fs.symlinkSync(dir, path.join(dir, 'demo', 'loop'), 'dir');
  const r = run(['lint', dir, '--format', 'json']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.files, 2);
  assert.deepEqual(report.diagnostics, []);
  const skipped = r.stderr.split('\n').filter((l) => l.includes('skipped'));
  assert.equal(skipped.length, 2, r.stderr);
  assert.ok(skipped.some((l) => l.includes('binary.py') && /NUL/.test(l)));
  assert.ok(skipped.some((l) => l.includes('huge.py') && /2 MB/.test(l)));
});

test('a file with a syntax error still reports its valid parts', () => {
  const dir = tmpDir();
  write(dir, 'demo/__manifest__.py', MANIFEST);
  write(dir, 'demo/models/broken.py', `import requests

from odoo import models


class DemoFeed(models.Model):
    _name = "demo.feed"
    _description = "Demo Feed"

    def _broken(self:
        return [

    def _pull(self):
        return requests.get("https://example.com/feed").json()
`);
  const r = run(['lint', dir, '--format', 'json', '--select', 'OP302']);
  assert.equal(r.code, 1, r.stderr);
  const diags = JSON.parse(r.stdout).diagnostics as { file: string; line: number; code: string }[];
  assert.deepEqual(diags.map((d) => `${d.file}:${d.line} ${d.code}`), ['demo/models/broken.py:14 OP302']);
});

test('[tool.odoo-perf] in the nearest pyproject.toml applies; --select still works with it', () => {
  const dir = tmpDir();
  write(dir, 'pyproject.toml', '[tool.odoo-perf.rules]\nrequest-without-timeout = "error"\n');
  write(dir, 'addons/demo/__manifest__.py', MANIFEST);
  write(dir, 'addons/demo/models/feed.py', HTTP_MODEL);
  // The pyproject sits above the linted folder: the nearest ancestor is used.
  const r = run(['lint', path.join(dir, 'addons'), '--format', 'json']);
  assert.equal(r.code, 1, r.stderr);
  const diags = JSON.parse(r.stdout).diagnostics as { file: string; line: number; code: string; severity: string }[];
  assert.deepEqual(diags.map((d) => `${d.file}:${d.line} ${d.code} ${d.severity}`), ['demo/models/feed.py:11 OP302 error']);

  write(dir, 'pyproject.toml', '[tool.odoo-perf.rules]\nOP302 = "off"\n');
  const off = run(['lint', path.join(dir, 'addons'), '--format', 'json']);
  assert.equal(off.code, 0, off.stderr);
  assert.deepEqual(JSON.parse(off.stdout).diagnostics, []);

  write(dir, 'pyproject.toml', '[tool.odoo-perf\nbroken');
  const broken = run(['lint', path.join(dir, 'addons'), '--format', 'json']);
  assert.match(broken.stderr, /not valid TOML/);
  assert.equal(broken.code, 1, 'a broken pyproject is reported but the lint still runs with defaults');
});

// `script` (util-linux) runs the CLI on a pseudo-terminal, so stdout.isTTY is true.
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

test('colour on a terminal, none with NO_COLOR', { skip: !hasScript && 'needs util-linux script' }, () => {
  const onTty = (env: NodeJS.ProcessEnv) =>
    spawnSync('script', ['-qec', `"${process.execPath}" "${BIN}" lint examples/route_reports`, '/dev/null'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } }).stdout;
  const coloured = onTty({ NO_COLOR: '' });
  assert.match(coloured, /\x1b\[33mwarning\x1b\[0m/);
  const plain = onTty({ NO_COLOR: '1' });
  assert.ok(plain.includes('route_reports/models/delivery_route.py:12:27: warning OP102'), plain);
  // Only SGR (colour) sequences count: a slow run may also draw the progress line (\x1b[K).
  assert.ok(!/\x1b\[[0-9;]*m/.test(plain), 'NO_COLOR must disable colour');
});

test('no progress line when stderr is not a terminal', () => {
  const r = run(['lint', 'examples']);
  assert.ok(!r.stderr.includes('\r') && !r.stderr.includes('\x1b['), JSON.stringify(r.stderr));
});

test('a single file: linted with its addon indexed, paths relative to its folder; a non-Python file is skipped', () => {
  // delivery_stop.py alone still knows that stop_ids (in delivery_route.py) is the One2many whose
  // inverse is route_id: the whole addon is indexed.
  const r = run(['lint', 'examples/delivery_route/models/delivery_stop.py', '--format', 'json']);
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.files, 1);
  assert.deepEqual(
    (report.diagnostics as Parameters<typeof key>[0][]).map(key).sort(),
    EXPECTED.findings.filter((f) => f.file === 'delivery_route/models/delivery_stop.py').map((f) => key({ ...f, file: 'delivery_stop.py' })).sort(),
  );
  const xml = run(['lint', 'examples/delivery_route/views/delivery_route_views.xml']);
  assert.equal(xml.code, 0);
  assert.match(xml.stderr, /skipped .*delivery_route_views\.xml: not a Python/);
});
