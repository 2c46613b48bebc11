// Bundles the client, the server and the CLI with esbuild and copies the tree-sitter wasm files
// beside the server bundle (and into grammars/ for tests that run the unbundled sources).
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const dist = path.join(root, 'dist');
mkdirSync(dist, { recursive: true });
mkdirSync(path.join(root, 'grammars'), { recursive: true });

// web-tree-sitter is an ES module package; esbuild would pick its ESM build and replace
// import.meta with {} (Parser.init then fails at run time). Alias it to the CommonJS build.
const treeSitterCjs = path.join(root, 'node_modules', 'web-tree-sitter', 'web-tree-sitter.cjs');
const wasms = [
  path.join(root, 'node_modules', 'web-tree-sitter', 'web-tree-sitter.wasm'),
  path.join(path.dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'),
];
for (const wasm of wasms) {
  copyFileSync(wasm, path.join(dist, path.basename(wasm)));
  copyFileSync(wasm, path.join(root, 'grammars', path.basename(wasm)));
}

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: false,
  minify: process.argv.includes('--minify'),
  logLevel: 'warning',
  alias: { 'web-tree-sitter': treeSitterCjs },
};
await Promise.all([
  esbuild.build({ ...common, entryPoints: [path.join(root, 'client/src/extension.ts')], outfile: path.join(dist, 'client.js'), external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: [path.join(root, 'server/src/lsp/main.ts')], outfile: path.join(dist, 'server.js') }),
  esbuild.build({ ...common, entryPoints: [path.join(root, 'server/src/cli/main.ts')], outfile: path.join(dist, 'cli.js') }),
]);
