// Headless Debian Chromium driven by playwright-core (no browser download: the system binary).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath, repoRoot } from './code-server.mjs';

export const screenshotsDir = path.join(repoRoot, 'test-results', 'e2e');

export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
      '--disable-quic',
    ],
  });
}

export async function newPage(browser, log = () => {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.on('console', (msg) => log(`[browser ${msg.type()}] ${msg.text()}`));
  page.on('pageerror', (err) => log(`[browser pageerror] ${err.message}`));
  return page;
}

export async function screenshot(page, name) {
  mkdirSync(screenshotsDir, { recursive: true });
  const file = path.join(screenshotsDir, `${name}.png`);
  await page.screenshot({ path: file });
  return path.relative(repoRoot, file);
}
