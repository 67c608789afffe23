/**
 * Reading commands never write CA state and never need the passphrase (issue 14 item 6): each runs
 * against a data directory set up with SIGNET_KEY_PASSPHRASE (so no passphrase file lies in it),
 * with no SIGNET_* variable at all, and the database file keeps its bytes and its mtime. A writing
 * command beside them shows the comparison can fail: refused without the passphrase, and changing
 * the file with it.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signet, signetJson, errorLines } from '../helpers/cli';
import { tempDir } from '../helpers/openssl';

jest.setTimeout(180_000);

const PASSPHRASE = { SIGNET_KEY_PASSPHRASE: 'reading-commands-passphrase' };

describe('reading commands, with no passphrase in the environment', () => {
  const base = tempDir('signet-reading-');
  const dir = join(base, 'data');
  const db = join(dir, 'signet.db');
  const at = ['--data-dir', dir];
  let serial = '';

  beforeAll(() => {
    signetJson(['init', ...at], PASSPHRASE);
    signetJson(['department', 'add', 'finance', '--name', 'Finance Bureau', ...at], PASSPHRASE);
    const issued = signetJson<{ serial: string; certificate: string }>(
      ['cert', 'issue', '--department', 'finance', ...at],
      PASSPHRASE,
    );
    serial = issued.serial;
    writeFileSync(join(base, 'finance.pem'), issued.certificate);
    const other = signetJson<{ serial: string }>(
      ['cert', 'issue', '--department', 'finance', ...at],
      PASSPHRASE,
    );
    signetJson(['cert', 'revoke', other.serial, '--reason', 'superseded', ...at], PASSPHRASE);
    writeFileSync(join(base, 'notice.txt'), 'An official notice of the Finance Bureau.');
    signetJson(
      ['sign', join(base, 'notice.txt'), '--department', 'finance', '--level', 'B-T', ...at],
      PASSPHRASE,
    );
  });

  /** The database as a reader must leave it: its bytes, its mtime, the data directory's names. */
  const snapshot = () => ({
    bytes: readFileSync(db).toString('base64'),
    mtimeMs: statSync(db).mtimeMs,
    files: readdirSync(dir).filter((f) => !f.startsWith('signet.db-')),
  });

  it.each([
    [
      'verify',
      () => ['verify', join(base, 'notice.txt'), '--signature', join(base, 'notice.txt.p7s')],
    ],
    ['cert list', () => ['cert', 'list']],
    ['cert show', () => ['cert', 'show', serial]],
    ['cert verify', () => ['cert', 'verify', join(base, 'finance.pem')]],
    ['audit verify', () => ['audit', 'verify']],
  ])('%s answers and leaves the database as it was', (_name, args) => {
    const before = snapshot();
    const r = signet([...args(), ...at]); // no SIGNET_KEY_PASSPHRASE, no SIGNET_DATA_DIR
    expect([r.status, errorLines(r.stderr)]).toEqual([0, []]);
    expect(snapshot()).toEqual(before);
  });

  it('verify reads the signature against the CA: TOTAL_PASSED from the stored CRL', () => {
    const r = signet([
      'verify',
      join(base, 'notice.txt'),
      '--signature',
      join(base, 'notice.txt.p7s'),
      '--json',
      ...at,
    ]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).indication).toBe('TOTAL_PASSED');
  });

  it('a writing command is refused without the passphrase, and changes the database with it', () => {
    const before = snapshot();
    const refused = signet(['crl', ...at]);
    expect(refused.status).toBe(1);
    expect(errorLines(refused.stderr)).toEqual([
      `error: SIGNET_KEY_PASSPHRASE is not set and ${dir} has no development passphrase: set it, or run "signet init" first.`,
    ]);
    expect(snapshot()).toEqual(before);
    expect(signet(['crl', ...at], PASSPHRASE).status).toBe(0);
    expect(snapshot().bytes).not.toBe(before.bytes);
  });

  it('a reading command opens no PKCS#11 token either; a writing command with the same settings does', () => {
    writeFileSync(join(base, 'pin'), '123456\n', { mode: 0o600 });
    const hsm = {
      SIGNET_KEYS: 'pkcs11',
      SIGNET_PKCS11_MODULE: join(base, 'no-such-module.so'),
      SIGNET_PKCS11_TOKEN: 'signet',
      SIGNET_PKCS11_PIN_FILE: join(base, 'pin'),
    };
    const before = snapshot();
    const read = signet(['cert', 'list', ...at], hsm);
    expect([read.status, errorLines(read.stderr)]).toEqual([0, []]);
    const write = signet(['crl', ...at], { ...hsm, ...PASSPHRASE });
    expect(write.status).toBe(1);
    expect(errorLines(write.stderr)).toEqual([
      `error: The PKCS#11 module ${hsm.SIGNET_PKCS11_MODULE} (SIGNET_PKCS11_MODULE) cannot be loaded.`,
    ]);
    expect(snapshot()).toEqual(before);
  });

  it('a reading command in a directory without a database says so and creates nothing', () => {
    const empty = join(base, 'nothing-here');
    const r = signet(['cert', 'list', '--data-dir', empty]);
    expect(r.status).toBe(1);
    expect(errorLines(r.stderr)).toEqual([
      `error: There is no Signet database in ${empty}: run "signet init" first, or name the data directory with --data-dir.`,
    ]);
    expect(readdirSync(base)).not.toContain('nothing-here');
  });
});
