#!/usr/bin/env node
'use strict';
// Shim for the compiled CLI (TypeScript in cli/, built to out/cli/ by `npm run build`).
let cli;
try {
  cli = require('../../out/cli/main.js');
} catch (err) {
  const root = require('path').resolve(__dirname, '../..');
  const firstLine = String((err && err.message) || err).split('\n')[0];
  const missing = err && err.code === 'MODULE_NOT_FOUND' && firstLine.includes('out/cli/main.js');
  process.stderr.write(missing
    ? `forklint: not built yet: run \`npm run build\` in ${root}\n`
    : `forklint: cannot load the CLI: ${firstLine}\n`);
  process.exit(2);
}
cli.run(process.argv.slice(2));
