// The in-process half of `npm run bench`: times, on the same files, a bare tree-sitter parse, the
// workspace index and the full lint (parse + every rule), single-threaded. scripts/bench/run.mjs
// bundles this file (esbuild, like the server) and runs it in a fresh process so peak RSS is its own.
// Usage: node dist/bench-engine.js DIR  -> one JSON line on stdout.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mergeSettings } from '../../server/src/config';
import { collectPythonFiles } from '../../server/src/cli/files';
import { scanWorkspace } from '../../server/src/odoo/index';
import { initParser, parsePython } from '../../server/src/parse/parser';
import { lintFile } from '../../server/src/rules/engine';

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.length && !text.endsWith('\n') ? n + 1 : n;
}

async function main(): Promise<void> {
  const dir = path.resolve(process.argv[2] ?? '.');
  await initParser();
  const files = collectPythonFiles([dir]).files.sort();
  // Read once up front: the figures are for the engine, not the disk.
  const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
  const lines = texts.reduce((n, t) => n + countLines(t), 0);

  // Warm-up (wasm tier-up, JIT) on a slice, so the first measured files are not penalised.
  for (const t of texts.slice(0, 30)) parsePython(t).delete();

  let t0 = performance.now();
  for (const t of texts) parsePython(t).delete();
  const parseMs = performance.now() - t0;

  t0 = performance.now();
  const workspace = await scanWorkspace({ roots: [dir], addonsPaths: [] });
  const indexMs = performance.now() - t0;

  const settings = mergeSettings({}, {});
  let findings = 0;
  const perFile: { file: string; ms: number }[] = [];
  t0 = performance.now();
  for (let i = 0; i < files.length; i++) {
    const s = performance.now();
    const tree = parsePython(texts[i]);
    try {
      findings += lintFile({ file: files[i], source: texts[i], tree, workspace, settings }).length;
    } finally {
      tree.delete();
    }
    perFile.push({ file: files[i], ms: performance.now() - s });
  }
  const lintMs = performance.now() - t0;
  const slowest = perFile.sort((a, b) => b.ms - a.ms).slice(0, 3).map((f) => ({ file: path.relative(dir, f.file), ms: Math.round(f.ms) }));
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    JSON.stringify({ lines, files: files.length, parseMs, indexMs, lintMs, findings, peakRssMb, slowest }) + '\n',
  );
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
