// Where the CLI is installed: the package root holds package.json (the version printed by
// --version, JSON and SARIF) and docs/rules/ (the help text embedded in SARIF). Found at run time
// by walking up from this file, which works both from the bundle (dist/cli.js) and from the
// unbundled test build (out/server/src/cli/).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RuleMeta } from '../rules/types';

let root: string | null | undefined;

export function packageRoot(): string | undefined {
  if (root !== undefined) return root ?? undefined;
  root = null;
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'odoo-perf') {
        root = dir;
        break;
      }
    } catch {
      // no package.json here: keep walking up
    }
    dir = path.dirname(dir);
  }
  return root ?? undefined;
}

let version: string | undefined;

export function packageVersion(): string {
  if (version) return version;
  const dir = packageRoot();
  try {
    version = dir ? String((JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version?: string }).version) : '0.0.0';
  } catch {
    version = '0.0.0';
  }
  return version;
}

export const INFORMATION_URI = 'https://github.com/odoo-perf/odoo-perf';

/** The rule's documentation page (docs/rules/OP101-search-in-loop.md), undefined when absent. */
export function ruleDocs(meta: RuleMeta): string | undefined {
  const dir = packageRoot();
  if (!dir) return undefined;
  try {
    return fs.readFileSync(path.join(dir, 'docs', 'rules', `${meta.code}-${meta.name}.md`), 'utf8');
  } catch {
    return undefined;
  }
}
