import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';

const DIR = path.join(FIXTURES, 'op302_timeouts');

test("OP302 fixture op302_timeouts: findings exactly on the '# expect: OP302' lines", async () => {
  const results = await lintFixture(DIR, ['OP302']);
  assert.ok(results.length >= 3);
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
  assert.equal(results.flatMap((r) => r.expected).length, 12);
});

test('OP302 messages: requests without timeout, timeout=None, httpx timeout=None', async () => {
  const results = await lintFixture(DIR, ['OP302']);
  const all = results.flatMap((r) => r.findings);
  const first = all.find((f) => f.range.start.line === 12)!;
  assert.equal(
    first.message,
    'requests.get(...) has no timeout: requests waits forever by default, so an endpoint that stops answering holds the Odoo worker ' +
      '(or cron thread) and its open transaction until the process is killed. Pass timeout=, e.g. timeout=10 or timeout=(5, 30) for (connect, read).',
  );
  assert.deepEqual(first.range, { start: { line: 12, character: 15 }, end: { line: 12, character: 27 } });
  assert.equal(first.severity, 'warning');
  assert.ok(all.some((f) => f.message.startsWith('requests.get(...) passes timeout=None: requests waits forever by default')));
  assert.ok(all.some((f) => f.message.startsWith('rpost(...) has no timeout')));
  assert.ok(all.some((f) => f.message.startsWith('session.get(...) has no timeout')));
  assert.ok(all.some((f) => f.message.startsWith("httpx.get(...) passes timeout=None, which switches off httpx's 5-second default")));
  assert.ok(all.some((f) => f.message.startsWith("httpx.Client(timeout=None) switches off httpx's 5-second default for every call on this client")));
});
