// The queue_job quick fix over stdio: one code action whose workspace edit changes two files, the
// controller (with_delay) and the addon manifest ("queue_job" on a line of its own, in the list's
// style). Expectations written by hand from test/fixtures/fix_queue_ws/carrier_push.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { FIXTURES, LspHarness, uriOf, waitUntil } from './harness';

const WS = path.join(FIXTURES, 'fix_queue_ws');
const MAIN = path.join(WS, 'carrier_push', 'controllers', 'main.py');
const MANIFEST = path.join(WS, 'carrier_push', '__manifest__.py');
const T = { timeout: 20000 };

describe('queue_job code action over stdio', () => {
  let lsp: LspHarness;
  let diagnostics: Diagnostic[];
  const uri = uriOf(MAIN);

  before(async () => {
    lsp = await LspHarness.start([WS]);
    await waitUntil('workspace scan', () => lsp.progress.find((p) => p.value.kind === 'end'), 10000);
    await lsp.open(uri, fs.readFileSync(MAIN, 'utf8'));
    diagnostics = (await lsp.diagnosticsFor(uri, 1)).diagnostics;
  });

  after(async () => {
    await lsp?.stop();
  });

  test('OP301: with_delay in the controller and queue_job in the manifest, one workspace edit', T, async () => {
    const d = diagnostics.find((x) => x.code === 'OP301');
    assert.ok(d, JSON.stringify(diagnostics.map((x) => [x.code, x.range.start.line])));
    const actions = (await lsp.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
    assert.deepEqual(actions.map((a) => [a.title, a.kind, a.isPreferred ?? false]), [
      ['Run push_to_carrier() in a queue job (with_delay)', 'quickfix', false],
      ['Ignore OP301 on this line', 'quickfix', false],
    ]);
    // `        picking.push_to_carrier()`: `picking` ends at column 15 of line 9.
    // The manifest's last entry `        "website"` (line 5) has no trailing comma: one is added and
    // the new entry follows on its own line, without one either.
    assert.deepEqual(actions[0].edit, {
      changes: {
        [uri]: [{ range: { start: { line: 9, character: 15 }, end: { line: 9, character: 15 } }, newText: '.with_delay(description="Push to carrier")' }],
        [uriOf(MANIFEST)]: [{ range: { start: { line: 5, character: 17 }, end: { line: 5, character: 17 } }, newText: ',\n        "queue_job"' }],
      },
    });
  });

  test('fixAll leaves the queue_job rewrite out (it changes behaviour)', T, async () => {
    const whole = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const actions = (await lsp.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: whole, context: { diagnostics: [], only: ['source.fixAll'] } })) as CodeAction[];
    const edits = actions.flatMap((a) => Object.values(a.edit?.changes ?? {}).flat());
    assert.ok(edits.every((e) => !e.newText.includes('with_delay')), JSON.stringify(edits));
  });
});
