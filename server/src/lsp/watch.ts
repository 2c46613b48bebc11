// Keeps the workspace model in step with files changed outside the editor (git checkout, another
// tool): workspace/didChangeWatchedFiles, registered dynamically for the files the model reads.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DidChangeWatchedFilesNotification, FileChangeType, type Connection, type FileEvent } from 'vscode-languageserver/node';
import { hasNulByte, MAX_SOURCE_BYTES } from '../fs/walk';
import { uriToPath } from './settings';

export const WATCH_GLOBS = ['**/*.py', '**/*.xml', '**/__manifest__.py', '**/pyproject.toml'];
// Deployment files, read by the audit (lsp/audit.ts) only.
WATCH_GLOBS.push('**/*.yml', '**/*.yaml', '**/*.conf', '**/.odoorc', '**/Dockerfile*');
// Variables Compose interpolates into compose files (deploy/interpolate.ts).
WATCH_GLOBS.push('**/.env');

export async function registerWatchers(connection: Connection, log: (m: string) => void): Promise<void> {
  try {
    await connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: WATCH_GLOBS.map((globPattern) => ({ globPattern })),
    });
  } catch (e) {
    log(`odoo-perf: could not register file watchers: ${String(e)}`);
  }
}

export interface WatchedChange {
  file: string;
  uri: string;
  deleted: boolean;
}

export function toChanges(events: FileEvent[]): WatchedChange[] {
  const out: WatchedChange[] = [];
  for (const event of events) {
    const file = uriToPath(event.uri);
    if (file) out.push({ file, uri: event.uri, deleted: event.type === FileChangeType.Deleted });
  }
  return out;
}

export function isPyproject(file: string): boolean {
  return path.basename(file) === 'pyproject.toml';
}

/** Current text of a file on disk; undefined when it is gone, unreadable, too big or binary. */
export async function readModelText(file: string): Promise<string | undefined> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile() || stat.size > MAX_SOURCE_BYTES) return undefined;
    const text = await fs.readFile(file, 'utf8');
    return hasNulByte(text) ? undefined : text;
  } catch {
    return undefined;
  }
}
