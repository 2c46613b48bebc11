// The language server over stdio, as an editor sees it. Expectations (ranges, codes, severities)
// are written by hand from the fixtures in test/fixtures/protocol_ws*/.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { FIXTURES, LspHarness, uriOf, waitUntil } from './harness';

const WS = path.join(FIXTURES, 'protocol_ws');
const WS_OFF = path.join(FIXTURES, 'protocol_ws_off');
const SALE = path.join(WS, 'sale_perf', 'models', 'sale_order.py');
const PICKING = path.join(WS_OFF, 'stock_perf', 'models', 'stock_picking.py');
const SALE_TEXT = fs.readFileSync(SALE, 'utf8');

/** Buffers that exist only in the editor, inside the fixture addon. */
function scratch(name: string): string {
  return uriOf(path.join(WS, 'sale_perf', 'models', name));
}

// sale_order.py line 12 (0-based 11):
// `            lines = self.env["sale.order.line"].search([("order_id", "=", order.id)])`
// the call starts after 12 spaces + `lines = ` (col 20) and runs to the end of the line (col 85).
const SEARCH_CALL = { start: { line: 11, character: 20 }, end: { line: 11, character: 85 } };

function brief(d: Diagnostic) {
  return { code: d.code, line: d.range.start.line, severity: d.severity };
}

const T = { timeout: 15000 };

