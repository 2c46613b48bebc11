// The workspace model follows unsaved buffers and files changed on disk, so a cross-file rule
// (OP201 missing-index: a field defined in one file, searched in another) updates the file that
// did not change. Runs on a temporary copy of test/fixtures/protocol_xfile/ because it writes files.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FIXTURES, LspHarness, uriOf, waitUntil } from './harness';

const T = { timeout: 15000 };

describe('cross-file findings follow buffers and watched files', () => {
  let lsp: LspHarness;
  let dir: string;
  let order: string;
  let report: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-perf-xfile-'));
    fs.cpSync(path.join(FIXTURES, 'protocol_xfile'), dir, { recursive: true });
    order = path.join(dir, 'perf_x', 'models', 'order.py');
    report = path.join(dir, 'perf_x', 'models', 'report.py');
    lsp = await LspHarness.start([dir]);
    await waitUntil('the first scan', () => lsp.progress.find((p) => p.value.kind === 'end'));
  });

  after(async () => {
    await lsp?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('an unsaved search in another file reports the unindexed field; closing unsaved reverts', T, async () => {
    const orderUri = uriOf(order);
    const reportUri = uriOf(report);
    await lsp.open(orderUri, fs.readFileSync(order, 'utf8'));
    assert.deepEqual((await lsp.diagnosticsFor(orderUri, 1)).diagnostics, [], 'nothing searches on reference yet');

    await lsp.open(reportUri, fs.readFileSync(report, 'utf8'));
    let mark = lsp.mark(orderUri);
    // report.py line 10: `        return self.env["perf.order"].browse()`; `.browse()` is columns 37..46.
    await lsp.change(reportUri, [
      { range: { start: { line: 9, character: 37 }, end: { line: 9, character: 46 } }, text: '.search([("reference", "=", ref)], limit=1)' },
    ]);
    const found = await lsp.nextDiagnostics(orderUri, mark, (p) => p.diagnostics.length > 0);
    assert.equal(found.diagnostics.length, 1);
    const [d] = found.diagnostics;
    assert.equal(d.code, 'OP201');
    // order.py line 8: `    reference = fields.Char()`; the field name is columns 4..13.
    assert.deepEqual(d.range, { start: { line: 7, character: 4 }, end: { line: 7, character: 13 } });
    assert.equal(d.relatedInformation?.length, 1);
    assert.equal(d.relatedInformation?.[0].location.uri, reportUri);
    assert.equal(d.relatedInformation?.[0].location.range.start.line, 9);

    mark = lsp.mark(orderUri);
    await lsp.close(reportUri); // unsaved: the model goes back to the file on disk
    await lsp.nextDiagnostics(orderUri, mark, (p) => p.diagnostics.length === 0);
    await lsp.close(orderUri);
  });

  test('a file created and then deleted on disk (watched files) adds and removes the finding', T, async () => {
    const orderUri = uriOf(order);
    await lsp.open(orderUri, fs.readFileSync(order, 'utf8'));
    assert.deepEqual((await lsp.diagnosticsFor(orderUri, 1)).diagnostics, []);

    const wizard = path.join(dir, 'perf_x', 'models', 'wizard.py');
    fs.writeFileSync(
      wizard,
      [
        'from odoo import models',
        '',
        '',
        'class PerfWizard(models.TransientModel):',
        '    _name = "perf.wizard"',
        '    _description = "Perf Wizard"',
        '',
        '    def action_find(self):',
        '        return self.env["perf.order"].search([("reference", "=", self.id)])',
        '',
      ].join('\n'),
    );
    let mark = lsp.mark(orderUri);
    await lsp.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(wizard), type: 1 }] });
    const found = await lsp.nextDiagnostics(orderUri, mark, (p) => p.diagnostics.length > 0);
    assert.deepEqual(found.diagnostics.map((d) => [d.code, d.relatedInformation?.[0].location.uri]), [['OP201', uriOf(wizard)]]);

    fs.rmSync(wizard);
    mark = lsp.mark(orderUri);
    await lsp.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(wizard), type: 3 }] });
    await lsp.nextDiagnostics(orderUri, mark, (p) => p.diagnostics.length === 0);
    await lsp.close(orderUri);
  });
});
