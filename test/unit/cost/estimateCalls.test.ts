// OP101 prices each search in a loop with estimateCalls, which stops the estimator once the asked
// calls are evaluated instead of estimating the whole method. Its figures must be exactly those of
// the whole-method estimate (estimateFunction, calibrated against the Odoo 18 measurements in
// calibration.test.ts) for every call of every method, asked all at once or one at a time; `null`
// (a write still pending at the call) and `undefined` (nothing charged) send OP101 back to the
// whole-method estimate, so they are allowed only where that estimate charges nothing either.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initParser, parsePython, type Node } from '../../../server/src/parse/parser';
import { estimateCalls, estimateFunction } from '../../../server/src/cost/index';
import { siteOfCall } from '../../../server/src/cost/sites';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) pythonFiles(p, out);
    else if (e.name.endsWith('.py') && !e.name.startsWith('__')) out.push(p);
  }
  return out;
}

before(() => initParser());

test('per-call estimates equal the whole-method estimate on the examples and the rule fixtures', () => {
  const files = [...pythonFiles(path.join(ROOT, 'examples')), ...pythonFiles(path.join(ROOT, 'test', 'fixtures'))];
  const figures = (f: { executions: unknown; total: unknown; perExecution?: unknown } | undefined) =>
    f ? JSON.stringify([f.executions, f.total, f.perExecution ?? null]) : 'nothing charged';
  let compared = 0;
  let charged = 0;
  for (const file of files) {
    const tree = parsePython(fs.readFileSync(file, 'utf8'));
    try {
      for (const fn of tree.rootNode.descendantsOfType('function_definition').filter((n): n is Node => !!n)) {
        const whole = estimateFunction(fn);
        const calls = fn.descendantsOfType('call').filter((n): n is Node => !!n);
        const together = estimateCalls(fn, calls);
        for (const call of calls) {
          const want = siteOfCall(whole, call);
          if (want) charged++;
          for (const got of [together.get(call), estimateCalls(fn, [call]).get(call)]) {
            compared++;
            const where = `${path.relative(ROOT, file)}:${call.startPosition.row + 1} ${call.text.slice(0, 60)}`;
            if (got === null) continue; // falls back to the whole-method estimate
            if (got === undefined) assert.equal(want, undefined, `${where}: charged in the whole method`);
            else assert.equal(figures(got), figures(want), where);
          }
        }
      }
    } finally {
      tree.delete();
    }
  }
  assert.ok(compared > 1000, `compared ${compared} calls`);
  assert.ok(charged > 200, `${charged} calls are charged queries`);
});
