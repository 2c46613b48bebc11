import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';
import { lintFile } from '../../../server/src/rules/engine';
import { initParser, parsePython } from '../../../server/src/parse/parser';
import { DEFAULT_SETTINGS } from '../../../server/src/config';
import { scanWorkspace } from '../../../server/src/odoo/index';
import type { WorkspaceModel } from '../../../server/src/odoo/workspace';

const DIR = path.join(FIXTURES, 'op202_trigram');

test('OP202 and OP201 together: each field reported by one rule at most', async () => {
  const results = await lintFixture(DIR, ['OP201', 'OP202']);
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
  const lines = results.flatMap((r) => r.actual.map((a) => a.split(':')[0]));
  assert.equal(new Set(lines).size, lines.length);
});

test('OP202 message, severity and evidence', async () => {
  const findings = (await lintFixture(DIR, ['OP202'])).flatMap((r) => r.findings);
  assert.equal(findings.length, 2);
  const subject = findings.find((f) => /'subject'/.test(f.message))!;
  assert.equal(subject.severity, 'information');
  assert.equal(subject.message, "Char field 'subject' is searched with ilike in a domain and has no index: a btree cannot serve '%text%' patterns, so each search scans the whole helpdesk_lite_ticket table. index='trigram' (a GIN pg_trgm index) serves them.");
  const description = findings.find((f) => /'description'/.test(f.message))!;
  assert.deepEqual(description.related?.map((r) => [path.basename(r.file), r.range.start.line]), [['ticket_views.xml', 7]]);
});

test('OP202 stays quiet before Odoo 16 (no trigram index in the ORM)', async () => {
  await initParser();
  const ws = await scanWorkspace({ roots: [DIR], addonsPaths: [] });
  const file = path.join(DIR, 'helpdesk_lite', 'models', 'ticket.py');
  const source = fs.readFileSync(file, 'utf8');
  const tree = parsePython(source);
  // The same workspace, with the Odoo version forced.
  const at = (v: number | undefined) => {
    const workspace = new Proxy(ws, { get: (t, k) => (k === 'odooVersionForFile' ? () => v : (t as any)[k]?.bind?.(t) ?? (t as any)[k]) }) as WorkspaceModel;
    return lintFile({ file, source, tree, settings: DEFAULT_SETTINGS, select: ['OP202'], workspace });
  };
  assert.equal(at(15).length, 0);
  assert.equal(at(16).length, 2);
  assert.match(at(undefined)[0]!.message, /Odoo 16\+/);
  tree.delete();
});
