// textDocument/codeAction over stdio: quick fixes carry kind quickfix, the preferred flag, the
// diagnostic they answer and a workspace edit; source.fixAll.odooPerf applies the safe fixes.
// Expectations are written by hand from test/fixtures/fix_ws/fix_shop/models/shop.py.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { FIXTURES, LspHarness, uriOf, waitUntil } from './harness';

const WS = path.join(FIXTURES, 'fix_ws');
const SHOP = path.join(WS, 'fix_shop', 'models', 'shop.py');
const TEXT = fs.readFileSync(SHOP, 'utf8');
const T = { timeout: 20000 };

describe('code actions over stdio', () => {
  let lsp: LspHarness;
  let diagnostics: Diagnostic[];
  const uri = uriOf(SHOP);

  before(async () => {
    lsp = await LspHarness.start([WS]);
    // The Odoo version comes from the manifest, which the workspace scan reads.
    await waitUntil('workspace scan', () => lsp.progress.find((p) => p.value.kind === 'end'), 10000);
    await lsp.open(uri, TEXT);
    diagnostics = (await lsp.diagnosticsFor(uri, 1)).diagnostics;
  });

  after(async () => {
    await lsp?.stop();
  });

  const ask = (range: Diagnostic['range'], context: { diagnostics: Diagnostic[]; only?: string[] }) =>
    lsp.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context }) as Promise<CodeAction[]>;

  test('declares quickfix and source.fixAll.odooPerf', T, () => {
    const provider = lsp.initializeResult.capabilities.codeActionProvider as { codeActionKinds: string[] };
    assert.deepEqual(provider.codeActionKinds, ['quickfix', 'source.fixAll.odooPerf']);
  });

  test('OP201 on partner_id: btree_not_null preferred, index=True, ignore', T, async () => {
    const d = diagnostics.find((x) => x.code === 'OP201' && x.range.start.line === 9);
    assert.ok(d, JSON.stringify(diagnostics.map((x) => [x.code, x.range.start.line])));
    const actions = await ask(d.range, { diagnostics: [d] });
    assert.deepEqual(actions.map((a) => [a.title, a.kind, a.isPreferred ?? false]), [
      ["Add index='btree_not_null' (skips empty values)", 'quickfix', true],
      ['Add index=True (btree)', 'quickfix', false],
      ['Ignore OP201 on this line', 'quickfix', false],
    ]);
    assert.deepEqual(actions[0].diagnostics, [d]);
    // `    partner_id = fields.Many2one('res.partner')` : ')' is at column 46.
    assert.deepEqual(actions[0].edit, { changes: { [uri]: [{ range: { start: { line: 9, character: 46 }, end: { line: 9, character: 46 } }, newText: ", index='btree_not_null'" }] } });
    // The line ends with a comment that is not a noqa list (`  # expect: OP201`, to column 64):
    // the noqa comment is appended after it.
    assert.deepEqual(actions[2].edit, { changes: { [uri]: [{ range: { start: { line: 9, character: 64 }, end: { line: 9, character: 64 } }, newText: '  # noqa: OP201' }] } });
  });

  test('OP302: add timeout=10', T, async () => {
    const d = diagnostics.find((x) => x.code === 'OP302');
    assert.ok(d);
    const actions = await ask(d.range, { diagnostics: [d], only: ['quickfix'] });
    assert.equal(actions[0].title, 'Add timeout=10');
    assert.equal(actions[0].isPreferred, true);
    // `        return requests.post(url, json={'id': self.id})` : 8 + 7 + 14 + 5 + 20 = ')' at column 54.
    assert.deepEqual(actions[0].edit?.changes?.[uri], [{ range: { start: { line: 28, character: 54 }, end: { line: 28, character: 54 } }, newText: ', timeout=10' }]);
  });

  test('asking only for source actions returns no quick fix', T, async () => {
    const d = diagnostics.find((x) => x.code === 'OP302')!;
    const actions = await ask(d.range, { diagnostics: [d], only: ['source.organizeImports'] });
    assert.deepEqual(actions, []);
  });

  test('source.fixAll.odooPerf applies the safe fixes and leaves the ignores out', T, async () => {
    const whole = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const actions = await ask(whole, { diagnostics: [], only: ['source.fixAll'] });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.odooPerf');
    const [edit] = actions[0].edit!.changes![uri];
    const lines = TEXT.split('\n');
    const start = lines.slice(0, edit.range.start.line).join('\n').length + (edit.range.start.line ? 1 : 0) + edit.range.start.character;
    const end = lines.slice(0, edit.range.end.line).join('\n').length + (edit.range.end.line ? 1 : 0) + edit.range.end.character;
    const fixed = TEXT.slice(0, start) + edit.newText + TEXT.slice(end);
    assert.match(fixed, /partner_id = fields\.Many2one\('res\.partner', index='btree_not_null'\)  # expect: OP201\n/);
    assert.match(fixed, /requests\.post\(url, json=\{'id': self\.id\}, timeout=10\)/);
    assert.doesNotMatch(fixed, /noqa/);
  });
});
