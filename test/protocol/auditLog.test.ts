// The audit re-runs on every change of a deployment document; files it skips (here a 1.1 MB
// *.conf, above the 1 MB cap) are logged once, not on every run. The big file is generated in a
// temporary folder (no megabyte fixture in the repository).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LspHarness, uriOf } from './harness';

const T = { timeout: 20000 };

describe('deployment audit logging', () => {
  let lsp: LspHarness;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-perf-auditlog-'));
    fs.writeFileSync(path.join(dir, 'docker-compose.yml'), 'services:\n  odoo:\n    image: odoo:17.0\n');
    fs.writeFileSync(path.join(dir, 'huge.conf'), `# generated\n${'x = 1\n'.repeat(200_000)}`);
    lsp = await LspHarness.start([dir]);
  });

  after(async () => {
    await lsp?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a skipped file is logged once across re-audits', T, async () => {
    for (let i = 0; i < 3; i++) await lsp.connection.sendRequest('odooPerf/audit', { folderUri: uriOf(dir) });
    const skipped = lsp.logs.filter((l) => l.includes('audit skipped') && l.includes('huge.conf'));
    assert.equal(skipped.length, 1, lsp.logs.join('\n'));
    assert.match(skipped[0], /larger than 1 MB/);
  });
});
