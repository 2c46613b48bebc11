#!/usr/bin/env node
// Runs the extension-host suite (suite/index.ts) inside code-server + headless Chromium:
// the extension loads from this repository (extensionDevelopmentPath), the suite from a bundle of
// suite/index.ts (extensionTestsPath), on a copy of examples/. The extension host exits 0 whatever
// happens, so the suite writes its results to a file that this harness reads and judges. At two
// checkpoints the harness checks the UI (squiggles) and saves screenshots to test-results/e2e/.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { checkPrerequisites, makeSandbox, repoRoot, startCodeServer, testPayloadUrl } from './lib/code-server.mjs';
import { launchBrowser, newPage, screenshot } from './lib/browser.mjs';
import { printResult, runAsScript, tally } from './lib/report.mjs';
import { capabilities, hovers, packagedProbe } from './expectations.mjs';

const TIMEOUT_MS = Number(process.env.ODOO_PERF_E2E_TIMEOUT_MS || 180_000);
const verbose = !!process.env.ODOO_PERF_E2E_VERBOSE;

/** Bundles the suite for the extension host (CommonJS, `vscode` provided by the host). */
export async function bundleSuite() {
  const outfile = path.join(repoRoot, '.e2e', 'suite', 'index.js');
  await esbuild.build({
    entryPoints: [path.join(repoRoot, 'test', 'e2e', 'suite', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return outfile;
}

function checkBuilt() {
  for (const f of ['dist/client.js', 'dist/server.js']) {
    if (!existsSync(path.join(repoRoot, f))) throw new Error(`${f} is missing: run \`npm run build\` first`);
  }
}

/** What the UI shows at the "problems" checkpoint: squiggles in the editor, the status bar count. */
async function readUi(page) {
  return page.evaluate(() => {
    const count = (sel) => document.querySelectorAll(sel).length;
    const problems = document.querySelector('#status\\.problems');
    return {
      squigglyWarning: count('.squiggly-warning'),
      squigglyError: count('.squiggly-error'),
      squigglyInfo: count('.squiggly-info'),
      problemsStatus: problems ? problems.getAttribute('aria-label') || problems.textContent : null,
      hoverVisible: count('.monaco-hover:not(.hidden)'),
      hoverText: [...document.querySelectorAll('.monaco-hover:not(.hidden)')].map((e) => e.textContent).join(' | ').slice(0, 500),
    };
  });
}

export async function runDevSuite() {
  checkPrerequisites();
  checkBuilt();
  const suite = await bundleSuite();
  const sandbox = makeSandbox('e2e');
  const workspace = path.join(sandbox.dir, 'examples');
  cpSync(path.join(repoRoot, 'examples'), workspace, { recursive: true });
  const resultsFile = path.join(sandbox.results, 'results.json');
  const log = verbose ? (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`) : () => {};
  const harness = [];
  let server;
  let browser;
  try {
    const t0 = Date.now();
    server = await startCodeServer(sandbox, { env: { ODOO_PERF_E2E_RESULTS: resultsFile, ODOO_PERF_E2E_CHECKPOINTS: '1' }, log });
    browser = await launchBrowser();
    const consoleLines = [];
    const page = await newPage(browser, (line) => {
      consoleLines.push(line);
      if (verbose || line.includes('[odoo-perf e2e]')) log(line);
    });
    await page.goto(testPayloadUrl(server, workspace, repoRoot, suite));
    const deadline = Date.now() + TIMEOUT_MS;
    let results;
    const answered = new Set();
    while (Date.now() < deadline) {
      // Checkpoints: the suite has put the UI in a known state and waits for us.
      for (const f of readdirSync(sandbox.results)) {
        const m = /^results\.json\.(\w+)\.req$/.exec(f);
        if (!m || answered.has(m[1])) continue;
        answered.add(m[1]);
        const name = m[1];
        await page.waitForTimeout(300);
        const ui = await readUi(page);
        const shot = await screenshot(page, name === 'problems' ? 'problems-panel' : name === 'auditdiff' ? 'audit-diff' : name === 'auditreport' ? 'audit-report' : name);
        if (name === 'auditdiff') {
          const diffEditors = await page.evaluate(() => document.querySelectorAll('.monaco-diff-editor').length);
          harness.push({ name: 'UI: the audit shows a diff editor', ok: diffEditors > 0, error: diffEditors > 0 ? undefined : 'no .monaco-diff-editor in the DOM', ms: 0 });
        }
        if (name === 'hover') {
          // With cost hovers on, the suite hovers the loop header of the probe file (its first
          // expected hover); before that, a finding's own hover (source odoo-perf).
          const h = capabilities.hover ? hovers.find((x) => x.file === packagedProbe.file) : undefined;
          const want = h ? h.shown : 'odoo-perf';
          const ok = ui.hoverVisible > 0 && ui.hoverText.includes(want);
          harness.push({ name: h ? `UI: the ${h.name} hover shows "${want}"` : 'UI: hover over a finding shows it', ok, error: ok ? undefined : `no hover showing ${JSON.stringify(want)} (${JSON.stringify(ui)})`, ms: 0 });
        }
        if (name === 'problems') {
          // The decorations a person sees: the example file has warnings, so squiggles must show.
          const ok = ui.squigglyWarning > 0;
          harness.push({ name: 'UI: warning squiggles in the editor', ok, error: ok ? undefined : `no .squiggly-warning in the DOM (${JSON.stringify(ui)})`, ms: 0 });
          harness.push({ name: `UI: status bar problems count (${ui.problemsStatus})`, ok: !!ui.problemsStatus && /[1-9]/.test(ui.problemsStatus), error: `status.problems: ${ui.problemsStatus}`, ms: 0 });
        }
        console.log(`   screenshot ${shot} ${JSON.stringify(ui)}`);
        writeFileSync(path.join(sandbox.results, `results.json.${name}.ack`), shot);
      }
      if (existsSync(resultsFile)) {
        const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
        if (r.done) {
          results = r;
          break;
        }
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    if (!results) {
      await screenshot(page, 'timeout').catch(() => {});
      const partial = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '(no results file)';
      throw new Error(`the suite did not finish within ${TIMEOUT_MS} ms; partial results: ${partial}\nlast browser console:\n${consoleLines.slice(-30).join('\n')}`);
    }
    if (results.fatal) harness.push({ name: 'suite loaded and registered its tests', ok: false, error: results.fatal, ms: 0 });
    for (const r of results.results) printResult('code-server', r);
    for (const r of harness) printResult('code-server', r);
    console.log(`   suite finished ${((Date.now() - t0) / 1000).toFixed(1)} s after code-server start`);
    return tally([...results.results, ...harness]);
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    if (!process.env.ODOO_PERF_E2E_KEEP) rmSync(sandbox.dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runAsScript('code-server e2e', runDevSuite);
}
