// The in-process half of `npm run bench`: times, on the same files, a bare tree-sitter parse, the
// workspace index alone, and the full lint single-threaded as `odoo-perf lint` runs it with one
// thread: the index (which parses every file and keeps the trees of up to 8 MB of source), then
// every rule on every file (re-parsing the files whose trees were not kept). scripts/bench/run.mjs
// bundles this file (esbuild, like the server) and runs it in a fresh process so peak RSS is its own.
// Usage: node dist/bench-engine.js DIR [--rules]  -> one JSON line on stdout. With --rules each rule's
// check() is timed (the shared per-file analysis is built first and timed on its own line), so the
// JSON also carries a per-rule breakdown of the lint time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mergeSettings } from '../../server/src/config';
import { collectPythonFiles } from '../../server/src/cli/files';
import { KeptTrees } from '../../server/src/cli/keptTrees';
import { scanWorkspace } from '../../server/src/odoo/index';
import { initParser, parsePython } from '../../server/src/parse/parser';
import { analysisFor } from '../../server/src/rules/analysis/index';
import { lintFile } from '../../server/src/rules/engine';
import { RULES } from '../../server/src/rules/index';

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.length && !text.endsWith('\n') ? n + 1 : n;
}

/** CPU time of this process in ms: on a shared machine it moves much less than wall time. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Wraps every rule's check() with a (CPU) timer (same module instance as the engine's registry). */
function timeRules(): Map<string, number> {
  const times = new Map<string, number>();
  for (const rule of RULES) {
    const check = rule.check.bind(rule);
    const label = `${rule.meta.code} ${rule.meta.name}`;
    times.set(label, 0);
    rule.check = (ctx) => {
      const s = cpuMs();
      try {
        check(ctx);
      } finally {
        times.set(label, times.get(label)! + cpuMs() - s);
      }
    };
  }
  return times;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const byRule = args.includes('--rules');
  const dir = path.resolve(args.find((a) => !a.startsWith('--')) ?? '.');
  await initParser();
  const files = collectPythonFiles([dir]).files.sort();
  // Read once up front: the figures are for the engine, not the disk.
  const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
  const lines = texts.reduce((n, t) => n + countLines(t), 0);

  // Warm-up (wasm tier-up, JIT) on a slice, so the first measured files are not penalised.
  for (const t of texts.slice(0, 30)) parsePython(t).delete();

  let t0 = performance.now();
  let c0 = cpuMs();
  for (const t of texts) parsePython(t).delete();
  const parseMs = performance.now() - t0;
  const parseCpuMs = cpuMs() - c0;

  t0 = performance.now();
  c0 = cpuMs();
  // The index alone, as the language server builds it at start-up (no trees kept).
  await scanWorkspace({ roots: [dir], addonsPaths: [] });
  const indexMs = performance.now() - t0;
  const indexCpuMs = cpuMs() - c0;

  const settings = mergeSettings({}, {});
  const ruleTimes = byRule ? timeRules() : undefined;
  let analysisMs = 0;
  let findings = 0;
  const perFile: { file: string; ms: number }[] = [];
  // The full lint: index + rules, one parse per file where the tree budget allows (cli/lint.ts).
  t0 = performance.now();
  c0 = cpuMs();
  const keep = new KeptTrees(new Set(files));
  const linted = await scanWorkspace({ roots: [dir], addonsPaths: [], keepTree: keep.offer });
  const keptFiles = keep.files().length;
  for (let i = 0; i < files.length; i++) {
    const s = performance.now();
    const kept = keep.take(files[i]);
    const tree = kept?.tree ?? parsePython(texts[i]);
    try {
      if (ruleTimes) {
        const a = cpuMs();
        analysisFor(tree);
        analysisMs += cpuMs() - a;
      }
      findings += lintFile({ file: files[i], source: texts[i], tree, workspace: linted, settings }).length;
    } finally {
      tree.delete();
    }
    perFile.push({ file: files[i], ms: performance.now() - s });
  }
  keep.dispose();
  const lintMs = performance.now() - t0;
  const lintCpuMs = cpuMs() - c0;
  const slowest = perFile.sort((a, b) => b.ms - a.ms).slice(0, 3).map((f) => ({ file: path.relative(dir, f.file), ms: Math.round(f.ms) }));
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const rules = ruleTimes
    ? Object.fromEntries([['shared analysis', analysisMs], ...[...ruleTimes].sort((a, b) => b[1] - a[1])].map(([k, v]) => [k, Math.round(v as number)]))
    : undefined;
  process.stdout.write(
    JSON.stringify({ lines, files: files.length, keptFiles, parseMs, indexMs, lintMs, parseCpuMs, indexCpuMs, lintCpuMs, findings, peakRssMb, slowest, rules }) + '\n',
  );
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
