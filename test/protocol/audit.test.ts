// The deployment audit over stdio: the `odooPerf/audit` request and the diagnostics published
// for open compose / odoo.conf documents. Expectations are written by hand from the fixtures in
// test/fixtures/deploy_* (line numbers below are 0-based, as LSP sends them).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { FIXTURES, LspHarness, uriOf, waitUntil } from './harness';

const TUNED = path.join(FIXTURES, 'deploy_tuned');
const OFFICIAL = path.join(FIXTURES, 'deploy_official_cmd');
const MALFORMED = path.join(FIXTURES, 'deploy_malformed');
const SECRETS = ['Tuned-Db-6604', 'Tuned-Master-9981', 'Cmd-Pass-7731', 'Env-Pass-4402'];

interface Response {
  findings: { file: string; code: string; rule: string; severity: string; range: { start: { line: number } } }[];
  tuned: { target: { cpus: number; ramMiB: number; source: string }; files: { file: string; edits: TextEdit[] }[] } | null;
  tunedReason?: string;
  needsTarget: boolean;
  labels: Record<string, string>;
  uris: Record<string, string>;
  tunedDocuments: Record<string, { uri: string; label: string; sha256: string; current: string; tuned: string }>;
  report: string;
  folderUri?: string;
}

/** Applies LSP edits (ranges in the original text), last first. */
function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

const brief = (d: Diagnostic) => `${d.code}@${d.range.start.line}`;
const T = { timeout: 20000 };

