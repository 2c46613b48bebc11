// Which workspace files the audit reads, and path arithmetic for Compose bind mounts.
import * as path from 'node:path';
import type { InputFile } from './types';

export type FileRole = 'compose' | 'odoo-conf' | 'postgresql-conf' | 'dockerfile' | 'other';

export function normPath(p: string): string {
  return path.posix.normalize(p.replace(/\\/g, '/'));
}

export function classify(file: InputFile): FileRole {
  const base = path.posix.basename(normPath(file.path));
  if (/^(docker-)?compose([.-][\w.-]*)?\.ya?ml$/i.test(base) || /\.compose\.ya?ml$/i.test(base)) return 'compose';
  if (/^postgresql([.-][\w.-]*)?\.conf$/i.test(base)) return 'postgresql-conf';
  if (/^Dockerfile([.-][\w.-]*)?$/.test(base) || /\.Dockerfile$/.test(base)) return 'dockerfile';
  if (base === '.odoorc' || /\.conf$/i.test(base) || /\.cfg$/i.test(base)) {
    // An Odoo config has an [options] section; nginx.conf and friends do not.
    return /^\s*\[options\]\s*$/m.test(file.text) ? 'odoo-conf' : 'other';
  }
  return 'other';
}

/** Workspace path of a container path, through the bind mounts of a service. */
export function resolveMount(composeFile: string, volumes: { source: string; target: string; bind: boolean }[], containerPath: string): string | undefined {
  const target = normPath(containerPath);
  // Longest target first: a file mount beats the directory mount that contains it.
  const sorted = volumes.filter((v) => v.bind && v.target).sort((a, b) => b.target.length - a.target.length);
  for (const v of sorted) {
    const t = normPath(v.target).replace(/\/$/, '');
    if (target === t || target.startsWith(t + '/')) {
      const rest = target.slice(t.length);
      const src = v.source.startsWith('/') ? v.source : path.posix.join(path.posix.dirname(normPath(composeFile)), v.source);
      return normPath(src + rest);
    }
  }
  return undefined;
}
