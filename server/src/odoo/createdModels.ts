// Which models the Python code of one file creates records of (`self.env['x'].create(...)`,
// `self.create(...)` in a `_name` class, a local bound to either). Log, queue and exchange tables
// are filled by code and grow with the activity that writes them; configuration and reference
// tables are filled by users in forms and by data files. OP201 uses this as a growth signal.
// Files under tests/ and migrations/ are never indexed (walk.ts SKIP_IN_ADDON); install and
// uninstall hooks run once and are left out here.
import * as path from 'node:path';
import type { Node, Tree } from '../parse/parser';
import type { Range } from '../rules/types';
import type { Bindings } from './domain';
import { rangeOf } from './pyast';
import { receiverModel } from './pyQueries';
import { objectId, perTree, treeSource } from './treeMemo';

export interface CreateFact {
  model: string;
  file: string;
  range: Range;
  addon: string | undefined;
}

// `.create(` as a method call; checked on the tree (identifier -> attribute -> call), so the word
// in strings or comments never counts.
const CANDIDATE = /\.\s*create\s*\(/g;
// Functions of a manifest's hooks (pre/post_init_hook, uninstall_hook) and module uninstall: once.
const ONCE = /(?:^|_)(?:pre_init|post_init|uninstall)_hook$|^_module_data_uninstall$/;

/** Memoised per tree (treeMemo.ts). Read-only. */
export function extractCreatedModels(tree: Tree, file: string, addon: string | undefined, classModels: Map<number, string>): CreateFact[] {
  return perTree(tree, `createdModels\0${file}\0${addon ?? ''}\0${objectId(classModels)}`, () => computeCreated(tree, file, addon, classModels));
}

function computeCreated(tree: Tree, file: string, addon: string | undefined, classModels: Map<number, string>): CreateFact[] {
  const out: CreateFact[] = [];
  if (path.basename(file) === 'hooks.py') return out;
  const { text: source, offset } = treeSource(tree);
  const bindingCache = new Map<number, Bindings>();
  CANDIDATE.lastIndex = 0;
  for (let m = CANDIDATE.exec(source); m; m = CANDIDATE.exec(source)) {
    const at = offset + m.index + m[0].indexOf('create');
    const id = tree.rootNode.descendantForIndex(at, at + 6);
    const attr = id?.parent;
    const call = attr?.parent;
    if (id?.type !== 'identifier' || id.text !== 'create' || attr?.type !== 'attribute' || call?.type !== 'call') continue;
    if (call.childForFieldName('function')?.id !== attr.id) continue;
    const { model, fn } = receiverModel(call, classModels, bindingCache);
    if (!model || (fn && ONCE.test(fnName(fn)))) continue;
    out.push({ model, file, range: rangeOf(call as Node), addon });
  }
  return out;
}

function fnName(fn: Node): string {
  return fn.childForFieldName('name')?.text ?? '';
}
