// Finds the Python files to lint under the CLI's paths. Skips what is never addon source
// (node_modules, .git, hidden folders) and what would only waste time or memory (files over
// 2 MB: generated data, not hand-written code). Symlinked folders are followed once: the real
// path of every visited folder is remembered, so a link back to a parent cannot loop.
import * as fs from 'node:fs';
import { hasNulByte, isHidden, MAX_SOURCE_BYTES, TOOL_DIRS, walkSync } from '../fs/walk';

export const MAX_FILE_BYTES = MAX_SOURCE_BYTES;
export { hasNulByte };

export interface Skipped { file: string; reason: string }

export interface WalkResult {
  files: string[];
  skipped: Skipped[];
  /** Unreadable folders/files (permissions, vanished while walking): I/O errors. */
  errors: string[];
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

  const walk = (dir: string): void =>
    walkSync(dir, undefined, {
      skipDir: (name) => isHidden(name) || TOOL_DIRS.has(name),
      onFile: (p, name, _state, stat) => {
        if (!name.endsWith('.py')) return;
        try {
          addFile(p, stat ?? fs.statSync(p));
        } catch (e) {
          result.errors.push(`${p}: ${(e as Error).message}`);
        }
      },
      onError: (d, e) => result.errors.push(`${d}: ${e.message}`),
    }, seenDirs);

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
