import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';

const DIR = path.join(FIXTURES, 'op303_cron');

test('OP303 fixture: XML and CSV crons, direct and one call down; batched lookalikes quiet', async () => {
  const results = await lintFixture(DIR, ['OP303']);
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
  assert.equal(results.flatMap((r) => r.expected).length, 3);
});

test('OP303 message names the chain, the cron and the version-aware fix', async () => {
  const findings = (await lintFixture(DIR, ['OP303'])).flatMap((r) => r.findings);
  assert.ok(findings.every((f) => f.severity === 'information'));
  const expire = findings.find((f) => /'_cron_expire'/.test(f.message))!;
  assert.match(expire.message, /^search\(\) without limit in '_cron_expire', run by ir\.cron 'ir_cron_expire', then write\(\) on the whole result: the whole backlog runs in one transaction/);
  assert.match(expire.message, /self\.env\.ref\('subscription_lite\.ir_cron_expire'\)\._trigger\(\)/);
  const purge = findings.find((f) => /_purge_expired/.test(f.message))!;
  assert.match(purge.message, /'_cron_purge → _purge_expired', run by ir\.cron 'ir_cron_purge', then unlink\(\)/);
  const remind = findings.find((f) => /_cron_remind/.test(f.message))!;
  assert.match(remind.message, /then loops over every record/);
});
