import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';

const DIR = path.join(FIXTURES, 'op110_unbounded');

test('OP110 fixture: findings exactly on the expect lines (routes and a whole-table cron search)', async () => {
  const results = await lintFixture(DIR, ['OP110']);
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
  assert.equal(results.flatMap((r) => r.expected).length, 3);
});

test('OP110 messages name the route or the cron, and are information', async () => {
  const findings = (await lintFixture(DIR, ['OP110'])).flatMap((r) => r.findings);
  assert.ok(findings.every((f) => f.severity === 'information' && f.rule === 'unbounded-search'));
  const json = findings.find((f) => f.message.startsWith('search_read()'))!;
  assert.match(json.message, /http route 'all_tickets' whose whole result is returned or rendered/);
  assert.match(json.message, /limit=/);
  const cron = findings.find((f) => /ir_cron_ticket_reindex/.test(f.message))!;
  assert.match(cron.message, /^search\(\[\]\) without limit in '_cron_reindex', run by ir\.cron 'ir_cron_ticket_reindex'/);
});
