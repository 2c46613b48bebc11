// Worker threads for `odoo-perf lint` on large trees. The workers split the workspace index (each
// parses every N-th file; the main thread hands everyone's facts to every worker, and each builds
// the same model a single-threaded scan builds), then lint the files they are handed in small
// batches; the main thread puts the outcomes back in file order, so the output is identical to a
// single-threaded run, byte for byte. A worker keeps the syntax trees of the files it indexed
// (keptTrees.ts) and is handed those first, so most files are parsed once; the rest (over the
// memory budget, or taken over from a busier worker at the end) are parsed again where linted.
//
// The same file serves as the worker's entry: in the bundled CLI `__filename` is dist/cli.js,
// unbundled it is this module; either way loading it in a worker thread with our workerData
// starts the worker loop below.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { KeptTrees, treeBudget } from './keptTrees';
import * as lint from './lint';
import type { SharedFacts } from '../odoo/index';
import type { FileOutcome, LintSetup } from './lint';

const WORKER_TAG = 'odoo-perf-lint-worker';
/** Below this much source, starting threads (each loads wasm and indexes the workspace) costs
 * more than it saves. */
const MIN_BYTES = 4 * 1024 * 1024;
const BATCH = 8;

type ToWorker =
  | { type: 'facts'; facts: Map<string, SharedFacts> }
  | { type: 'batch'; items: { index: number; file: string }[] }
  | { type: 'done' };
type FromWorker =
  | { type: 'facts'; facts: Map<string, SharedFacts> }
  | { type: 'ready'; log: string[]; kept: string[] }
  | { type: 'scan'; done: number; total: number }
  | { type: 'results'; results: { index: number; outcome: FileOutcome }[] }
  | { type: 'error'; message: string };

/**
 * How many threads to lint `files` with: ODOO_PERF_WORKERS when set (0 or 1 = this thread only),
 * else one per CPU (at most 4) once the sources pass MIN_BYTES.
 */
export function workerCount(files: string[]): number {
  const forced = process.env.ODOO_PERF_WORKERS;
  if (forced !== undefined && forced !== '') {
    const n = Number(forced);
    return Number.isInteger(n) && n > 1 ? Math.min(n, 16) : 1;
  }
  const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  if (cpus < 2) return 1;
  let bytes = 0;
  for (const f of files) {
    try {
      bytes += fs.statSync(f).size;
    } catch {
      // unreadable: the lint pass reports it
    }
    if (bytes >= MIN_BYTES) return Math.min(cpus, 4);
  }
  return 1;
}

export interface PoolHooks {
  progress?: (phase: 'scan' | 'lint', done: number, total: number) => void;
  /** The workspace index's log messages (from one worker: they all index the same files). */
  log: (message: string) => void;
}

