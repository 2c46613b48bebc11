// A single self-overwriting progress line on stderr, only for a terminal and only when the run
// is long enough to need one (small runs stay silent; CI logs never get carriage returns).
export interface Progress {
  update(phase: 'scan' | 'lint', done: number, total: number): void;
  clear(): void;
}

const QUIET: Progress = { update: () => undefined, clear: () => undefined };

export function createProgress(stream: NodeJS.WriteStream, enabled: boolean): Progress {
  if (!enabled || !stream.isTTY) return QUIET;
  const started = Date.now();
  let last = 0;
  let shown = false;
  return {
    update(phase, done, total) {
      const now = Date.now();
      if (now - started < 400 || now - last < 100) return;
      last = now;
      shown = true;
      const what = phase === 'scan' ? 'indexing' : 'linting';
      const count = total > 0 ? `${done}/${total} files` : `${done} files`;
      stream.write(`\r\x1b[K${what} ${count}…`);
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
