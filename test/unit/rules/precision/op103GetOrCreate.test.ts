import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../../helpers/fixtures';

const DIR = path.join(FIXTURES, 'precision_op103');

test('OP103: get-or-create helpers called per iteration stay quiet; helpers that create per call are reported', async () => {
  const results = await lintFixture(DIR, ['OP103']);
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
  // quiet: if-not-then-create, search() or create(), if not search_count(): create, else-branch
  // create after a found/not-found test, create after `if found: return`; reported:
  // unconditional, create-when-found, create-under-a-non-lookup-test, create after an early
  // return on a non-lookup test, and the direct per-item dedupe check in the loop body
  assert.equal(results.flatMap((r) => r.actual).length, 5);
});

test('OP103: the reported helpers keep the one-level-down message', async () => {
  const results = await lintFixture(DIR, ['OP103']);
  const f = results.flatMap((r) => r.findings);
  assert.ok(f.every((x) => x.severity === 'warning'));
  assert.match(f[0]!.message, /^stop\._log_visit\(\) → self\.env\['route\.planner\.log'\]\.create\(\) inside a loop over 'self': 1 INSERT per iteration/);
  assert.match(f[4]!.message, /^Log\.create\(\) inside a loop over 'self': 1 INSERT per iteration/);
});
