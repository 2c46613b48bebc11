#!/usr/bin/env node
// `npm run test:vscode`: the same extension-host suite (suite/index.ts) in desktop VS Code through
// @vscode/test-electron, for machines that can download VS Code (it cannot here: no network but the
// package registries; there `npm run test:e2e` runs the suite inside code-server instead).
// On a Linux machine without a display: `xvfb-run -a npm run test:vscode`.
// VSCODE_VERSION picks the build (default: stable; the extension needs >= 1.91).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { bundleSuite } from './run-code-server.mjs';
import { repoRoot } from './lib/code-server.mjs';
import { printResult, runAsScript, tally } from './lib/report.mjs';

async function main() {
  const suite = await bundleSuite();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'odoo-perf-vscode-'));
  const workspace = path.join(tmp, 'examples');
  cpSync(path.join(repoRoot, 'examples'), workspace, { recursive: true });
  const resultsFile = path.join(tmp, 'results.json');
  try {
    try {
      await runTests({
        version: process.env.VSCODE_VERSION || 'stable',
        extensionDevelopmentPath: repoRoot,
        extensionTestsPath: suite,
        extensionTestsEnv: { ODOO_PERF_E2E_RESULTS: resultsFile },
        launchArgs: [
          workspace,
          '--disable-extensions',
          '--disable-workspace-trust',
          '--skip-welcome',
          '--skip-release-notes',
          '--user-data-dir', path.join(tmp, 'user-data'),
          '--extensions-dir', path.join(tmp, 'extensions'),
        ],
      });
    } catch (e) {
      // run() rejects when a test failed (VS Code then exits 1); the results file says which.
      if (!existsSync(resultsFile)) throw e;
    }
    if (!existsSync(resultsFile)) throw new Error('the suite wrote no results file');
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    if (results.fatal) results.results.push({ name: 'suite loaded and registered its tests', ok: false, error: results.fatal });
    for (const r of results.results) printResult('vscode', r);
    return tally(results.results);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await runAsScript('vscode e2e', main);
