// "Ignore OPxxx on this line" for every finding: a new noqa comment, or the existing list extended.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applied, lintText } from './helpers';

const wrap = (body: string) => `import requests

from odoo import models


class Rates(models.Model):
    _inherit = 'res.currency'

    def _fetch(self, url):
${body}
`;

async function ignored(body: string) {
  const r = await lintText(wrap(body), '17.0.1.0.0', 'OP302');
  assert.equal(r.findings.length, 1, JSON.stringify(r.findings));
  const fix = r.fixes(r.findings[0]).find((f) => f.title === 'Ignore OP302 on this line');
  assert.ok(fix);
  assert.equal(fix.safe, false);
  const out = applied(r.source, fix, r.file);
  return out.slice(out.indexOf('url):\n') + 6, -1);
}

test('adds a noqa comment at the end of the line (trailing spaces dropped)', async () => {
  assert.equal(await ignored('        return requests.get(url)   '), '        return requests.get(url)  # noqa: OP302');
});

test('extends an existing noqa list', async () => {
  assert.equal(await ignored('        return requests.get(url)  # noqa: E501'), '        return requests.get(url)  # noqa: E501, OP302');
  assert.equal(await ignored('        return requests.get(url)  # noqa:E501,W291 long url'), '        return requests.get(url)  # noqa:E501,W291,OP302 long url');
});

test('appends after another comment', async () => {
  assert.equal(await ignored('        return requests.get(url)  # slow API'), '        return requests.get(url)  # slow API  # noqa: OP302');
});

test('a line ending inside a multi-line string takes the noqa on the last line of the finding', async () => {
  const body = ['        return requests.get(url + """', '        ?x=1""")'].join('\n');
  // The finding is on `requests.get` (first line); that line ends inside the string, so the comment
  // goes to the end of the finding's last line only when that is a different line; here it is the
  // same line: no ignore fix would be valid, so none is offered.
  const r = await lintText(wrap(body), '17.0.1.0.0', 'OP302');
  assert.equal(r.findings.length, 1);
  assert.deepEqual(r.fixes(r.findings[0]).filter((f) => f.title.startsWith('Ignore')), []);
});
