// Shared by the output formats.
import * as path from 'node:path';
import type { LintResult } from '../lint';

export interface FormatContext {
  /** Folder that JSON and SARIF paths are relative to (see baseDir in main.ts). */
  base: string;
  /** Text paths are relative to the working directory, so a terminal can open them. */
  cwd: string;
  color: boolean;
}

export type Formatter = (result: LintResult, ctx: FormatContext) => string;

/** Relative path with forward slashes on every platform (JSON, SARIF, CI annotations). */
export function relPath(base: string, file: string): string {
  const rel = path.relative(base, file);
  return (rel === '' ? path.basename(file) : rel).split(path.sep).join('/');
}
