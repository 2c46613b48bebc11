// The Python snippets (snippets/python.json, contributed in package.json): each body, expanded the
// way an editor inserts it with its defaults, is valid Python (no ERROR/MISSING node) on which
// odoo-perf reports nothing, inside a small Odoo 17 addon whose ir.cron runs the cron snippet.
// Controls (the same wrapper with the costly form written by hand) prove the check is not quiet
// by construction.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../server/src/config';
import { scanWorkspace } from '../../server/src/odoo/index';
import type { WorkspaceModel } from '../../server/src/odoo/workspace';
import { initParser, parsePython } from '../../server/src/parse/parser';
import { lintFile } from '../../server/src/rules/engine';

const REPO = path.resolve(__dirname, '..', '..', '..');
const SNIPPETS = path.join(REPO, 'snippets', 'python.json');

interface Snippet { prefix: string; body: string[] | string; description?: string }

/**
 * Expands a TextMate/VS Code snippet body with its defaults: `${1:x}` -> x, `${1|a,b|}` -> a,
 * `$1` / `${1}` -> the text placeholder 1 got, `$0` -> '', `\$` `\}` `\\` -> the character.
 */
export function expand(body: string): string {
  const values = new Map<string, string>();
  // First pass: the defaults (placeholders may nest: `${1:a ${2:b}}`).
  const parse = (s: string, i: number, stopAtBrace: boolean): [string, number] => {
    let out = '';
    while (i < s.length) {
      const c = s[i];
      if (c === '\\' && i + 1 < s.length && '$}\\,|'.includes(s[i + 1])) {
        out += s[i + 1];
        i += 2;
      } else if (stopAtBrace && c === '}') {
        return [out, i + 1];
      } else if (c === '$' && /\d/.test(s[i + 1] ?? '')) {
        const m = /^\d+/.exec(s.slice(i + 1))![0];
        out += `\u0000${m}\u0000`; // a mirror, resolved once every default is known
        i += 1 + m.length;
      } else if (c === '$' && s[i + 1] === '{') {
        const m = /^\{(\d+)([:|}])/.exec(s.slice(i + 1));
        if (!m) throw new Error(`unsupported snippet syntax at ${JSON.stringify(s.slice(i, i + 20))}`);
        const n = m[1];
        let j = i + 1 + m[0].length;
        if (m[2] === '}') {
          out += `\u0000${n}\u0000`;
          i = j;
        } else if (m[2] === '|') {
          const end = s.indexOf('|}', j);
          if (end < 0) throw new Error('unterminated choice');
          const first = s.slice(j, end).split(/(?<!\\),/)[0].replace(/\\(.)/g, '$1');
          values.set(n, first);
          out += first;
          i = end + 2;
        } else {
          const [inner, next] = parse(s, j, true);
          if (!values.has(n)) values.set(n, inner);
          out += inner;
          i = next;
        }
      } else {
        out += c;
        i += 1;
      }
    }
    if (stopAtBrace) throw new Error('unterminated placeholder');
    return [out, i];
  };
  const [text] = parse(body, 0, false);
  values.set('0', '');
  return text.replace(/\u0000(\d+)\u0000/g, (_, n: string) => values.get(n) ?? '');
}

const bodyText = (s: Snippet) => (Array.isArray(s.body) ? s.body.join('\n') : s.body);
const indent = (text: string, pad: string) => text.split('\n').map((l) => (l.trim() ? pad + l : l)).join('\n');

/** A model file around the snippet: methods at class level, statements inside a method. */
function wrap(code: string): string {
  const classLevel = /^(@|def )/.test(code);
  const member = classLevel ? indent(code, '    ') : `    def snippet_action(self):\n${indent(code, '        ')}`;
  return `from odoo import api, fields, models


class SnippetModel(models.Model):
    _name = "snippet.model"
    _description = "Snippet model"

    name = fields.Char()
    state = fields.Selection([("pending", "Pending"), ("done", "Done")], default="pending", index=True)

${member}
`;
}

const CRON_XML = `<?xml version="1.0" encoding="utf-8"?>
<odoo>
    <record id="ir_cron_process_pending" model="ir.cron">
        <field name="name">Snippet: process pending records</field>
        <field name="model_id" ref="model_snippet_model"/>
        <field name="state">code</field>
        <field name="code">model._cron_process_pending()</field>
        <field name="interval_number">5</field>
        <field name="interval_type">minutes</field>
    </record>
</odoo>
`;

const snippets: Record<string, Snippet> = JSON.parse(fs.readFileSync(SNIPPETS, 'utf8'));
let root: string;
let workspace: WorkspaceModel;
let controlWorkspace: WorkspaceModel;
const files = new Map<string, { file: string; source: string }>();

/** The expanded, wrapped snippets and the controls as files of one Odoo 17 addon, then indexed. */
const controls: Record<string, { code: string; expect: string }> = {
  // A count per record: one query per iteration (OP101).
  'control: search_count per record': {
    code: `def _compute_line_count(self):\n    for record in self:\n        record.name = self.env["snippet.model"].search_count([("state", "=", record.state)])`,
    expect: 'OP101',
  },
  // The cron of CRON_XML with no limit, writing per record: the whole backlog in one run (OP303).
  'control: cron without limit': {
    code: `@api.model\ndef _cron_process_pending(self):\n    for record in self.search([("state", "=", "pending")]):\n        record.state = "done"`,
    expect: 'OP303',
  },
};

