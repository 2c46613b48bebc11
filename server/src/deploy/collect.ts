// Finds the deployment files of a workspace folder on disk, for the CLI (`odoo-perf audit`) and
// the language server (`odooPerf/audit`). auditWorkspace() classifies what it gets; this only
// decides what is worth reading: compose files, Odoo/PostgreSQL/nginx *.conf, .odoorc,
// Dockerfiles, `.env` (Compose interpolation) and the proxy configs a compose bind mount may point
// at (Caddyfile, Traefik *.toml/*.yml). No Python-tree code here.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { InputFile } from './types';

/** Config files are small; anything bigger is data or a log, not a deployment config. */
export const MAX_DEPLOY_FILE_BYTES = 1024 * 1024;
/** A workspace with an Odoo checkout inside can hold many folders: bound the walk. */
const MAX_FILES = 2000;
const MAX_DEPTH = 12;
const SKIP_DIRS = new Set(['node_modules', '__pycache__', 'venv', 'site-packages']);

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
  const seen = new Set<string>();
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH || found.length >= MAX_FILES || options.cancelled?.()) return;
    let real: string;
    try {
      real = await fs.realpath(dir);
    } catch (e) {
      result.errors.push(`${dir}: ${(e as Error).message}`);
      return;
    }
    if (seen.has(real)) return; // a symlink back to a parent
    seen.add(real);
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (e) {
      result.errors.push(`${dir}: ${(e as Error).message}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const p = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const st = await fs.stat(p);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue;
        }
      }
      if (isDir) {
        if (!entry.name.startsWith('.') && !SKIP_DIRS.has(entry.name)) await walk(p, depth + 1);
      } else if (isFile && isDeployCandidate(entry.name)) {
        if (found.length >= MAX_FILES) {
          result.skipped.push(`${p}: more than ${MAX_FILES} candidate files, the rest is not audited`);
          return;
        }
        found.push(p);
      }
    }
  };
  await walk(root, 0);

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
      if (buf.includes(0)) {
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
