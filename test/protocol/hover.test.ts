// Hover over the wire (dist/server.js --stdio): query-cost estimates on an ORM call in a loop, on
// the loop header and on the method name; index evidence on a field definition; and nothing at all
// on re.search / dict.get (lookalikes that do no database work). Fixture: test/fixtures/hover_basic.
// Expected numbers are derived by hand from Odoo 18 measurements: search_count is 1 query per call
// (measured: 100 for 100 orders in a loop), a many2one read on a prefetched set 1 per 1000 records,
// create(vals) 1 INSERT per call, create(vals_list) 1 per 100 records.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { FIXTURES, LspHarness, uriOf, waitUntil } from './harness';

const T = { timeout: 15000 };
const DIR = path.join(FIXTURES, 'hover_basic');
const FILE = path.join(DIR, 'perf_hover', 'models', 'visit.py');

describe('hover', () => {
  let lsp: LspHarness;
  const uri = uriOf(FILE);
  const lines = fs.readFileSync(FILE, 'utf8').split('\n');

  /** Position of the first `needle` on the line that contains `lineText` (0-based LSP position). */
  function at(lineText: string, needle: string): { line: number; character: number } {
    const line = lines.findIndex((l) => l.includes(lineText));
    assert.ok(line >= 0, `fixture line "${lineText}"`);
    const character = lines[line].indexOf(needle);
    assert.ok(character >= 0, `"${needle}" on line ${line + 1}`);
    return { line, character: character + 1 };
  }

  async function hover(lineText: string, needle: string): Promise<string | null> {
    const h = (await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: at(lineText, needle) })) as Hover | null;
    return h ? (h.contents as MarkupContent).value : null;
  }

  before(async () => {
    lsp = await LspHarness.start([DIR]);
    await waitUntil('the first scan', () => lsp.progress.find((p) => p.value.kind === 'end'), 10000);
    await lsp.open(uri, lines.join('\n'));
  });

  after(async () => {
    await lsp?.stop();
  });

  test('a search_count in a loop: 1 query per iteration, and 1 after the _read_group fix', T, async () => {
    const value = await hover('Visit.search_count(', 'search_count');
    assert.ok(value, 'a hover');
    assert.match(value, /≈ 1 query per iteration → 80 at N = 80, 1000 at N = 1000/);
    assert.match(value, /After the fix \(one _read_group before the loop\): 1 query/);
  });

  test('a loop header shows the loop total: N searches + one many2one read per 1000 records', T, async () => {
    const value = await hover('for rec in self:', 'for');
    assert.ok(value);
    // 80 search_count + ceil(80/1000) = 1 read of partner_id = 81; at 1000: 1000 + 1.
    assert.match(value, /Loop.*for rec in self/);
    assert.match(value, /81 at N = 80, 1001 at N = 1000/);
  });

  test('a method name shows its total and its top contributors', T, async () => {
    const value = await hover('def _compute_visit_count', '_compute_visit_count');
    assert.ok(value);
    assert.match(value, /_compute_visit_count\(\)/);
    assert.match(value, /81 at N = 80, 1001 at N = 1000/);
    assert.match(value, /Top contributors:\n- line 18 `Visit\.search_count`/);
  });

  test('create in a loop: 1 INSERT per iteration, ceil(N/100) after create(vals_list)', T, async () => {
    const value = await hover('self.env["perf.visit"].create(', 'create');
    assert.ok(value);
    assert.match(value, /≈ 1 query per iteration → 80 at N = 80, 1000 at N = 1000/);
    assert.match(value, /After the fix \(one create\(vals_list\) after the loop\): ceil\(N\/100\) → 1 at N = 80, 10 at N = 1000/);
  });

  test('a queried field without index: index none, its query locations, no index use', T, async () => {
    const value = await hover('partner_id = fields.Many2one', 'partner_id');
    assert.ok(value);
    assert.match(value, /perf\.visit\.partner_id\*\* \(Many2one\) — index: none/);
    assert.match(value, /Queried in 2 places \(1 domain, 1 search view\)/);
    assert.match(value, /- domain `=`: perf_hover\/models\/visit\.py:18/);
    assert.match(value, /- search view: perf_hover\/views\/visit_views\.xml:7/);
    assert.match(value, /none can use an index/);
  });

  test('an indexed field: its index serves the equality queries', T, async () => {
    const value = await hover('code = fields.Char(index=True)', 'code');
    assert.ok(value);
    assert.match(value, /index: index=True/);
    assert.match(value, /can use the index/);
  });

  test('nothing on re.search, dict.get, plain Python or a non-costing statement', T, async () => {
    assert.equal(await hover('re.search(r"^X"', 'search'), null);
    assert.equal(await hover('seen.get(rec.code)', 'get'), null);
    assert.equal(await hover('def plain_python', 'plain_python'), null);
    assert.equal(await hover('for v in values:', 'for'), null);
    assert.equal(await hover('total += len(str(v))', 'len'), null);
  });
});
