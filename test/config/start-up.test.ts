/**
 * A bad environment stops the real server (`node bin/start.js`, as `npm start` runs it) and the
 * real CLI before they do anything: exit 1 and one sentence on stderr, where a bad number used to
 * become NaN and remove the limit silently.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { signet } from '../helpers/cli';
import { tempDir } from '../helpers/openssl';

const START = join(__dirname, '..', '..', 'bin', 'start.js');

describe('start-up with a bad environment', () => {
  it.each([
    [
      'SIGNET_MAX_DOCUMENT_BYTES',
      '4GB',
      'a size of at least 1 byte: a whole number of bytes, or one with the unit KiB, MiB or GiB (e.g. 64MiB, 4GiB)',
    ],
    [
      'SIGNET_RATE_LIMIT_PER_MINUTE',
      'many',
      'a whole number of requests per minute (0 turns the limit off)',
    ],
  ])('the server exits 1 when %s=%s, saying so on stderr', (name, value, expected) => {
    const dataDir = join(tempDir('signet-bad-env-'), 'data');
    const r = spawnSync(process.execPath, [START], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: '0',
        SIGNET_DATA_DIR: dataDir,
        [name]: value,
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `Signet could not start: ${name} "${value}" is not valid: expected ${expected}.\n`,
    );
    expect(r.stdout).toBe('');
    // Stopped before anything was set up.
    expect(existsSync(dataDir)).toBe(false);
  });

  it('the CLI exits 1 with the same sentence', () => {
    const r = signet(['department', 'list'], {
      SIGNET_DATA_DIR: tempDir('signet-bad-env-cli-'),
      PORT: 'http',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'error: PORT "http" is not valid: expected a TCP port number from 0 to 65535.\n',
    );
  });
});
