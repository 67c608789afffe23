/**
 * File errors on the command line are one sentence naming the path and what is wrong (issue 14
 * item 6), and nothing is published when the output cannot be written: `signet crl --out` into a
 * missing folder, onto a folder or into a folder it may not write uses no CRL number and writes
 * no audit entry. Permissions are tried as another user (root ignores them); without a way to
 * become one, those tests are skipped and say so.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { errorLines, signet, signetAs, signetJson, type CliResult } from '../helpers/cli';
import { tempDir } from '../helpers/openssl';

jest.setTimeout(120_000);

const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;
const setprivFound = spawnSync('setpriv', ['--version']).status === 0;
/** As root, another user through setpriv; as anyone else, permissions apply already. */
const asOtherUser = (args: string[]): CliResult => (isRoot ? signetAs(NOBODY, args) : signet(args));
const permissionTest = !isRoot || setprivFound ? it : it.skip;
if (permissionTest === it.skip) {
  console.warn('SKIPPED: the permission tests need setpriv to run as another user than root.');
}

/** How many CRLs were published and audit entries written in a data directory. */
function published(dir: string): { crls: number; entries: number } {
  const db = new Database(join(dir, 'signet.db'), { readonly: true });
  try {
    return {
      crls: db.prepare('SELECT count(*) FROM crls').pluck().get() as number,
      entries: db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number,
    };
  } finally {
    db.close();
  }
}

describe('file errors on the command line', () => {
  const base = tempDir('signet-file-errors-');
  const dir = join(base, 'data');
  const at = ['--data-dir', dir];

  beforeAll(() => {
    const init = signetJson<{ root: { certificate: string } }>(['init', ...at]);
    writeFileSync(join(base, 'root.pem'), init.root.certificate);
    // Another user must reach the files below, but not write the folders it is refused.
    chmodSync(base, 0o755);
  });

  describe('signet crl --out', () => {
    it.each([
      [
        'a missing folder',
        () => join(base, 'missing', 'x.crl'),
        `${join(base, 'missing')} does not exist`,
      ],
      ['a folder', () => base, `${base} is a folder, not a file`],
      [
        'a file as its folder',
        () => join(base, 'root.pem', 'x.crl'),
        `a part of ${join(base, 'root.pem')} is not a folder`,
      ],
    ])('into %s: one sentence, and nothing published', (_name, out, why) => {
      const before = published(dir);
      const r = signet(['crl', '--out', out(), ...at]);
      expect(r.status).toBe(1);
      expect(errorLines(r.stderr)).toEqual([
        `error: The CRL cannot be written to ${out()}: ${why}.`,
      ]);
      expect(published(dir)).toEqual(before);
    });

    it('into a writable folder: the CRL is written and published once', () => {
      const before = published(dir);
      const out = join(base, 'issuing.crl');
      expect(signet(['crl', '--out', out, ...at]).status).toBe(0);
      expect(existsSync(out)).toBe(true);
      expect(published(dir).crls).toBe(before.crls + 1);
    });

    permissionTest('into a folder the user may not write: one sentence, nothing published', () => {
      const theirs = join(base, 'theirs');
      cpSync(dir, theirs, { recursive: true });
      spawnSync('chown', ['-R', `${NOBODY}:${NOBODY}`, theirs]);
      const closed = join(base, 'closed');
      mkdirSync(closed, { mode: 0o755 }); // root's: others may enter but not write
      const before = published(theirs);
      const out = join(closed, 'x.crl');
      const r = asOtherUser(['crl', '--out', out, '--data-dir', theirs]);
      expect(r.status).toBe(1);
      expect(errorLines(r.stderr)).toEqual([
        `error: The CRL cannot be written to ${out}: permission to ${closed} is denied.`,
      ]);
      expect(published(theirs)).toEqual(before);
    });
  });

  describe('an input file of signet verify', () => {
    it('that does not exist', () => {
      const missing = join(base, 'missing.txt');
      const r = signet(['verify', missing, '--trust', join(base, 'root.pem')]);
      expect(r.status).toBe(1);
      expect(errorLines(r.stderr)).toEqual([
        `error: The file ${missing} cannot be read: ${missing} does not exist.`,
      ]);
    });

    it('that is a folder', () => {
      const r = signet(['verify', base, '--trust', join(base, 'root.pem')]);
      expect(r.status).toBe(1);
      expect(errorLines(r.stderr)).toEqual([
        `error: The file ${base} cannot be read: ${base} is a folder, not a file.`,
      ]);
    });

    permissionTest('that the user may not read', () => {
      const secret = join(base, 'secret.txt');
      writeFileSync(secret, 'only root reads this', { mode: 0o600 });
      if (isRoot) chownSync(secret, 0, 0);
      const r = asOtherUser(['verify', secret, '--trust', join(base, 'root.pem')]);
      expect(r.status).toBe(1);
      expect(errorLines(r.stderr)).toEqual([
        `error: The file ${secret} cannot be read: permission to ${secret} is denied.`,
      ]);
    });
  });
});