describe('deployment audit over stdio', () => {
  let lsp: LspHarness;

  before(async () => {
    lsp = await LspHarness.start([TUNED, OFFICIAL, MALFORMED]);
  });

  after(async () => {
    await lsp?.stop();
  });

  test('registers watchers for the deployment files', T, async () => {
    const watch = await waitUntil('watched-files registration', () => lsp.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'));
    const globs = (watch.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern);
    for (const g of ['**/*.yml', '**/*.yaml', '**/*.conf', '**/.odoorc', '**/Dockerfile*']) assert.ok(globs.includes(g), `${g} in ${globs}`);
  });

  test('odooPerf/audit returns the findings and the tuned edits for a target', T, async () => {
    const r = (await lsp.connection.sendRequest('odooPerf/audit', { folderUri: uriOf(TUNED), target: { cpus: 4, ramGb: 8 }, addonDepends: ['queue_job'] })) as Response;
    const conf = path.join(TUNED, 'config', 'odoo.conf');
    const compose = path.join(TUNED, 'docker-compose.yml');
    assert.equal(r.folderUri, uriOf(TUNED));
    // db_maxconn 64 × (2 workers + 2 cron + 1) = 320 > max_connections 100 (odoo.conf line 5).
    assert.ok(r.findings.some((f) => f.file === conf && f.code === 'OP506' && f.range.start.line === 4));
    // caddy depends_on odoo, proxy_mode unset; no healthcheck on the odoo service (compose line 3).
    assert.ok(r.findings.some((f) => f.file === conf && f.code === 'OP510'));
    assert.ok(r.findings.some((f) => f.file === compose && f.code === 'OP517' && f.range.start.line === 2));
    assert.equal(r.labels[conf], 'config/odoo.conf');
    assert.equal(r.uris[compose], uriOf(compose));
    assert.equal(r.needsTarget, false);
    assert.deepEqual({ cpus: r.tuned!.target.cpus, ramMiB: r.tuned!.target.ramMiB, source: r.tuned!.target.source }, { cpus: 4, ramMiB: 8192, source: 'input' });
    // The edits, applied to the files on disk, give the hand-computed tuned files.
    assert.deepEqual(r.tuned!.files.map((f) => f.file).sort(), [conf, compose].sort());
    for (const f of r.tuned!.files) {
      assert.equal(apply(fs.readFileSync(f.file, 'utf8'), f.edits), fs.readFileSync(`${f.file}.expected`, 'utf8'), f.file);
      const doc = r.tunedDocuments[f.file];
      assert.equal(doc.uri, uriOf(f.file));
      assert.match(doc.sha256, /^[0-9a-f]{64}$/);
      assert.match(doc.tuned, /db_maxconn = 16|--workers=7/);
    }
    // The report: a finding with a file:line link, the capacity table, a tuned value's reason.
    assert.ok(r.report.includes(`[config/odoo.conf:5](<${uriOf(path.join(TUNED, 'config', 'odoo.conf')).replace('file://', 'vscode://file')}:5:1>)`), r.report);
    assert.match(r.report, /## Capacity/);
    assert.match(r.report, /\| HTTP workers \| 2 \| 7 \|/);
    // No secret anywhere in the response (report, masked texts, previews, summaries).
    const json = JSON.stringify(r);
    for (const s of SECRETS) assert.ok(!json.includes(s), `${s} leaked`);
    assert.ok(r.tunedDocuments[conf].current.includes('admin_passwd = ********'));
  });

  test('without compose limits nor a target the response asks for one', T, async () => {
    const r = (await lsp.connection.sendRequest('odooPerf/audit', { folderUri: uriOf(TUNED) })) as Response;
    assert.equal(r.tuned, null);
    assert.equal(r.needsTarget, true);
    assert.match(r.tunedReason ?? '', /memory limit/);
    assert.deepEqual(r.tunedDocuments, {});
  });

  test('diagnostics on an opened docker-compose.yml carry code, source, link and evidence', T, async () => {
    const file = path.join(OFFICIAL, 'docker-compose.yml');
    const uri = uriOf(file);
    await lsp.open(uri, fs.readFileSync(file, 'utf8'), 'yaml');
    const p = await lsp.nextDiagnostics(uri, 0, (x) => x.diagnostics.length > 0, 10000);
    const got = p.diagnostics.map(brief).sort();
    // workers=9 on 2 CPUs (OP502) and 9 workers × 64 > 100 connections (OP506) on the command
    // (line 5); 2 GB limit < docs estimate (OP503, line 16); gevent port not published (OP512).
    for (const want of ['OP502@4', 'OP506@4', 'OP503@15', 'OP512@2', 'OP517@2', 'OP508@16']) assert.ok(got.includes(want), `${want} in ${got}`);
    const op502 = p.diagnostics.find((d) => d.code === 'OP502')!;
    assert.equal(op502.source, 'odoo-perf');
    assert.equal(op502.severity, 2);
    assert.equal(op502.codeDescription?.href, 'https://github.com/odoo-perf/odoo-perf/blob/main/docs/rules/OP502-workers-exceed-cpu.md');
    assert.ok(p.diagnostics.every((d) => !SECRETS.some((s) => String(d.message).includes(s))));

    // An edit re-audits: 3 workers fit 2 CPUs (2 × 2 + 1 = 5), so OP502 goes away.
    const version = await lsp.change(uri, [{ range: { start: { line: 4, character: 16 }, end: { line: 4, character: 27 } }, text: '--workers=3' }]);
    const after2 = await lsp.diagnosticsFor(uri, version, 10000);
    assert.ok(!after2.diagnostics.some((d) => d.code === 'OP502'), after2.diagnostics.map(brief).join());
    assert.ok(after2.diagnostics.some((d) => d.code === 'OP506'), '(3 + 2 + 1) × 64 = 384 still exceed 100');
    await lsp.close(uri);
  });

  test('an opened odoo.conf gets its findings, with related information', T, async () => {
    const file = path.join(TUNED, 'config', 'odoo.conf');
    const uri = uriOf(file);
    await lsp.open(uri, fs.readFileSync(file, 'utf8'), 'ini');
    const p = await lsp.nextDiagnostics(uri, 0, (x) => x.diagnostics.length > 0, 10000);
    const op506 = p.diagnostics.find((d) => d.code === 'OP506');
    assert.ok(op506, p.diagnostics.map(brief).join());
    assert.equal(op506.range.start.line, 4);
    assert.ok(op506.relatedInformation?.some((ri) => ri.location.uri === uriOf(path.join(TUNED, 'docker-compose.yml'))));
    // The compose file is not open: nothing is published for it.
    assert.equal(lsp.diagnostics.get(uriOf(path.join(TUNED, 'docker-compose.yml'))), undefined);
    await lsp.close(uri);
  });

  test('malformed YAML: one diagnostic at the error, the server keeps serving', T, async () => {
    const file = path.join(MALFORMED, 'docker-compose.yml');
    const uri = uriOf(file);
    await lsp.open(uri, fs.readFileSync(file, 'utf8'), 'yaml');
    const p = await lsp.nextDiagnostics(uri, 0, (x) => x.diagnostics.length > 0, 10000);
    assert.deepEqual(p.diagnostics.map(brief), ['OP500@4']);
    assert.equal(p.diagnostics[0].severity, 1);
    assert.match(String(p.diagnostics[0].message), /not valid YAML/);
    const r = (await lsp.connection.sendRequest('odooPerf/audit', { folderUri: uriOf(MALFORMED) })) as Response;
    assert.ok(r.findings.some((f) => f.code === 'OP500'));
    assert.ok(lsp.alive);
  });
});
