// Work-done progress for long jobs (the workspace scan): window/workDoneProgress/create, then
// $/progress begin/report/end. Clients without progress support get a silent reporter.
import type { Connection, WorkDoneProgressReporter } from 'vscode-languageserver/node';

export interface Progress {
  /** Reports `done` of `total`; only percentage changes reach the wire. */
  report(done: number, total: number): void;
  done(): void;
}

export async function beginProgress(connection: Connection, title: string, log: (m: string) => void): Promise<Progress> {
  let reporter: WorkDoneProgressReporter | undefined;
  try {
    reporter = await connection.window.createWorkDoneProgress();
    reporter.begin(title, 0, undefined, false);
  } catch (e) {
    // A client that refuses the token must not stop the scan itself.
    log(`odoo-perf: no work-done progress (${String(e)})`);
    reporter = undefined;
  }
  let last = -1;
  let finished = false;
  return {
    report(done, total) {
      if (!reporter || finished || total <= 0) return;
      const percentage = Math.min(100, Math.floor((done / total) * 100));
      if (percentage === last) return;
      last = percentage;
      reporter.report(percentage, `${done}/${total} files`);
    },
    done() {
      if (finished) return;
      finished = true;
      reporter?.done();
    },
  };
}
