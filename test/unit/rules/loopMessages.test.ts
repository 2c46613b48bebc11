// Wording and figures of OP101/OP102 messages (review of OCA 16.0 findings): nested loops name
// the nesting instead of squaring N, loop-invariant calls get "move it above the loop", the
// innermost data-sized loop is the one named, exclusive if/elif arms of a called method are not
// added up, and a literal range states its known count. Expected texts are written by hand.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';

const dir = path.join(FIXTURES, 'loop_messages');

async function findings() {
  const r = (await lintFixture(dir, ['OP101', 'OP102'])).find((x) => x.file.endsWith('shipment.py'));
  assert.deepEqual(r!.actual, r!.expected);
  return (line: number) => r!.findings.filter((f) => f.range.start.line + 1 === line).map((f) => f.message);
}

test('OP101 nested loops: the inner loop figure, the outer loop named (not ~10000 for 100)', async () => {
  const at = await findings();
  assert.deepEqual(at(11), [
    "search() inside a loop over 'parcel_ids', nested in a loop over 'groups.items()': 1 query per iteration " +
      "(~100 queries for 100 iterations of the inner loop). Search once before the loop with ('parcel_id', 'in', ...) " +
      'and group the records by parcel_id in Python (or use _read_group).',
  ]);
});

test('OP101 loop-invariant search: move it above the loop; a loop-dependent one keeps the in-domain advice', async () => {
  const at = await findings();
  assert.deepEqual(at(16), [
    "search() inside a loop over 'codes': 1 query per iteration (~100 queries for 100 iterations). " +
      'Its arguments do not change between iterations: run it once before the loop and reuse the result.',
  ]);
  assert.match(at(21)[0]!, /Search once before the loop with \('code', 'in', \.\.\.\)/);
  // `code` is assigned in the loop body: not invariant, even though it is not the loop target.
  assert.doesNotMatch(at(26)[0]!, /do not change between iterations/);
  assert.match(at(26)[0]!, /Query once before the loop with an 'in' domain/);
});

test('OP101 names the innermost loop that repeats the call (a list filled in place is data-sized)', async () => {
  const at = await findings();
  assert.deepEqual(at(35), [
    "search_count() inside a loop over 'events', nested in a loop over 'self': 1 query per iteration " +
      '(~100 queries for 100 iterations of the inner loop). Count once before the loop, e.g. with _read_group grouped by ref.',
  ]);
});

test('OP101 chained call: exclusive if/elif arms count once (the costliest), not summed', async () => {
  const at = await findings();
  assert.equal(at(46).length, 1);
  assert.ok(
    at(46)[0]!.startsWith(
      "shipment._balance() → search_count() or search_count() inside a loop over 'self': 1 query per iteration (~100 queries for 100 records). ",
    ),
    at(46)[0],
  );
});

test('OP101 literal range: the known count, not ~100 for 100', async () => {
  const at = await findings();
  assert.deepEqual(at(50), [
    "search() inside a loop over 'range(1, 23)': 1 query per iteration (22 for its 22 iterations). " +
      "Search once before the loop with ('number', 'in', ...) and group the records by number in Python (or use _read_group).",
  ]);
});

test('OP102 nested loops: the inner loop figure and the outer loop named', async () => {
  const at = await findings();
  assert.equal(at(55).length, 1);
  assert.ok(
    at(55)[0]!.startsWith(
      "self.env[\"x.parcel\"].browse(parcel_id) inside a loop over 'batch', nested in a loop over 'batches', then a field read: " +
        '1 query per iteration (~100 queries for 100 ids of the inner loop), because each browse(id) prefetches only its own id.',
    ),
    at(55)[0],
  );
});
