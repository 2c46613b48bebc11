#!/usr/bin/env node
// Generates the rules table of README.md (between <!-- rules:start --> and <!-- rules:end -->) from
// the rules' own metadata, and checks that every registered rule has its docs page
// docs/rules/<CODE>-<name>.md with the required sections. Exits 1 when a page is missing or
// incomplete, so CI catches a rule added without its documentation.
//
//   node scripts/gen-docs.mjs            write the README table (or print it without markers) and check
//   node scripts/gen-docs.mjs --check    check only; also fails when the README table is stale
//   options: --readme FILE, --docs-dir DIR (defaults: README.md, docs/rules)
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? path.resolve(args[i + 1]) : dflt;
};
const checkOnly = args.includes('--check');
const readmePath = opt('--readme', path.join(root, 'README.md'));
const docsDir = opt('--docs-dir', path.join(root, 'docs', 'rules'));

export const REQUIRED_HEADINGS = ['What it does', 'Why is this bad?', 'Example', 'Use instead'];
const START = '<!-- rules:start -->';
const END = '<!-- rules:end -->';

/** Bundles the two registries from source, so the table never comes from a stale build. */
async function loadRules() {
  const entry = `export { RULES } from './server/src/rules/index';\nexport { DEPLOY_RULES } from './server/src/deploy/rules/index';\n`;
  const out = await esbuild.build({
    stdin: { contents: entry, resolveDir: root, loader: 'ts', sourcefile: 'gen-docs-entry.ts' },
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'error',
    // Only metadata is read: the parser (wasm) is never initialised.
    external: ['web-tree-sitter'],
  });
  const mod = { exports: {} };
  const require = createRequire(path.join(root, 'package.json'));
  new Function('module', 'exports', 'require', '__filename', '__dirname', out.outputFiles[0].text)(mod, mod.exports, require, path.join(root, 'gen-docs.js'), root);
  const { RULES = [], DEPLOY_RULES = [] } = mod.exports;
  return [...RULES, ...DEPLOY_RULES].map((r) => r.meta).sort((a, b) => a.code.localeCompare(b.code));
}

const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

function table(metas) {
  const rows = metas.map((m) => `| ${m.code} | [${m.name}](docs/rules/${m.code}-${m.name}.md) | ${m.defaultSeverity} | ${cell(m.summary)} |`);
  return ['| code | name | default | what it finds |', '|---|---|---|---|', ...rows].join('\n');
}

/** Problems of the docs pages: missing files, missing headings. */
function checkDocs(metas) {
  const problems = [];
  for (const m of metas) {
    const file = path.join(docsDir, `${m.code}-${m.name}.md`);
    let text;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      problems.push(`${m.code} ${m.name}: no docs page ${path.relative(root, file)}`);
      continue;
    }
    const headings = new Set(text.split(/\r?\n/).filter((l) => /^##\s/.test(l)).map((l) => l.replace(/^##\s+/, '').trim()));
    for (const h of REQUIRED_HEADINGS) if (!headings.has(h)) problems.push(`${m.code} ${m.name}: ${path.relative(root, file)} lacks the section "## ${h}"`);
    if (!new RegExp(`^#\\s+${m.code}\\s+${m.name}\\b`, 'm').test(text)) problems.push(`${m.code} ${m.name}: ${path.relative(root, file)} should start with "# ${m.code} ${m.name}"`);
  }
  return problems;
}

const metas = await loadRules();
const generated = table(metas);
const problems = checkDocs(metas);

let readme;
try {
  readme = fs.readFileSync(readmePath, 'utf8');
} catch {
  readme = undefined;
}
const s = readme?.indexOf(START) ?? -1;
const e = readme?.indexOf(END) ?? -1;
if (readme === undefined || s < 0 || e < s) {
  // No markers: print the table for whoever edits the README.
  process.stdout.write(`${generated}\n`);
} else {
  const next = `${readme.slice(0, s + START.length)}\n${generated}\n${readme.slice(e)}`;
  if (next !== readme) {
    if (checkOnly) problems.push(`${path.relative(root, readmePath)}: the rules table is out of date (run npm run docs)`);
    else {
      fs.writeFileSync(readmePath, next);
      process.stdout.write(`updated the rules table of ${path.relative(root, readmePath)} (${metas.length} rules)\n`);
    }
  }
}
for (const p of problems) process.stderr.write(`gen-docs: ${p}\n`);
process.exitCode = problems.length ? 1 : 0;