describe('odoo-perf language server over stdio', () => {
  let lsp: LspHarness;

  before(async () => {
    lsp = await LspHarness.start([WS, WS_OFF]);
  });

  after(async () => {
    await lsp?.stop();
  });

  test('initialize declares incremental sync, hover and code actions', T, () => {
    const caps = lsp.initializeResult.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
    assert.equal(caps.hoverProvider, true);
    assert.ok(caps.codeActionProvider);
  });

  test('registers file watchers and reports the workspace scan as work-done progress', T, async () => {
    const watch = await waitUntil('watched-files registration', () => lsp.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'));
    const globs = (watch.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern).sort();
    assert.deepEqual(globs, ['**/*.py', '**/*.xml', '**/__manifest__.py', '**/pyproject.toml', '**/*.yml', '**/*.yaml', '**/*.conf', '**/.odoorc', '**/Dockerfile*', '**/.env'].sort());
    const end = await waitUntil('progress end', () => lsp.progress.find((p) => p.value.kind === 'end'));
    assert.ok(lsp.progressTokens.includes(end.token), 'the token was created with window/workDoneProgress/create');
    const begin = lsp.progress.find((p) => p.token === end.token && p.value.kind === 'begin');
    assert.ok(begin, 'begin precedes end');
    assert.match(begin.value.title ?? '', /Odoo Perf/);
    // The fixture folders hold files to index, so the scan reports its way up to 100 %.
    const reports = lsp.progress.filter((p) => p.token === end.token && p.value.kind === 'report').map((p) => p.value.percentage);
    assert.equal(reports.at(-1), 100, JSON.stringify(reports));
  });

  test('a search in a record loop is published with code, range, severity, source and docs link', T, async () => {
    const uri = uriOf(SALE);
    await lsp.open(uri, SALE_TEXT);
    const published = await lsp.diagnosticsFor(uri, 1);
    assert.equal(published.diagnostics.length, 1, JSON.stringify(published.diagnostics));
    const [d] = published.diagnostics;
    assert.equal(d.code, 'OP101');
    assert.equal(d.source, 'odoo-perf');
    assert.equal(d.severity, 2);
    assert.deepEqual(d.range, SEARCH_CALL);
    assert.equal(d.codeDescription?.href, 'https://github.com/odoo-perf/odoo-perf/blob/main/docs/rules/OP101-search-in-loop.md');
    assert.deepEqual(d.data, { rule: 'search-in-loop' });
    assert.ok(typeof d.message === 'string' && !d.message.startsWith('['), 'a plain message, without the rule name');
    await lsp.close(uri);
  });

  test('incremental edits update the diagnostics (remove the loop, put it back, shift it)', T, async () => {
    const uri = scratch('edited_order.py');
    await lsp.open(uri, SALE_TEXT);
    assert.deepEqual((await lsp.diagnosticsFor(uri, 1)).diagnostics.map(brief), [{ code: 'OP101', line: 11, severity: 2 }]);

    // Replace the three loop lines (10..12) by a batched version without a query per order.
    let v = await lsp.change(uri, [
      { range: { start: { line: 10, character: 0 }, end: { line: 13, character: 0 } }, text: '        counts = {}\n        for order in self:\n            order.line_count = counts.get(order.id, 0)\n' },
    ]);
    assert.deepEqual((await lsp.diagnosticsFor(uri, v)).diagnostics, []);

    // Put the search back, typed into the body line by line.
    v = await lsp.change(uri, [
      // `            order.line_count = ` is 31 characters, `counts.get(order.id, 0)` 23 more.
      { range: { start: { line: 12, character: 31 }, end: { line: 12, character: 54 } }, text: 'len(lines)' },
      { range: { start: { line: 12, character: 0 }, end: { line: 12, character: 0 } }, text: '            lines = self.env["sale.order.line"].search([("order_id", "=", order.id)])\n' },
    ]);
    const back = (await lsp.diagnosticsFor(uri, v)).diagnostics;
    assert.deepEqual(back.map(brief), [{ code: 'OP101', line: 12, severity: 2 }]);
    assert.deepEqual(back[0].range, { start: { line: 12, character: 20 }, end: { line: 12, character: 85 } });

    // Two changes in one notification apply in order; an astral character before the call
    // shifts its column by two UTF-16 code units.
    v = await lsp.change(uri, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'import logging\n' },
      { range: { start: { line: 13, character: 12 }, end: { line: 13, character: 12 } }, text: 'x = "😀"; ' },
    ]);
    const shifted = (await lsp.diagnosticsFor(uri, v)).diagnostics;
    assert.deepEqual(shifted.map((d) => d.range), [{ start: { line: 13, character: 30 }, end: { line: 13, character: 95 } }]);
    await lsp.close(uri);
  });

  test('closing a document clears its diagnostics', T, async () => {
    const uri = scratch('closed_order.py');
    await lsp.open(uri, SALE_TEXT);
    assert.equal((await lsp.diagnosticsFor(uri, 1)).diagnostics.length, 1);
    const mark = lsp.mark(uri);
    await lsp.close(uri);
    const cleared = await lsp.nextDiagnostics(uri, mark);
    assert.deepEqual(cleared.diagnostics, []);
  });

  test('a syntax error elsewhere in the file does not hide findings in the valid parts', T, async () => {
    const uri = scratch('broken_order.py');
    const text = [
      'from odoo import models',
      '',
      '',
      'class SaleOrder(models.Model):',
      '    _inherit = "sale.order"',
      '',
      '    def _compute_count(self):',
      '        for order in self:',
      '            order.count = self.env["sale.order.line"].search_count([("order_id", "=", order.id)])',
      '',
      '    def _broken(self):',
      '        total = = 1',
      '        return )(',
      '',
    ].join('\n');
    await lsp.open(uri, text);
    const published = await lsp.diagnosticsFor(uri, 1);
    assert.deepEqual(published.diagnostics.map(brief), [{ code: 'OP101', line: 8, severity: 2 }]);
    // `            order.count = ` is 26 characters.
    assert.equal(published.diagnostics[0].range.start.character, 26);
    await lsp.close(uri);
  });

  test('# noqa: OP101 on the line suppresses the finding', T, async () => {
    const uri = scratch('noqa_order.py');
    const text = SALE_TEXT.replace('order.id)])\n', 'order.id)])  # noqa: OP101\n');
    assert.notEqual(text, SALE_TEXT);
    await lsp.open(uri, text);
    assert.deepEqual((await lsp.diagnosticsFor(uri, 1)).diagnostics, []);
    await lsp.close(uri);
  });

  test('[tool.odoo-perf] rules = { OP101 = "off" } in the folder pyproject.toml turns the rule off there', T, async () => {
    const uri = uriOf(PICKING);
    await lsp.open(uri, fs.readFileSync(PICKING, 'utf8'));
    assert.deepEqual((await lsp.diagnosticsFor(uri, 1)).diagnostics, []);
    await lsp.close(uri);
  });

  test('binary, huge and broken files never take the server down', T, async () => {
    const binary = scratch('binary.py');
    const huge = scratch('huge.py');
    const garbage = scratch('garbage.py');
    await lsp.open(binary, 'from odoo import models\n\u0000\u0000\u0001\u00ff\ufffd\n');
    await lsp.open(huge, 'x = 1\n'.repeat(400_000)); // 2.4 MB
    await lsp.open(garbage, ')))(((\n\tdef def class :: ]]]\n"""unterminated\n' + '\\'.repeat(1000));
    assert.deepEqual((await lsp.diagnosticsFor(binary, 1)).diagnostics, []);
    assert.deepEqual((await lsp.diagnosticsFor(huge, 1)).diagnostics, []);
    await lsp.diagnosticsFor(garbage, 1);
    assert.equal(lsp.logs.filter((l) => l.includes('huge.py') && l.includes('skipped')).length, 1, lsp.logs.join('\n'));
    assert.equal(lsp.logs.filter((l) => l.includes('binary.py') && l.includes('skipped')).length, 1, lsp.logs.join('\n'));

    // Still serving: another file gets its diagnostics.
    const after = scratch('after_bad_input.py');
    await lsp.open(after, SALE_TEXT);
    assert.deepEqual((await lsp.diagnosticsFor(after, 1)).diagnostics.map(brief), [{ code: 'OP101', line: 11, severity: 2 }]);
    assert.ok(lsp.alive, `server exited; stderr: ${lsp.stderr}`);
    for (const uri of [binary, huge, garbage, after]) await lsp.close(uri);
  });

  test('non-Python documents are ignored', T, async () => {
    const xml = uriOf(path.join(WS, 'sale_perf', 'views', 'view.xml'));
    await lsp.open(xml, '<odoo><record id="x" model="ir.ui.view"/></odoo>', 'xml');
    // A Python file opened afterwards is answered; the XML one never is.
    const py = scratch('after_xml.py');
    await lsp.open(py, SALE_TEXT);
    await lsp.diagnosticsFor(py, 1);
    assert.equal(lsp.mark(xml), 0);
    await lsp.close(xml);
    await lsp.close(py);
  });

  test('editor settings are pulled per folder, override pyproject, and re-lint open files', T, async () => {
    const uri = scratch('settings_order.py');
    const picking = uriOf(PICKING);
    await lsp.open(uri, SALE_TEXT);
    await lsp.open(picking, fs.readFileSync(PICKING, 'utf8'));
    assert.equal((await lsp.diagnosticsFor(uri, 1)).diagnostics[0]?.severity, 2);
    assert.deepEqual((await lsp.diagnosticsFor(picking, 1)).diagnostics, []);
    const markSale = lsp.mark(uri);
    const markPicking = lsp.mark(picking);
    lsp.config = (scope) => (scope === uriOf(WS) ? { rules: { OP101: 'error' } } : scope === uriOf(WS_OFF) ? { rules: { OP101: 'hint' } } : {});
    try {
      await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const sale = await lsp.nextDiagnostics(uri, markSale, (p) => p.diagnostics[0]?.severity === 1);
      assert.deepEqual(sale.diagnostics.map(brief), [{ code: 'OP101', line: 11, severity: 1 }]);
      // The editor's explicit choice wins over the folder's pyproject "off".
      const stock = await lsp.nextDiagnostics(picking, markPicking, (p) => p.diagnostics.length > 0);
      assert.deepEqual(stock.diagnostics.map(brief), [{ code: 'OP101', line: 11, severity: 4 }]);
    } finally {
      lsp.config = () => ({});
    }
    const markReset = lsp.mark(uri);
    await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const reset = await lsp.nextDiagnostics(uri, markReset, (p) => p.diagnostics[0]?.severity === 2);
    assert.equal(reset.diagnostics.length, 1);
    await lsp.close(uri);
    await lsp.close(picking);
  });

  test('an invalid setting is shown once as a warning, however often it is re-read', T, async () => {
    const uri = scratch('warned_order.py');
    await lsp.open(uri, SALE_TEXT);
    await lsp.diagnosticsFor(uri, 1);
    lsp.config = (scope) => (scope === uriOf(WS) ? { rules: { OP101: 'loud' } } : {});
    try {
      for (let i = 0; i < 2; i++) {
        // Each re-read ends with a re-lint of the open files: wait for it before the next one.
        const mark = lsp.mark(uri);
        await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
        await lsp.nextDiagnostics(uri, mark);
      }
      const warnings = lsp.shown.filter((m) => m.message.includes('loud'));
      assert.equal(warnings.length, 1, JSON.stringify(lsp.shown));
      assert.equal(warnings[0].type, 2); // MessageType.Warning
      assert.equal(lsp.logs.filter((l) => l.includes('"loud"')).length, 2, 'logged at every read');
    } finally {
      lsp.config = () => ({});
      await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await lsp.close(uri);
    }
  });

  test('an addonsPaths change rescans the workspace; a rule severity change only re-lints', T, async () => {
    const uri = scratch('rescan_order.py');
    await lsp.open(uri, SALE_TEXT);
    await lsp.diagnosticsFor(uri, 1);
    await waitUntil('the first scan', () => lsp.progress.find((p) => p.value.kind === 'end'));
    const begins = () => lsp.progress.filter((p) => p.value.kind === 'begin').length;
    const before = begins();
    try {
      lsp.config = (scope) => (scope === uriOf(WS) ? { rules: { OP101: 'information' } } : {});
      let mark = lsp.mark(uri);
      await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await lsp.nextDiagnostics(uri, mark, (p) => p.diagnostics[0]?.severity === 3);
      assert.equal(begins(), before, 'no rescan for a severity change');

      lsp.config = (scope) => (scope === uriOf(WS) ? { addonsPaths: [WS_OFF] } : {});
      mark = lsp.mark(uri);
      await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await waitUntil('a second scan', () => (begins() > before ? true : undefined));
      await lsp.nextDiagnostics(uri, mark, (p) => p.diagnostics[0]?.severity === 2);
    } finally {
      lsp.config = () => ({});
      await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await lsp.close(uri);
    }
  });

  test('a pyproject.toml created or deleted on disk (watched files) switches a rule, in a folder added later', T, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-perf-ws-'));
    try {
      const models = path.join(dir, 'sale_perf', 'models');
      fs.mkdirSync(models, { recursive: true });
      fs.writeFileSync(path.join(dir, 'sale_perf', '__manifest__.py'), '{"name": "Sale Perf", "version": "17.0.1.0.0", "depends": ["sale"]}\n');
      const file = path.join(models, 'sale_order.py');
      fs.writeFileSync(file, SALE_TEXT);
      await lsp.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
        event: { added: [{ uri: uriOf(dir), name: 'tmp' }], removed: [] },
      });
      const uri = uriOf(file);
      await lsp.open(uri, SALE_TEXT);
      assert.equal((await lsp.diagnosticsFor(uri, 1)).diagnostics.length, 1);

      const pyproject = path.join(dir, 'pyproject.toml');
      fs.writeFileSync(pyproject, '[tool.odoo-perf]\nrules = { search-in-loop = "off" }\n');
      let mark = lsp.mark(uri);
      await lsp.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(pyproject), type: 1 }] });
      await lsp.nextDiagnostics(uri, mark, (p) => p.diagnostics.length === 0);

      fs.rmSync(pyproject);
      mark = lsp.mark(uri);
      await lsp.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(pyproject), type: 3 }] });
      const back = await lsp.nextDiagnostics(uri, mark, (p) => p.diagnostics.length > 0);
      assert.deepEqual(back.diagnostics.map(brief), [{ code: 'OP101', line: 11, severity: 2 }]);
      await lsp.close(uri);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
