#!/usr/bin/env node
// The `signet` command: runs the compiled CLI (npm ci builds it through the prepare script).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const entry = join(__dirname, '..', 'dist', 'cli.js');
if (!existsSync(entry)) {
  process.stderr.write('error: Signet is not built yet: run "npm run build" in the checkout.\n');
  process.exit(1);
}
require(entry)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
