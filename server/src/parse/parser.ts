// Loads web-tree-sitter and the Python grammar once per process. The wasm files sit beside the
// bundled server (dist/) or, when the sources run unbundled in tests, in grammars/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, Tree } from 'web-tree-sitter';

let ready: Promise<Language> | undefined;
let python: Language | undefined;

function findWasm(name: string): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    for (const candidate of [path.join(dir, name), path.join(dir, 'grammars', name)]) {
      if (fs.existsSync(candidate)) return candidate;
    }
    dir = path.dirname(dir);
  }
  throw new Error(`odoo-perf: ${name} not found beside ${__dirname} (run \`npm run build\`)`);
}

/** Resolves once the runtime and the Python grammar are loaded; safe to call many times. */
export function initParser(): Promise<Language> {
  ready ??= (async () => {
    const runtime = findWasm('web-tree-sitter.wasm');
    await Parser.init({ locateFile: () => runtime });
    python = await Language.load(findWasm('tree-sitter-python.wasm'));
    return python;
  })();
  return ready;
}

export function pythonLanguage(): Language {
  if (!python) throw new Error('odoo-perf: initParser() must resolve before parsing');
  return python;
}

let shared: Parser | undefined;

/** Parses Python source; pass the previous (edited) tree to re-parse incrementally. */
export function parsePython(source: string, oldTree?: Tree | null): Tree {
  if (!shared) {
    shared = new Parser();
    shared.setLanguage(pythonLanguage());
  }
  const tree = shared.parse(source, oldTree ?? null);
  if (!tree) throw new Error('odoo-perf: tree-sitter returned no tree');
  return tree;
}

export type { Tree, Node, Point } from 'web-tree-sitter';
