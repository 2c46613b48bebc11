// Odoo version resolution: manifest version (5-part "17.0.1.0.0" form), else an odoo/release.py
// on the addons path, else the odooVersion setting.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Tree } from '../parse/parser';

/** Major from a manifest version, only in Odoo's 5-part form: a 3-part "1.0.0" says nothing. */
export function manifestMajor(version: string | undefined): number | undefined {
  if (!version) return undefined;
  const m = /^\s*(?:saas~)?(\d+)\.(\d+)\.\d+\.\d+\.\d+\s*$/.exec(version);
  if (!m) return undefined;
  const major = Number(m[1]);
  return major >= 8 && major <= 30 ? major : undefined;
}

/** Reads `version_info = (17, 0, 0, FINAL, 0, '')` from odoo/release.py. */
export function readReleaseVersion(tree: Tree): number | undefined {
  for (const stmt of tree.rootNode.namedChildren) {
    if (stmt?.type !== 'expression_statement') continue;
    const assign = stmt.namedChild(0);
    if (assign?.type !== 'assignment') continue;
    if (assign.childForFieldName('left')?.text !== 'version_info') continue;
    const right = assign.childForFieldName('right');
    if (right?.type !== 'tuple' && right?.type !== 'list') continue;
    const first = right.namedChild(0);
    // saas releases write the major as a string ('saas~17', 2, ...).
    const text = first?.type === 'integer' ? first.text : first?.type === 'string' ? first.text.replace(/['"]/g, '') : undefined;
    const m = text ? /(\d+)$/.exec(text) : null;
    if (m) return Number(m[1]);
  }
  return undefined;
}

/** Where an odoo/release.py may sit for an addons path: below it or one of its parents
 * (`<odoo>/addons` → `<odoo>/odoo/release.py`; `<odoo>/odoo/addons` → `<odoo>/odoo/release.py`). */
export function releaseCandidates(dir: string): string[] {
  const out: string[] = [];
  let d = path.resolve(dir);
  for (let i = 0; i < 4; i++) {
    if (path.basename(d) === 'odoo') out.push(path.join(d, 'release.py'));
    out.push(path.join(d, 'odoo', 'release.py'));
    const parent = path.dirname(d);
    if (parent === d) break;
    d = parent;
  }
  return out.filter((f) => fs.existsSync(f));
}
