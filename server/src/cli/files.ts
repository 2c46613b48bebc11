// Finds the Python files to lint under the CLI's paths. Skips what is never addon source
// (node_modules, .git, hidden folders) and what would only waste time or memory (files over
// 2 MB: generated data, not hand-written code). Symlinked folders are followed once: the real
// path of every visited folder is remembered, so a link back to a parent cannot loop.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const MAX_FILE_BYTES = 2 * 1024 * 1024;
const SKIP_DIRS = new Set(['node_modules', '__pycache__']);

export interface Skipped { file: string; reason: string }

export interface WalkResult {
  files: string[];
  skipped: Skipped[];
  /** Unreadable folders/files (permissions, vanished while walking): I/O errors. */
  errors: string[];
}

function skipDir(name: string): boolean {
  // '.git' and every other hidden folder ('.venv', '.tox', '.idea') start with a dot.
  return name.startsWith('.') || SKIP_DIRS.has(name);
}

/** Walks the given absolute paths (folders, or .py files named directly). */
export function collectPythonFiles(paths: string[], onFound?: (count: number) => void): WalkResult {
  const result: WalkResult = { files: [], skipped: [], errors: [] };
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();

  const addFile = (file: string, stat: fs.Stats): void => {
    let real: string;
    try {
      real = fs.realpathSync(file);
    } catch {
      real = file;
    }
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    if (stat.size > MAX_FILE_BYTES) {
      result.skipped.push({ file, reason: `larger than 2 MB (${(stat.size / 1048576).toFixed(1)} MB)` });
      return;
    }
    result.files.push(file);
    onFound?.(result.files.length);
  };

  const walk = (dir: string): void => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch (e) {
      result.errors.push(`${dir}: ${(e as Error).message}`);
      return;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      result.errors.push(`${dir}: ${(e as Error).message}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const p = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let stat: fs.Stats | undefined;
      if (entry.isSymbolicLink()) {
        try {
          stat = fs.statSync(p);
        } catch {
          continue; // dangling link: nothing to lint
        }
        isDir = stat.isDirectory();
        isFile = stat.isFile();
      }
      if (isDir) {
        if (!skipDir(entry.name)) walk(p);
      } else if (isFile && entry.name.endsWith('.py')) {
        try {
          addFile(p, stat ?? fs.statSync(p));
        } catch (e) {
          result.errors.push(`${p}: ${(e as Error).message}`);
        }
      }
    }
  };

  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (e) {
      result.errors.push(`${p}: ${(e as Error).message}`);
      continue;
    }
    // A folder named on the command line is walked even if it is hidden: the user asked for it.
    if (stat.isDirectory()) walk(p);
    // Named explicitly but not Python (an XML view, a CSV): say so rather than parse it as Python.
    else if (!p.endsWith('.py')) result.skipped.push({ file: p, reason: 'not a Python (.py) file' });
    else addFile(p, stat);
  }
  return result;
}

/** True when the buffer looks binary: Python source never contains NUL bytes. */
export function hasNulByte(buf: Buffer): boolean {
  return buf.includes(0);
}
