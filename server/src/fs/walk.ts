// One folder walker for the three places that look for files on disk: the CLI (Python files to
// lint), the workspace model (addons and their .py/.xml) and the deployment audit (compose and
// config files). It knows nothing about Python or Odoo; callers decide what to keep.
//
// What it guarantees, for every caller:
// - each real folder is walked once (the real path is remembered), so a symlink back to a parent
//   or two overlapping roots cannot loop or double-count;
// - symlinks are followed (a dangling one is skipped silently: nothing to read);
// - entries are visited in name order, so output does not depend on the file system's order;
// - a folder or link that cannot be read is reported to the caller, never thrown.
//
// The walk is written once as a generator that asks for file-system operations; a sync driver
// (CLI, workspace model) and an async driver (deployment audit, run inside the language server
// where the event loop must stay free) answer them.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Folders that never hold addon source or deployment configs. */
export const TOOL_DIRS: ReadonlySet<string> = new Set(['node_modules', '__pycache__']);
/** Python environments: installed packages, not the workspace's own code. */
export const ENV_DIRS: ReadonlySet<string> = new Set(['venv', 'site-packages']);

/** '.git' and every other hidden entry ('.venv', '.tox', '.idea') start with a dot. */
export function isHidden(name: string): boolean {
  return name.startsWith('.');
}

export interface WalkVisitor<S> {
  /** A folder was read; returns the state its entries see (e.g. "inside an addon"). */
  enterDir?(dir: string, entries: fs.Dirent[], state: S): S;
  /** True to leave a sub-folder out (roots are always walked: the user named them). */
  skipDir?(name: string, dir: string, state: S): boolean;
  /** A regular file (after following links; `stat` is set when a link was followed). Return
   *  false to leave the rest of this folder. */
  onFile(file: string, name: string, state: S, stat: fs.Stats | undefined): boolean | void;
  /** A folder whose real path or listing could not be read. */
  onError?(dir: string, error: Error, op: 'realpath' | 'readdir'): void;
  /** Checked before each folder: true stops the walk (a bound reached, a request superseded). */
  stop?(): boolean;
  /** Folders deeper than this (root = 0) are not walked. */
  maxDepth?: number;
}

type FsRequest =
  | { op: 'realpath'; path: string }
  | { op: 'readdir'; path: string }
  | { op: 'stat'; path: string };

function* walkSteps<S>(
  dir: string,
  state: S,
  depth: number,
  visitor: WalkVisitor<S>,
  seen: Set<string>,
  rootReal?: string,
): Generator<FsRequest, void, unknown> {
  if ((visitor.maxDepth !== undefined && depth > visitor.maxDepth) || visitor.stop?.()) return;
  let real: string;
  try {
    real = (yield { op: 'realpath', path: dir }) as string;
  } catch (e) {
    visitor.onError?.(dir, e as Error, 'realpath');
    return;
  }
  if (seen.has(real)) return;
  seen.add(real);
  rootReal ??= real;
  let entries: fs.Dirent[];
  try {
    entries = (yield { op: 'readdir', path: dir }) as fs.Dirent[];
  } catch (e) {
    visitor.onError?.(dir, e as Error, 'readdir');
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const inner = visitor.enterDir ? visitor.enterDir(dir, entries, state) : state;
  for (const entry of entries) {
    const p = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    let stat: fs.Stats | undefined;
    if (entry.isSymbolicLink()) {
      try {
        stat = (yield { op: 'stat', path: p }) as fs.Stats;
      } catch {
        continue; // dangling link: nothing to read
      }
      isDir = stat.isDirectory();
      isFile = stat.isFile();
      // A link to something inside the same root (OCA's setup/<addon>/odoo/addons/<addon>) is
      // reached at its own path too: skip the link so findings carry the canonical path.
      try {
        const target = (yield { op: 'realpath', path: p }) as string;
        if (target.startsWith(rootReal + path.sep)) continue;
      } catch {
        continue;
      }
    }
    if (isDir) {
      if (!visitor.skipDir?.(entry.name, p, inner)) yield* walkSteps(p, inner, depth + 1, visitor, seen, rootReal);
    } else if (isFile && visitor.onFile(p, entry.name, inner, stat) === false) {
      return;
    }
  }
}

function answerSync(req: FsRequest): unknown {
  if (req.op === 'realpath') return fs.realpathSync(req.path);
  if (req.op === 'readdir') return fs.readdirSync(req.path, { withFileTypes: true });
  return fs.statSync(req.path);
}

async function answerAsync(req: FsRequest): Promise<unknown> {
  if (req.op === 'realpath') return fs.promises.realpath(req.path);
  if (req.op === 'readdir') return fs.promises.readdir(req.path, { withFileTypes: true });
  return fs.promises.stat(req.path);
}

/**
 * Walks `root` synchronously. Pass the same `seen` set to several calls to walk overlapping roots
 * once.
 */
export function walkSync<S>(root: string, state: S, visitor: WalkVisitor<S>, seen = new Set<string>()): void {
  const steps = walkSteps(root, state, 0, visitor, seen);
  let next = steps.next();
  while (!next.done) {
    let answer: unknown;
    try {
      answer = answerSync(next.value);
    } catch (e) {
      next = steps.throw(e);
      continue;
    }
    next = steps.next(answer);
  }
}

/** Walks `root` with the async file-system calls (keeps a server's event loop responsive). */
export async function walkAsync<S>(root: string, state: S, visitor: WalkVisitor<S>, seen = new Set<string>()): Promise<void> {
  const steps = walkSteps(root, state, 0, visitor, seen);
  let next = steps.next();
  while (!next.done) {
    let answer: unknown;
    try {
      answer = await answerAsync(next.value);
    } catch (e) {
      next = steps.throw(e);
      continue;
    }
    next = steps.next(answer);
  }
}

/** Source and config files are hand-written and small; a bigger file is generated data. */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

/** True when the bytes look binary: source and config text never contains NUL bytes. */
export function hasNulByte(data: Buffer | string): boolean {
  return typeof data === 'string' ? data.includes('\0') : data.includes(0);
}
