// Calibration against real Odoo 18 query counts (../shared/reference/query-costs-odoo18.json,
// measured with cr.sql_log_count on stock Odoo 18.0; independent ground truth). The fixture addon
// (test/fixtures/cost_calibration) holds the reference models and one method per measured case,
// written by hand from the case's code. Each method is estimated at N = 10, 100, 1000 and compared
// with the measurement. No deviation is expected: every case is reproduced exactly by the model's
// mechanisms (prefetch sets, record cache, deferred writes, stored-compute recomputes, per-call
// fixed costs) with the documented defaults — nothing is tuned per case.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initParser, parsePython, type Node } from '../../../server/src/parse/parser';
import { scanWorkspace } from '../../../server/src/odoo/index';
import { estimateFunction, evaluate, format, LayeredFacts, TreeFacts, WorkspaceFacts, type CostFacts } from '../../../server/src/cost/index';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const REFERENCE = path.resolve(ROOT, '..', 'shared', 'reference', 'query-costs-odoo18.json');
const ADDON = path.join(ROOT, 'test', 'fixtures', 'cost_calibration', 'perf_cost');
const MODELS = path.join(ADDON, 'models', 'perf_order.py');

interface Case { case: string; pattern: string; code: string; queries: Record<string, number> }

// Cases whose measured code runs on the lines (`lines_all`, 3 lines per order): the fixture method
// lives on perf.order.line and `self` holds 3N records.
const SELF_SCALE: Record<number, number> = { 27: 3, 28: 3 };

export function findMethod(root: Node, name: string): Node | undefined {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'function_definition' && n.childForFieldName('name')?.text === name) return n;
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
  return undefined;
}

test('calibration: estimates match the 36 measured Odoo 18 cases at N = 10, 100, 1000', async (t) => {
  if (!fs.existsSync(REFERENCE)) {
    t.skip(`reference measurements not found at ${REFERENCE}`);
    return;
  }
  const cases = (JSON.parse(fs.readFileSync(REFERENCE, 'utf8')) as { cases: Case[] }).cases;
  assert.equal(cases.length, 36);
  await initParser();
  const source = fs.readFileSync(MODELS, 'utf8');
  const tree = parsePython(source);
  // The workspace index when it knows the fixture's models; the file's own classes (fields,
  // @api.depends, methods) in any case.
  const ws = await scanWorkspace({ roots: [ADDON], addonsPaths: [] });
  const layers: CostFacts[] = [];
  if (ws.field('perf.order', 'line_ids').length) layers.push(new WorkspaceFacts(ws));
  layers.push(new TreeFacts([tree]));
  const facts = new LayeredFacts(layers);

  let exact = 0;
  let within = 0;
  let passingCases = 0;
  let worst = { dev: 0, what: 'none' };
  const rows: string[] = [];
  cases.forEach((c, i) => {
    const idx = i + 1;
    const name = `case_${String(idx).padStart(2, '0')}`;
    const fn = findMethod(tree.rootNode, name);
    assert.ok(fn, `fixture method ${name} for case ${c.case} "${c.pattern}"`);
    // The fixture comment above each method names the case: guards against a reordered JSON.
    const comment = source.split('\n')[fn.startPosition.row - 1] ?? '';
    assert.ok(comment.includes(c.pattern.slice(0, 20)), `${name} is not "${c.pattern}" (${comment.trim()})`);
    const est = estimateFunction(fn, { facts });
    const scale = SELF_SCALE[idx] ?? 1;
    let casePasses = true;
    const got: string[] = [];
    for (const n of ['10', '100', '1000']) {
      const measured = c.queries[n];
      const estimated = evaluate(est.total, Number(n) * scale);
      const dev = Math.abs(estimated - measured);
      if (dev === 0) exact++;
      const ok = dev <= Math.max(1, 0.1 * measured);
      if (ok) within++;
      else casePasses = false;
      if (dev > worst.dev) worst = { dev, what: `${name} (${c.pattern}) at N=${n}: ${estimated} vs ${measured}` };
      got.push(`${estimated}/${measured}`);
    }
    if (casePasses) passingCases++;
    rows.push(`${name} ${casePasses ? 'ok ' : 'BAD'} ${format(est.total).padEnd(40)} ${got.join(' ')}  ${c.pattern}`);
  });
  t.diagnostic(`calibration: ${passingCases}/36 cases pass, ${exact}/108 values exact, ${within}/108 within max(1, 10%); worst: ${worst.what}`);
  console.log(rows.join('\n'));
  console.log(`calibration: ${passingCases}/36 cases pass, ${exact}/108 values exact; worst deviation ${worst.dev} (${worst.what})`);
  tree.delete();
  // Issue 5: no fewer than 34 of 36 may pass. Our model reproduces all 108 values exactly.
  assert.ok(passingCases >= 34, `only ${passingCases}/36 cases pass`);
  assert.equal(exact, 108, 'every measured value is reproduced exactly');
});
