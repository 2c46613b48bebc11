// Finds addons (folders with a manifest) and the files worth indexing inside them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENV_DIRS, hasNulByte, isHidden, MAX_SOURCE_BYTES, TOOL_DIRS, walkSync } from '../fs/walk';

export const MANIFEST_NAMES = new Set(['__manifest__.py', '__openerp__.py']);
// Inside an addon: tests and migrations only run in tests/upgrades, so their searches are no
// evidence of a production query; static/ and i18n/ hold no models or records.
export const SKIP_IN_ADDON = new Set(['tests', 'migrations', 'upgrades', 'static', 'i18n', 'i18n_extra', 'node_modules']);
export const MAX_FILE_BYTES = MAX_SOURCE_BYTES;

export interface Discovery {
  /** Addon folder → its manifest path. */
  addons: Map<string, string>;
  /** .py and .xml files inside addons (manifests excluded). */
  files: string[];
}

function isSkippedName(name: string): boolean {
  return isHidden(name) || TOOL_DIRS.has(name) || ENV_DIRS.has(name);
}

function isIndexed(name: string): boolean {
  return name.endsWith('.py') || name.endsWith('.xml') || name === 'ir_cron.csv' || name === 'ir.cron.csv';
}

export function discover(dirs: string[], log: (m: string) => void): Discovery {
  const out: Discovery = { addons: new Map(), files: [] };
  // Symlink loops and overlapping roots: each real folder is walked once.
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  for (const d of dirs) {
    walkSync(path.resolve(d), false, {
      // The state is "inside an addon": a folder with a manifest, or below one.
      enterDir: (dir, entries, inAddon) => {
        const manifest = entries.find((e) => MANIFEST_NAMES.has(e.name) && !e.isDirectory());
        if (manifest) out.addons.set(dir, path.join(dir, manifest.name));
        return inAddon || !!manifest;
      },
      skipDir: (name, _p, inAddon) => isSkippedName(name) || (inAddon && SKIP_IN_ADDON.has(name)),
      onFile: (p, name, inAddon) => {
        if (!inAddon || isSkippedName(name) || MANIFEST_NAMES.has(name) || !isIndexed(name)) return;
        if (!seenFiles.has(p)) {
          seenFiles.add(p);
          out.files.push(p);
        }
      },
      onError: (dir, e, op) => {
        if (op === 'readdir') log(`cannot read ${dir}: ${e.message}`);
      },
    }, seenDirs);
  }
  return out;
}

/** Reads a text file unless it is too large or binary (NUL bytes); undefined = skipped. */
export function readText(file: string, log: (m: string) => void): string | undefined {
  try {
    const st = fs.statSync(file);
    if (st.size > MAX_FILE_BYTES) {
      log(`skipped ${file}: ${st.size} bytes (over 2 MB)`);
      return undefined;
    }
    const text = fs.readFileSync(file, 'utf8');
    if (hasNulByte(text)) {
      log(`skipped ${file}: binary content`);
      return undefined;
    }
    return text;
  } catch (e) {
    log(`cannot read ${file}: ${(e as Error).message}`);
    return undefined;
  }
}