/** Lints `files` (sorted) in `count` worker threads; outcomes in the order of `files`. */
export function lintInWorkers(setup: LintSetup, files: string[], count: number, hooks: PoolHooks): Promise<FileOutcome[]> {
  return new Promise((resolve, reject) => {
    const outcomes: (FileOutcome | undefined)[] = new Array(files.length);
    const position = new Map(files.map((f, i) => [f, i]));
    const handedOut = new Array<boolean>(files.length).fill(false);
    /** Files some worker kept the tree of: the shared queue leaves them to that worker. */
    const owned = new Array<boolean>(files.length).fill(false);
    /** Per worker, the files whose trees it kept (in file order); filled when all are ready. */
    const own: number[][] = [];
    const readyLogs: string[][] = [];
    let ready = 0;
    let next = 0;
    let finished = 0;
    let failed = false;
    const workers: Worker[] = [];
    const stopAll = () => {
      for (const w of workers) void w.terminate();
    };
    const fail = (e: Error) => {
      if (failed) return;
      failed = true;
      stopAll();
      reject(e);
    };
    /** The next file for worker i: its own kept trees first, then files nobody kept, then (at
     * the end) the last files of the worker with the most left, whose trees go unused. */
    const nextFor = (i: number): number | undefined => {
      while (own[i].length) {
        const index = own[i].shift()!;
        if (!handedOut[index]) return index;
      }
      while (next < files.length) {
        const index = next++;
        if (!handedOut[index] && !owned[index]) return index;
      }
      for (;;) {
        let busiest = -1;
        own.forEach((q, k) => {
          if (q.length && (busiest < 0 || q.length > own[busiest].length)) busiest = k;
        });
        if (busiest < 0) return undefined;
        const index = own[busiest].pop()!;
        if (!handedOut[index]) return index;
      }
    };
    const feed = (i: number) => {
      const items = [];
      for (let k = 0; k < BATCH; k++) {
        const index = nextFor(i);
        if (index === undefined) break;
        handedOut[index] = true;
        items.push({ index, file: files[index] });
      }
      workers[i].postMessage((items.length ? { type: 'batch', items } : { type: 'done' }) satisfies ToWorker);
    };
    const shared: Map<string, SharedFacts>[] = [];
    for (let i = 0; i < count; i++) {
      const w = new Worker(__filename, { workerData: { tag: WORKER_TAG, setup, files, share: { index: i, count }, reportScan: i === 0 } });
      workers.push(w);
      w.on('message', (m: FromWorker) => {
        if (m.type === 'facts') {
          shared.push(m.facts);
          if (shared.length === count) {
            const all = new Map<string, SharedFacts>();
            for (const part of shared) for (const [file, f] of part) all.set(file, f);
            for (const x of workers) x.postMessage({ type: 'facts', facts: all } satisfies ToWorker);
          }
        } else if (m.type === 'ready') {
          own[i] = m.kept.map((f) => position.get(f)).filter((x): x is number => x !== undefined).sort((a, b) => a - b);
          for (const index of own[i]) owned[index] = true;
          readyLogs[i] = m.log;
          // Wait for all: the shared queue must skip every worker's kept files. The scans end
          // together anyway (they wait for each other's facts).
          if (++ready === count) {
            for (const line of readyLogs[0]) hooks.log(line);
            workers.forEach((_, k) => feed(k));
          }
        } else if (m.type === 'scan') {
          hooks.progress?.('scan', m.done, m.total);
        } else if (m.type === 'results') {
          for (const r of m.results) outcomes[r.index] = r.outcome;
          finished += m.results.length;
          hooks.progress?.('lint', finished, files.length);
          feed(i);
          if (finished === files.length) {
            stopAll();
            resolve(outcomes as FileOutcome[]);
          }
        } else {
          fail(new Error(`odoo-perf: lint worker failed: ${m.message}`));
        }
      });
      w.on('error', (e) => fail(e));
      w.on('exit', (code) => {
        if (code !== 0 && finished < files.length) fail(new Error(`odoo-perf: lint worker exited with code ${code}`));
      });
    }
    if (!files.length) {
      stopAll();
      resolve([]);
    }
  });
}

async function workerMain(): Promise<void> {
  const port = parentPort!;
  const { setup, files, share, reportScan } = workerData as { setup: LintSetup; files: string[]; share: { index: number; count: number }; reportScan: boolean };
  // The tree budget is for the whole run: each of the threads keeps its part of it.
  const keep = new KeptTrees(new Set(files), Math.floor(treeBudget() / share.count));
  try {
    const log: string[] = [];
    let lastScan = 0;
    let gotFacts: ((all: Map<string, SharedFacts>) => void) | undefined;
    port.on('message', (m: ToWorker) => {
      if (m.type === 'facts') {
        gotFacts?.(m.facts);
        return;
      }
      if (m.type === 'done') {
        keep.dispose();
        port.close();
        return;
      }
      try {
        const results = m.items.map(({ index, file }) => ({ index, outcome: lint.lintOneFile(file, setup, settings, workspace, keep.take(file)) }));
        port.postMessage({ type: 'results', results } satisfies FromWorker);
      } catch (e) {
        port.postMessage({ type: 'error', message: e instanceof Error ? e.stack ?? e.message : String(e) } satisfies FromWorker);
      }
    });
    const workspace = await lint.workspaceFor(
      setup,
      (m) => log.push(m),
      (done, total) => {
        if (!reportScan || (done !== total && Date.now() - lastScan < 100)) return;
        lastScan = Date.now();
        port.postMessage({ type: 'scan', done, total } satisfies FromWorker);
      },
      {
        ...share,
        exchange: (mine) =>
          new Promise((resolve) => {
            gotFacts = resolve;
            port.postMessage({ type: 'facts', facts: mine } satisfies FromWorker);
          }),
      },
      keep,
    );
    const settings = lint.settingsFor(setup);
    port.postMessage({ type: 'ready', log, kept: keep.files() } satisfies FromWorker);
  } catch (e) {
    port.postMessage({ type: 'error', message: e instanceof Error ? e.stack ?? e.message : String(e) } satisfies FromWorker);
  }
}

if (!isMainThread && (workerData as { tag?: string } | null)?.tag === WORKER_TAG) void workerMain();
