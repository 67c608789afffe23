// The CLI and server tests run the build (bin/signet.js -> dist/). `npm test` builds first; this
// builds when a test run starts without one (e.g. `npx jest test/cli`).
//
// SoftHSM reads SOFTHSM2_CONF from the real environment when its module is initialized, and Jest
// gives each test file a copy of process.env: so the token directory of the run is set here, before
// the workers start, and each test file initializes tokens of its own in it (test/helpers/softhsm.ts).
const { existsSync, mkdirSync, mkdtempSync, writeFileSync } = require('node:fs');
const { execSync } = require('node:child_process');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = async () => {
  const softhsm = mkdtempSync(join(tmpdir(), 'signet-softhsm-'));
  mkdirSync(join(softhsm, 'tokens'));
  const conf = join(softhsm, 'softhsm2.conf');
  writeFileSync(
    conf,
    `directories.tokendir = ${join(softhsm, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`,
  );
  process.env.SOFTHSM2_CONF = conf;
  if (!existsSync(join(__dirname, '..', 'dist', 'cli.js'))) {
    execSync('npm run build', { cwd: join(__dirname, '..'), stdio: 'inherit' });
  }
};
