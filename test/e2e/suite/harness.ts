// A tiny test runner for inside the extension host. The host exits 0 whatever run() does, so the
// outcome is written as JSON to ODOO_PERF_E2E_RESULTS and the outer harness judges that file.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface TestResult {
  name: string;
  ok: boolean;
  skipped?: string;
  error?: string;
  ms: number;
}

type TestFn = () => Promise<void> | void;
const tests: { name: string; fn: TestFn; skip?: string }[] = [];

export function test(name: string, fn: TestFn): void {
  tests.push({ name, fn });
}

/** Registers a test that is reported as skipped with the reason (e.g. a feature not built yet). */
export function skip(name: string, reason: string): void {
  tests.push({ name, fn: () => {}, skip: reason });
}

const resultsFile = process.env.ODOO_PERF_E2E_RESULTS;

export function log(message: string): void {
  // The extension host's console ends up in the browser console, which the harness echoes.
  console.log(`[odoo-perf e2e] ${message}`);
}

function write(results: TestResult[], done: boolean, fatal?: string): void {
  if (!resultsFile) return;
  const passed = results.filter((r) => r.ok && !r.skipped).length;
  const failed = results.filter((r) => !r.ok).length;
  const skipped = results.filter((r) => r.skipped).length;
  const tmp = `${resultsFile}.tmp`;
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  fs.writeFileSync(tmp, JSON.stringify({ done, passed, failed, skipped, fatal, results }, null, 2));
  fs.renameSync(tmp, resultsFile);
}

/**
 * Lets the outer harness act on the UI at a known moment (screenshots, DOM checks): writes
 * `<results>.<name>.req` and waits for `<name>.ack`. A no-op without a harness (test-electron).
 */
export async function checkpoint(name: string, timeoutMs = 30_000): Promise<string | undefined> {
  if (!resultsFile || !process.env.ODOO_PERF_E2E_CHECKPOINTS) return undefined;
  const req = `${resultsFile}.${name}.req`;
  const ack = `${resultsFile}.${name}.ack`;
  fs.writeFileSync(req, String(Date.now()));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(ack)) return fs.readFileSync(ack, 'utf8');
    await sleep(100);
  }
  log(`checkpoint ${name}: no answer from the harness`);
  return undefined;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `probe` until it returns a value other than undefined, or throws after timeoutMs. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      lastError = e;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

export async function runAll(): Promise<{ passed: number; failed: number }> {
  const results: TestResult[] = [];
  write(results, false);
  for (const t of tests) {
    const start = Date.now();
    if (t.skip) {
      results.push({ name: t.name, ok: true, skipped: t.skip, ms: 0 });
      log(`SKIP ${t.name}: ${t.skip}`);
      continue;
    }
    try {
      await t.fn();
      results.push({ name: t.name, ok: true, ms: Date.now() - start });
      log(`ok   ${t.name}`);
    } catch (e) {
      const frames = e instanceof Error && e.stack ? e.stack.split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 3) : [];
      const error = e instanceof Error ? [e.message, ...frames].join('\n') : String(e);
      results.push({ name: t.name, ok: false, error, ms: Date.now() - start });
      log(`FAIL ${t.name}: ${error}`);
    }
    write(results, false);
  }
  write(results, true);
  const failed = results.filter((r) => !r.ok).length;
  return { passed: results.length - failed, failed };
}

export function writeFatal(e: unknown): void {
  write([], true, e instanceof Error ? e.stack ?? e.message : String(e));
}
