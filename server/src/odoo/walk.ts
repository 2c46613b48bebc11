// Finds addons (folders with a manifest) and the files worth indexing inside them.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const MANIFEST_NAMES = new Set(['__manifest__.py', '__openerp__.py']);
const SKIP_ANYWHERE = new Set(['node_modules', '__pycache__', 'venv', 'site-packages']);
// Inside an addon: tests and migrations only run in tests/upgrades, so their searches are no
// evidence of a production query; static/ and i18n/ hold no models or records.
export const SKIP_IN_ADDON = new Set(['tests', 'migrations', 'upgrades', 'static', 'i18n', 'i18n_extra', 'node_modules']);
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface Discovery {
  /** Addon folder → its manifest path. */
  addons: Map<string, string>;
  /** .py and .xml files inside addons (manifests excluded). */
  files: string[];
}

function isSkippedName(name: string): boolean {
  return name.startsWith('.') || SKIP_ANYWHERE.has(name);
}

export function discover(dirs: string[], log: (m: string) => void): Discovery {
  const out: Discovery = { addons: new Map(), files: [] };
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const walk = (dir: string, inAddon: boolean): void => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      return;
    }
    // Symlink loops and overlapping roots: each real folder is walked once.
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      log(`cannot read ${dir}: ${(e as Error).message}`);
      return;
    }
    const manifest = entries.find((e) => MANIFEST_NAMES.has(e.name) && !e.isDirectory());
    const isAddon = !!manifest;
    if (manifest) out.addons.set(dir, path.join(dir, manifest.name));
    const addonHere = inAddon || isAddon;
    for (const e of entries) {
      if (isSkippedName(e.name)) continue;
      const p = path.join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const st = fs.statSync(p);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue;
        }
      }
      if (isDir) {
        if (addonHere && SKIP_IN_ADDON.has(e.name)) continue;
        walk(p, addonHere);
      } else if (isFile && addonHere && !MANIFEST_NAMES.has(e.name) && (e.name.endsWith('.py') || e.name.endsWith('.xml') || e.name === 'ir_cron.csv' || e.name === 'ir.cron.csv')) {
        if (!seenFiles.has(p)) {
          seenFiles.add(p);
          out.files.push(p);
        }
      }
    }
  };
  for (const d of dirs) walk(path.resolve(d), false);
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
    if (text.includes('\0')) {
      log(`skipped ${file}: binary content`);
      return undefined;
    }
    return text;
  } catch (e) {
    log(`cannot read ${file}: ${(e as Error).message}`);
    return undefined;
  }
}
