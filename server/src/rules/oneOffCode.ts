// One-off code: migration scripts and install/uninstall hooks run once per upgrade or install, not
// per request. A search or create per iteration there costs N queries once, while the addon is
// being installed or upgraded: reviewers of OCA 16.0 judged ~30 such warnings false. They are
// not dropped (a slow migration on a big database still holds the upgrade for minutes), but the
// per-iteration rules (meta.perIteration) are capped at information there by the engine, with the
// reason in the message. An explicit severity setting still wins.
import * as path from 'node:path';
import type { Node, Tree } from '../parse/parser';
import type { Addon } from '../odoo/workspace';
import { calleeName, callReceiver, callsUnder } from './analysis/syntax';
import type { Range, Severity } from './types';

export interface OneOffRegion {
  /** Whole lines of the one-off code (the file, or a hook function and its helpers). */
  range: Range;
  /** What the code is, for the message: "a migration script", "the post_init_hook 'x'". */
  what: string;
  /** What it runs once per. */
  when: 'upgrade' | 'install' | 'uninstall';
}

const MIGRATION_DIRS = new Set(['migrations', 'upgrades']);

/** `16.0.1.2.0`, `1.2`, `0.0.0` (the "every version" folder): a migration script's version folder. */
const VERSION_DIR = /^\d+(\.\d+)+$/;

/**
 * The file is a migration script: under the addon's `migrations/` or `upgrades/` folder (Odoo
 * runs `<addon>/migrations/<version>/{pre,post,end}-*.py` once per upgrade). Outside a known
 * addon, a `migrations/<version>/` folder on the path tells the same.
 */
export function isMigrationFile(file: string, addon: Addon | undefined): boolean {
  if (addon) {
    const rel = path.relative(addon.dir, path.resolve(file)).split(/[\\/]/);
    return rel.length > 1 && MIGRATION_DIRS.has(rel[0]!);
  }
  const segs = path.resolve(file).split(/[\\/]/).slice(0, -1);
  return segs.some((s, i) => MIGRATION_DIRS.has(s) && VERSION_DIR.test(segs[i + 1] ?? ''));
}

/** A module-level def named as a hook even when no manifest of this addon names it (a helper
 * such as `post_init_hook_for_submodules` that other addons' hooks call). */
const HOOK_NAME = /(^|_)(pre_init|post_init|uninstall)_hook($|_)/;

/** Module-level defs of the file by name (a decorated def counts by its inner name). */
function moduleFunctions(tree: Tree): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const top of tree.rootNode.namedChildren) {
    const def = top?.type === 'decorated_definition' ? top.childForFieldName('definition') : top;
    if (def?.type !== 'function_definition') continue;
    const name = def.childForFieldName('name')?.text;
    if (name) out.set(name, top!);
  }
  return out;
}

function lines(node: Node): Range {
  return { start: { line: node.startPosition.row, character: 0 }, end: { line: node.endPosition.row, character: node.endPosition.column } };
}

/**
 * The one-off regions of a file: all of it for a migration script; else the install/uninstall
 * hooks defined in it (named by the addon's manifest, or named like a hook) and the module-level
 * functions they call, directly or through each other.
 */
export function oneOffRegions(file: string, tree: Tree, addon: Addon | undefined): OneOffRegion[] {
  if (isMigrationFile(file, addon)) return [{ range: lines(tree.rootNode), what: 'a migration script', when: 'upgrade' }];
  const defs = moduleFunctions(tree);
  if (!defs.size) return [];
  const kindOf = new Map<string, string>();
  for (const [kind, fn] of Object.entries(addon?.hooks ?? {})) kindOf.set(fn, kind);
  const out: OneOffRegion[] = [];
  const seen = new Set<string>();
  const queue: { name: string; what: string; when: OneOffRegion['when'] }[] = [];
  for (const name of defs.keys()) {
    const kind = kindOf.get(name) ?? (HOOK_NAME.test(name) ? 'hook' : undefined);
    if (!kind) continue;
    const when = /uninstall/.test(kind === 'hook' ? name : kind) ? 'uninstall' : 'install';
    queue.push({ name, what: kind === 'hook' ? `the ${when} hook '${name}'` : `the ${kind} '${name}'`, when });
  }
  while (queue.length) {
    const { name, what, when } = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const def = defs.get(name)!;
    out.push({ range: lines(def), what, when });
    // Helpers the hook calls by plain name (`_migrate_images(env)`) run once with it.
    for (const call of callsUnder(def)) {
      if (callReceiver(call)) continue;
      const callee = calleeName(call);
      if (callee && defs.has(callee) && !seen.has(callee)) {
        queue.push({ name: callee, what: `'${callee}', called from ${what.replace(/^'[^']*', called from /, '')}`, when });
      }
    }
  }
  return out;
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };

/**
 * Severity and message of a per-iteration finding at `range`: capped at information inside one-off
 * code, with the reason appended; unchanged elsewhere (and when already information or hint).
 */
export function capOneOff(severity: Severity, message: string, range: Range, regions: OneOffRegion[]): { severity: Severity; message: string } {
  if (RANK[severity] <= RANK.information) return { severity, message };
  const region = regions.find((r) => range.start.line >= r.range.start.line && range.start.line <= r.range.end.line);
  if (!region) return { severity, message };
  return {
    severity: 'information',
    message: `${message} Information only: this is ${region.what}, which runs once per ${region.when}; on a big database it can still make the ${region.when} slow.`,
  };
}
