// scripts/gen-docs.mjs: the README rules table comes from the rules' metadata, and every
// registered rule must have a docs page with the four required sections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'gen-docs.mjs');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gen-docs-'));
}

test('every registered rule has a docs page with What it does / Why is this bad? / Example / Use instead', () => {
  const dir = tmp();
  const r = run('--check', '--readme', path.join(dir, 'NO-README.md'));
  assert.equal(r.err, '', r.err);
  assert.equal(r.code, 0);
});

test('without markers the table is printed: one row per rule, linked to its page', () => {
  const dir = tmp();
  const r = run('--check', '--readme', path.join(dir, 'NO-README.md'));
  assert.match(r.out, /^\| code \| name \| default \| what it finds \|$/m);
  assert.match(r.out, /^\| OP111 \| \[search-then-read\]\(docs\/rules\/OP111-search-then-read\.md\) \| information \| /m);
  assert.match(r.out, /^\| OP112 \| \[create-single-override\]\(docs\/rules\/OP112-create-single-override\.md\) \| warning \| /m);
  assert.match(r.out, /^\| OP303 \| \[cron-unbatched\]/m);
});

test('a page missing a required section fails the check and names it', () => {
  const dir = tmp();
  for (const f of fs.readdirSync(path.join(ROOT, 'docs', 'rules'))) fs.copyFileSync(path.join(ROOT, 'docs', 'rules', f), path.join(dir, f));
  const page = path.join(dir, 'OP202-trigram-candidate.md');
  fs.writeFileSync(page, fs.readFileSync(page, 'utf8').replace('## Use instead', '## Instead'));
  fs.rmSync(path.join(dir, 'OP110-unbounded-search.md'));
  const r = run('--check', '--docs-dir', dir, '--readme', path.join(dir, 'NO-README.md'));
  assert.equal(r.code, 1);
  assert.match(r.err, /OP202 trigram-candidate: .*lacks the section "## Use instead"/);
  assert.match(r.err, /OP110 unbounded-search: no docs page/);
});

test('only the region between the markers is rewritten; --check flags a stale table', () => {
  const dir = tmp();
  const readme = path.join(dir, 'README.md');
  fs.writeFileSync(readme, '# Title\n\nintro\n\n<!-- rules:start -->\n| old |\n<!-- rules:end -->\n\n## After\n');
  const stale = run('--check', '--readme', readme);
  assert.equal(stale.code, 1);
  assert.match(stale.err, /rules table is out of date/);
  run('--readme', readme);
  const text = fs.readFileSync(readme, 'utf8');
  assert.ok(text.startsWith('# Title\n\nintro\n\n<!-- rules:start -->\n| code | name |'));
  assert.ok(text.endsWith('|\n<!-- rules:end -->\n\n## After\n'));
  assert.ok(!text.includes('| old |'));
  assert.doesNotMatch(run('--check', '--readme', readme).err, /out of date/);
});