before(async () => {
  await initParser();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-perf-snippets-'));
  const addon = path.join(root, 'snippet_addon');
  fs.mkdirSync(path.join(addon, 'models'), { recursive: true });
  fs.mkdirSync(path.join(addon, 'data'));
  fs.mkdirSync(path.join(root, 'control_addon', 'models'), { recursive: true });
  fs.mkdirSync(path.join(root, 'control_addon', 'data'));
  for (const dir of [addon, path.join(root, 'control_addon')]) {
    fs.writeFileSync(
      path.join(dir, '__manifest__.py'),
      `{"name": "Snippets", "version": "17.0.1.0.0", "depends": ["base", "queue_job"], "data": ["data/ir_cron.xml"], "license": "LGPL-3"}\n`,
    );
    fs.writeFileSync(path.join(dir, '__init__.py'), 'from . import models\n');
    fs.writeFileSync(path.join(dir, 'data', 'ir_cron.xml'), CRON_XML);
  }
  const imports: Record<string, string[]> = { snippet_addon: [], control_addon: [] };
  const put = (addonName: string, key: string, module: string, code: string) => {
    const file = path.join(root, addonName, 'models', `${module}.py`);
    const source = wrap(code);
    fs.writeFileSync(file, source);
    imports[addonName].push(module);
    files.set(key, { file, source });
  };
  Object.entries(snippets).forEach(([name, s], i) => put('snippet_addon', name, `snippet_${i}`, expand(bodyText(s))));
  Object.entries(controls).forEach(([name, c], i) => put('control_addon', name, `control_${i}`, c.code));
  for (const [name, modules] of Object.entries(imports)) {
    fs.writeFileSync(path.join(root, name, 'models', '__init__.py'), modules.map((m) => `from . import ${m}\n`).join(''));
  }
  // Each addon is its own workspace: the two define the same model and cron on purpose.
  workspace = await scanWorkspace({ roots: [addon], addonsPaths: [], odooVersion: undefined });
  controlWorkspace = await scanWorkspace({ roots: [path.join(root, 'control_addon')], addonsPaths: [], odooVersion: undefined });
});

after(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

function lint(key: string, ws: WorkspaceModel) {
  const { file, source } = files.get(key)!;
  const tree = parsePython(source);
  try {
    const findings = lintFile({ file, source, tree, workspace: ws, settings: { ...DEFAULT_SETTINGS }, onRuleError: (_r, e) => { throw e; } });
    // hasError: any ERROR or MISSING node in the tree.
    return { source, syntaxError: tree.rootNode.hasError, findings: findings.map((f) => `${f.range.start.line + 1}:${f.code} ${f.message}`) };
  } finally {
    tree.delete();
  }
}

test('expand: defaults, choices, mirrors, $0 and escapes', () => {
  assert.equal(expand('${1:x} = ${2|a,b|} + $1 + ${1}$0'), 'x = a + x + x');
  assert.equal(expand('f(${1:a ${2:b}}) $2 \\$x \\}'), 'f(a b) b $x }');
  assert.equal(expand('$3.get(${3:counts})'), 'counts.get(counts)');
});

test('package.json contributes snippets/python.json for Python, and the .vsix ships it', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  assert.deepEqual(pkg.contributes.snippets, [{ language: 'python', path: './snippets/python.json' }]);
  const ignore = fs.readFileSync(path.join(REPO, '.vscodeignore'), 'utf8').split('\n');
  assert.ok(ignore.includes('!snippets/**'), '.vscodeignore keeps snippets/');
});

test('the five snippets the issue names are there, each with a prefix and a description', () => {
  const bodies = Object.values(snippets).map(bodyText);
  for (const needle of ['._read_group(', '._trigger()', '.with_delay(', '@api.model_create_multi', '.search_fetch(']) {
    assert.equal(bodies.filter((b) => b.includes(needle)).length, 1, needle);
  }
  assert.ok(bodies.some((b) => b.includes('limit=batch_size')), 'the cron snippet searches with a limit');
  for (const [name, s] of Object.entries(snippets)) {
    assert.match(s.prefix, /^odoo-[a-z-]+$/, name);
    assert.ok(s.description && s.description.length > 20, `${name} has a description`);
  }
});

for (const name of Object.keys(snippets)) {
  test(`snippet "${name}": valid Python, nothing reported`, () => {
    const r = lint(name, workspace);
    assert.doesNotMatch(r.source, /\$|\u0000/, 'the expansion left snippet syntax');
    assert.equal(r.syntaxError, false, `syntax error in:\n${r.source}`);
    assert.deepEqual(r.findings, [], r.source);
  });
}

for (const [name, c] of Object.entries(controls)) {
  test(`${name}: the same check reports ${c.expect}`, () => {
    const r = lint(name, controlWorkspace);
    assert.equal(r.syntaxError, false);
    assert.ok(r.findings.some((f) => f.includes(`:${c.expect} `)), `expected ${c.expect}, got ${JSON.stringify(r.findings)}`);
  });
}
