// OP302 fix: timeout= appended (or None replaced), seconds from odooPerf.fixes.requestTimeout.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applied, lintText, titles } from './helpers';

const wrap = (body: string) => `import requests

from odoo import models


class Rates(models.Model):
    _inherit = 'res.currency'

    def _fetch(self, url):
${body}
`;

async function fixed(body: string, settings = {}) {
  const r = await lintText(wrap(body), '17.0.1.0.0', 'OP302', settings);
  assert.equal(r.findings.length, 1, JSON.stringify(r.findings));
  const fixes = r.fixes(r.findings[0]);
  const out = applied(r.source, fixes[0], r.file);
  return { fixes, body: out.slice(out.indexOf('url):\n') + 6, -1) };
}

test('appends timeout=10 to a one-line call, preferred and safe', async () => {
  const { fixes, body } = await fixed('        return requests.get(url).json()');
  assert.deepEqual(titles(fixes), ['Add timeout=10', 'Ignore OP302 on this line']);
  assert.equal(fixes[0].preferred, true);
  assert.equal(fixes[0].safe, true);
  assert.equal(body, '        return requests.get(url, timeout=10).json()');
});

test('replaces timeout=None', async () => {
  const { fixes, body } = await fixed('        return requests.get(url, timeout=None).json()');
  assert.equal(fixes[0].title, 'Set timeout=10');
  assert.equal(body, '        return requests.get(url, timeout=10).json()');
});

test('the setting chooses the seconds', async () => {
  const { body } = await fixed('        requests.post(url, json={})', { fixes: { requestTimeout: 30 } });
  assert.equal(body, '        requests.post(url, json={}, timeout=30)');
});

test('multi-line call with a trailing comma', async () => {
  const { body } = await fixed(['        requests.post(', '            url,', '            json={"a": 1},', '        )'].join('\n'));
  assert.equal(body, ['        requests.post(', '            url,', '            json={"a": 1},', '            timeout=10,', '        )'].join('\n'));
});
