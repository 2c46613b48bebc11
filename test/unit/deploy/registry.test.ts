import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEPLOY_RULES } from '../../../server/src/deploy/index';

const DOCS = path.resolve(__dirname, '..', '..', '..', '..', 'docs', 'rules');

test('deployment rules: unique OP5xx codes and kebab names, one docs page each with the four sections', () => {
  const codes = DEPLOY_RULES.map((r) => r.meta.code);
  assert.equal(new Set(codes).size, codes.length);
  for (const r of DEPLOY_RULES) {
    assert.match(r.meta.code, /^OP5\d\d$/);
    assert.match(r.meta.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    const page = fs.readFileSync(path.join(DOCS, `${r.meta.code}-${r.meta.name}.md`), 'utf8');
    for (const h of ['## What it does', '## Why is this bad?', '## Example', '## Use instead']) assert.ok(page.includes(h), `${r.meta.code}: ${h}`);
  }
});
