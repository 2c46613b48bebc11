// Reads an addon's __manifest__.py. It is a Python dict literal; we read it from the syntax tree
// and never execute it (the extension supports untrusted workspaces).
import type { Tree } from '../parse/parser';
import { stringList, stringValue } from './pyast';

export interface ManifestFacts {
  name?: string;
  version?: string;
  depends: string[];
  /** pre_init_hook / post_init_hook / uninstall_hook → the function the manifest names (run once
   * per install or uninstall; post_load is not one of them: it patches code that runs later). */
  hooks: Record<string, string>;
  /** Why the manifest could not be read fully (empty when all is well). */
  problems: string[];
}

const ONE_OFF_HOOKS = new Set(['pre_init_hook', 'post_init_hook', 'uninstall_hook']);

export function readManifest(tree: Tree): ManifestFacts {
  const out: ManifestFacts = { depends: [], hooks: {}, problems: [] };
  const dict = tree.rootNode.namedChildren
    .filter((n) => n?.type === 'expression_statement')
    .map((n) => n!.namedChild(0))
    .find((n) => n?.type === 'dictionary');
  if (!dict) {
    out.problems.push('no dict literal found');
    return out;
  }
  if (dict.hasError) out.problems.push('syntax error in the manifest dict');
  for (const pair of dict.namedChildren) {
    if (pair?.type !== 'pair') continue;
    const key = stringValue(pair.childForFieldName('key'));
    const value = pair.childForFieldName('value');
    if (key === 'name') out.name = stringValue(value);
    else if (key === 'version') out.version = stringValue(value);
    else if (key === 'depends') out.depends = stringList(value) ?? [];
    else if (key && ONE_OFF_HOOKS.has(key)) {
      const fn = stringValue(value);
      if (fn) out.hooks[key] = fn;
    }
  }
  return out;
}
