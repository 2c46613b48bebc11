import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { add, ceilDiv, constant, evaluate, format, linear, mul, scale } from '../../../server/src/cost/formula';

test('formulas print and evaluate the shapes Odoo costs take', () => {
  const onePlusN = add(constant(1), linear());
  assert.equal(format(onePlusN), '1 + N');
  assert.equal(evaluate(onePlusN, 80), 81);
  const prefetch = ceilDiv(linear(3), 1000);
  assert.equal(format(prefetch), 'ceil(3N/1000)');
  assert.deepEqual([10, 1000, 1001].map((n) => evaluate(prefetch, n)), [1, 3, 4]);
  // A third of the rows, 100 per UPDATE: ceil(N/300).
  assert.equal(format(ceilDiv(scale(linear(), 1 / 3), 100)), 'ceil(N/300)');
  assert.equal(evaluate(ceilDiv(scale(linear(), 1 / 3), 100), 3000), 10);
  // Nested loops: N·M with M = N, and N·ceil(N/100).
  assert.equal(format(mul(linear(), linear())), 'N^2');
  assert.equal(evaluate(mul(linear(), ceilDiv(linear(), 100)), 250), 750);
  // Like terms merge.
  assert.equal(format(add(linear(), linear(), constant(2), constant(1))), '3 + 2N');
  assert.equal(format(ceilDiv(constant(250), 100)), '3');
  assert.equal(format(constant(0)), '0');
});
