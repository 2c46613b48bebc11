#!/usr/bin/env node
// The packaged extension, as a user gets it: `npm run package` makes odoo-perf.vsix, code-server
// installs it with --install-extension into a fresh extensions dir, and a plain code-server window
// (no extensionDevelopmentPath, no test entry) opens the example workspace. A person's steps then:
// Quick Open a file with planted problems, see the warning count in the status bar, go to a
// flagged line and see the squiggle, open the Problems panel. Catches .vscodeignore mistakes
// (a file the bundle needs left out of the .vsix) that the development-path suite cannot see.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkPrerequisites, codeServerEntry, installExtension, makeSandbox, repoRoot, sandboxEnv, startCodeServer } from './lib/code-server.mjs';
import { launchBrowser, newPage, screenshot } from './lib/browser.mjs';
import { printResult, runAsScript, tally } from './lib/report.mjs';
import { diagnostics, extensionId, packagedProbe } from './expectations.mjs';

const MAX_VSIX_BYTES = 2 * 1024 * 1024;
const verbose = !!process.env.ODOO_PERF_E2E_VERBOSE;

export async function runPackaged() {
  checkPrerequisites();
  const results = [];
  const check = async (name, fn) => {
    const start = Date.now();
    try {
      await fn();
      results.push({ name, ok: true, ms: Date.now() - start });
    } catch (e) {
      results.push({ name, ok: false, error: e instanceof Error ? e.message : String(e), ms: Date.now() - start });
      throw e;
    }
  };
  let vsix = process.env.ODOO_PERF_E2E_VSIX;
  const sandbox = makeSandbox('packaged');
  const workspace = path.join(sandbox.dir, 'examples');
  cpSync(path.join(repoRoot, 'examples'), workspace, { recursive: true });
  const log = verbose ? (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`) : () => {};
  let server;
  let browser;
  let page;
  try {
    await check('npm run package makes a .vsix under 2 MB', async () => {
      if (!vsix) {
        execFileSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: verbose ? 'inherit' : 'pipe' });
        vsix = path.join(repoRoot, 'odoo-perf.vsix');
      }
      const size = statSync(vsix).size;
      console.log(`   ${path.relative(repoRoot, vsix)}: ${(size / 1024).toFixed(0)} KiB`);
      if (size > MAX_VSIX_BYTES) throw new Error(`${vsix} is ${size} bytes, over ${MAX_VSIX_BYTES}`);
    });
    await check('code-server --install-extension installs it', async () => {
      await installExtension(sandbox, vsix);
      const list = execFileSync(process.execPath, [codeServerEntry, '--extensions-dir', sandbox.extensions, '--list-extensions'], { env: sandboxEnv(sandbox), encoding: 'utf8' });
      if (!list.split('\n').map((l) => l.trim().toLowerCase()).includes(extensionId)) throw new Error(`--list-extensions does not list ${extensionId}:\n${list}`);
      // What the .vsix must carry for the extension to run (the rest is left out by .vscodeignore).
      const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
      const dir = path.join(sandbox.extensions, `${extensionId}-${version}`);
      for (const f of ['package.json', 'dist/client.js', 'dist/server.js', 'dist/tree-sitter-python.wasm', 'dist/web-tree-sitter.wasm']) {
        if (!existsSync(path.join(dir, f))) throw new Error(`the installed extension (${dir}) lacks ${f}`);
      }
    });
    server = await startCodeServer(sandbox, { log });
    browser = await launchBrowser();
    page = await newPage(browser, verbose ? log : () => {});
    await page.goto(`${server.base}/?folder=${encodeURIComponent(workspace)}`);
    await check('the workbench opens the example workspace', async () => {
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
    });
    const expected = diagnostics[packagedProbe.file];
    await check(`Quick Open ${packagedProbe.file} shows its warnings in the status bar`, async () => {
      await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: 15_000 });
      await input.fill(packagedProbe.file);
      await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 15_000 });
      await page.keyboard.press('Enter');
      await page.locator(`.tab[data-resource-name="${path.basename(packagedProbe.file)}"]`).first().waitFor({ timeout: 15_000 });
      const status = page.locator('#status\\.problems');
      const deadline = Date.now() + 60_000;
      let label = '';
      while (Date.now() < deadline) {
        label = (await status.getAttribute('aria-label').catch(() => '')) ?? '';
        const warnings = Number(/Warnings: (\d+)/.exec(label)?.[1] ?? 0);
        if (warnings >= packagedProbe.minWarnings) return;
        await page.waitForTimeout(250);
      }
      throw new Error(`status bar says ${JSON.stringify(label)}, expected at least ${packagedProbe.minWarnings} warnings`);
    });
    await check(`a squiggle under line ${expected[0].line} and the Problems panel`, async () => {
      // Quick Open with ':' goes to a line (what Ctrl+G does in the desktop editor).
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: 15_000 });
      await input.fill(`:${expected[0].line}`);
      // Enter only once the go-to-line picker has read the number: pressed earlier, it closes the
      // picker with the cursor still on line 1 (a race seen in CI).
      await page.locator('.quick-input-list .monaco-list-row', { hasText: String(expected[0].line) }).first().waitFor({ timeout: 15_000 });
      await page.keyboard.press('Enter');
      await page.locator('.squiggly-warning').first().waitFor({ state: 'visible', timeout: 20_000 });
      // The status bar's cursor item is updated after the editor moves; poll it rather than read it once.
      const selection = page.locator('#status\\.editor\\.selection');
      const wanted = `Ln ${expected[0].line},`;
      let cursor = '';
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; await page.waitForTimeout(200)) {
        cursor = (await selection.textContent().catch(() => '')) ?? '';
        if (cursor.includes(wanted)) break;
      }
      if (!cursor.includes(wanted)) throw new Error(`the cursor is not on line ${expected[0].line}: ${cursor}`);
      await page.keyboard.press('Control+Shift+M');
      const markers = page.locator('.markers-panel .monaco-list-row');
      await markers.first().waitFor({ timeout: 15_000 });
      const rows = await markers.allTextContents();
      const codes = expected.map((e) => e.code);
      for (const code of codes) if (!rows.some((r) => r.includes(code))) throw new Error(`Problems panel has no ${code} row: ${JSON.stringify(rows)}`);
      console.log(`   ${await screenshot(page, 'packaged-problems')}`);
    });
  } catch {
    // The failed check is recorded; a screenshot shows how far the UI got.
    if (page) console.log(`   ${await screenshot(page, 'packaged-failure').catch(() => 'no screenshot')}`);
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    if (!process.env.ODOO_PERF_E2E_KEEP) rmSync(sandbox.dir, { recursive: true, force: true });
  }
  for (const r of results) printResult('packaged', r);
  return tally(results);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runAsScript('packaged extension', runPackaged);
}
