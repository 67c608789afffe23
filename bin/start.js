#!/usr/bin/env node
// `npm start`: builds once if dist/ is missing, then runs the server.
const { existsSync } = require('node:fs');
const { execSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
if (!existsSync(join(root, 'dist', 'main.js'))) {
  process.stderr.write('Signet is not built yet: building (npm run build)...\n');
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
}
require(join(root, 'dist', 'main.js'))
  .serve()
  .catch((error) => {
    process.stderr.write(
      `Signet could not start: ${error && error.message ? error.message : error}\n`,
    );
    process.exit(1);
  });
