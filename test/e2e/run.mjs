#!/usr/bin/env node
// `npm run test:e2e`: the editor suites, one after the other, with one closing line.
//   code-server  the extension-host suite in code-server + headless Chromium (run-code-server.mjs)
//   packaged     the .vsix installed into code-server and checked through the UI (run-packaged.mjs)
//   nvim         Neovim 0.7 as a second LSP client of the bundled server (../nvim/run.mjs)
// `--only=nvim,packaged` runs a subset. Needs `npm run setup:e2e` once and a built dist/.
import { runDevSuite } from './run-code-server.mjs';
import { runPackaged } from './run-packaged.mjs';
import { runNvim } from '../nvim/run.mjs';
import { summaryLine } from './lib/report.mjs';

const suites = { 'code-server': runDevSuite, packaged: runPackaged, nvim: runNvim };
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const total = { passed: 0, failed: 0, skipped: 0 };
const timings = [];
for (const [name, run] of Object.entries(suites)) {
  if (only && !only.includes(name)) continue;
  console.log(`== ${name}`);
  const start = Date.now();
  let outcome;
  try {
    outcome = await run();
  } catch (e) {
    console.log(`FAIL [${name}] harness: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    outcome = { passed: 0, failed: 1, skipped: 0 };
  }
  timings.push(`${name} ${((Date.now() - start) / 1000).toFixed(1)} s`);
  console.log(`   ${name}: ${summaryLine(outcome)}`);
  for (const k of Object.keys(total)) total[k] += outcome[k] ?? 0;
}
console.log(`== e2e timings: ${timings.join(', ')}`);
console.log(summaryLine(total));
process.exitCode = total.failed > 0 || total.passed === 0 ? 1 : 0;
