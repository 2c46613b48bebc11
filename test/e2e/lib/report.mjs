// Printing of test outcomes, shared by the e2e harnesses. Every harness returns
// { passed, failed, skipped } and prints one line per test.

export function printResult(group, r) {
  const status = r.skipped ? 'SKIP' : r.ok ? 'ok  ' : 'FAIL';
  const extra = r.skipped ? ` (${r.skipped})` : r.ms !== undefined ? ` (${r.ms} ms)` : '';
  console.log(`${status} [${group}] ${r.name}${extra}`);
  if (!r.ok && r.error) console.log(r.error.replace(/^/gm, '       '));
}

export function tally(results) {
  return {
    passed: results.filter((r) => r.ok && !r.skipped).length,
    failed: results.filter((r) => !r.ok).length,
    skipped: results.filter((r) => r.skipped).length,
  };
}

export function summaryLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

/** Runs `main` as a script: prints the closing line and sets the exit code. */
export async function runAsScript(group, main) {
  const started = Date.now();
  let outcome;
  try {
    outcome = await main();
  } catch (e) {
    console.log(`FAIL [${group}] harness: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    outcome = { passed: 0, failed: 1, skipped: 0 };
  }
  console.log(`== ${group} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(summaryLine(outcome));
  process.exitCode = outcome.failed > 0 || outcome.passed === 0 ? 1 : 0;
}
