// Finds the deployment files of a workspace folder on disk, for the CLI (`odoo-perf audit`) and
// the language server (`odooPerf/audit`). auditWorkspace() classifies what it gets; this only
// decides what is worth reading: compose files, Odoo/PostgreSQL/nginx *.conf, .odoorc,
// Dockerfiles, `.env` (Compose interpolation) and the proxy configs a compose bind mount may point
// at (Caddyfile, Traefik *.toml/*.yml). No Python-tree code here.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ENV_DIRS, hasNulByte, isHidden, TOOL_DIRS, walkAsync } from '../fs/walk';
import type { InputFile } from './types';

/** Config files are small; anything bigger is data or a log, not a deployment config. */
export const MAX_DEPLOY_FILE_BYTES = 1024 * 1024;
/** A workspace with an Odoo checkout inside can hold many folders: bound the walk. */
const MAX_FILES = 2000;
const MAX_DEPTH = 12;

/** True for a file name the audit may need (compose, configs, Dockerfiles, proxy configs). */
export function isDeployCandidate(name: string): boolean {
  // .env: the variables Compose interpolates into the compose file next to it.
  if (name === '.odoorc' || name === '.env') return true;
  if (/^Dockerfile([.-][\w.-]*)?$/.test(name) || /\.Dockerfile$/.test(name)) return true;
  if (/^Caddyfile([.-][\w.-]*)?$/.test(name)) return true;
  if (name === 'pyproject.toml' || name === 'package.json') return false;
  // .yml/.yaml: compose files and Traefik dynamic config; .toml: Traefik; .conf/.cfg: Odoo,
  // PostgreSQL, nginx, pgbouncer (.ini).
  return /\.(ya?ml|conf|cfg|toml|ini)$/i.test(name) && !name.startsWith('.');
}

export interface CollectResult {
  files: InputFile[];
  /** Unreadable folders or files: "path: reason" (never a file's content). */
  errors: string[];
  /** Files left out and why (too big, binary, the walk bound). */
  skipped: string[];
}

export interface CollectOptions {
  /** Text of open editor buffers by absolute path: it wins over the disk. */
  overlay?: Map<string, string>;
  /** Checked between folders: true stops the walk early (a newer request superseded this one). */
  cancelled?: () => boolean;
}

/** Walks `root` (absolute) and returns the candidate files with absolute paths, sorted. */
export async function collectDeployFiles(root: string, options: CollectOptions = {}): Promise<CollectResult> {
  const result: CollectResult = { files: [], errors: [], skipped: [] };
  const found: string[] = [];
  await walkAsync(root, undefined, {
    maxDepth: MAX_DEPTH,
    stop: () => found.length >= MAX_FILES || !!options.cancelled?.(),
    skipDir: (name) => isHidden(name) || TOOL_DIRS.has(name) || ENV_DIRS.has(name),
    onFile: (p, name) => {
      if (!isDeployCandidate(name)) return;
      if (found.length >= MAX_FILES) {
        result.skipped.push(`${p}: more than ${MAX_FILES} candidate files, the rest is not audited`);
        return false;
      }
      found.push(p);
    },
    onError: (dir, e) => result.errors.push(`${dir}: ${e.message}`),
  });

  for (const file of found.sort()) {
    const open = options.overlay?.get(file);
    if (open !== undefined) {
      result.files.push({ path: file, text: open });
      continue;
    }
    try {
      const stat = await fs.stat(file);
      if (stat.size > MAX_DEPLOY_FILE_BYTES) {
        result.skipped.push(`${file}: larger than 1 MB`);
        continue;
      }
      const buf = await fs.readFile(file);
      if (hasNulByte(buf)) {
        result.skipped.push(`${file}: binary (NUL bytes)`);
        continue;
      }
      result.files.push({ path: file, text: buf.toString('utf8') });
    } catch (e) {
      result.errors.push(`${file}: ${(e as Error).message}`);
    }
  }
  // Open buffers that are not on disk yet (new, unsaved) are part of the deployment too.
  for (const [file, text] of options.overlay ?? []) {
    if (!found.includes(file) && (file === root || file.startsWith(root + path.sep)) && isDeployCandidate(path.basename(file))) {
      result.files.push({ path: file, text });
    }
  }
  result.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return result;
}
