#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is bundled by `npm run build` (run automatically by `npm install`).
const path = require('path');
const fs = require('fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('odoo-perf: dist/cli.js is missing; run `npm run build` first.\n');
  process.exit(2);
}
require(cli).main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
