// The CLI and server tests run the build (bin/signet.js -> dist/). `npm test` builds first; this
// builds when a test run starts without one (e.g. `npx jest test/cli`).
const { existsSync } = require('node:fs');
const { execSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async () => {
  if (!existsSync(join(__dirname, '..', 'dist', 'cli.js'))) {
    execSync('npm run build', { cwd: join(__dirname, '..'), stdio: 'inherit' });
  }
};
