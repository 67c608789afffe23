/**
 * The CLI answers by kind (issue 15 item 4), through the real `signet` command: every kind exits 1
 * (SPEC: a refused or failed operation) with one sentence; a refusal says what was refused, a
 * fault of Signet says what failed and shows its stack only with SIGNET_DEBUG. The refusals of
 * each kind are in refusals.test.ts; these are the kinds that are not the caller's input.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import Database from 'better-sqlite3';
import { errorLines, signet, signetJson } from '../helpers/cli';
import { tempDir } from '../helpers/openssl';

describe('the CLI by kind of failure', () => {
  let dir: string;
  let files: string;
  const data = () => ['--data-dir', dir];
  /** Rows a refused command must not add. */
  const counts = () => {
    const db = new Database(join(dir, 'signet.db'), { readonly: true });
    const n = (t: string) =>
      (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
    const result = { documents: n('documents'), crls: n('crls'), audit: n('audit_log') };
    db.close();
    return result;
  };

  beforeAll(() => {
    dir = tempDir('signet-kinds-');
    files = tempDir('signet-kinds-files-');
    signetJson(['init', ...data()]);
    signetJson(['department', 'add', 'finance', '--name', 'Finance', ...data()]);
    signetJson(['cert', 'issue', '--department', 'finance', ...data()]);
    writeFileSync(join(files, 'notice.txt'), 'The official text of a notice.\n');
  });

  it.each([
    [
      'sign',
      'output',
      (out: string) => ['sign', join(files, 'notice.txt'), '--department', 'finance', '--out', out],
    ],
    ['crl', 'CRL', (out: string) => ['crl', '--out', out]],
  ])(
    'unavailable: %s to a folder that cannot be written exits 1 with one sentence, before writing',
    (_name, what, args) => {
      const out = join(files, 'notice.txt', 'out.der'); // under a file: no such folder
      const before = counts();
      const r = signet([...args(out), ...data()]);
      expect(r.status).toBe(1);
      expect(errorLines(r.stderr)).toEqual([
        `error: The ${what} cannot be written to ${out}: a part of ${dirname(out)} is not a folder.`,
      ]);
      expect(counts()).toEqual(before);
    },
  );

  describe('fault: a key file that fails its integrity check', () => {
    beforeAll(() => {
      const db = new Database(join(dir, 'signet.db'), { readonly: true });
      const { key_id: keyId } = db
        .prepare("SELECT key_id FROM certificates WHERE department_id = 'finance'")
        .get() as { key_id: string };
      db.close();
      const file = join(dir, 'keys', `${keyId}.key`);
      const bytes = readFileSync(file);
      bytes[Math.floor(bytes.length / 2)] ^= 0xff;
      writeFileSync(file, bytes);
    });
    const sign = (env: NodeJS.ProcessEnv = {}) =>
      signet(['sign', join(files, 'notice.txt'), '--department', 'finance', ...data()], env);

    it('exits 1 with the sentence of what failed, and no stack', () => {
      const r = sign();
      expect(r.status).toBe(1);
      const lines = errorLines(r.stderr);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^error: The file of key \w+ fails its integrity check/);
    });

    it('shows the stack with SIGNET_DEBUG', () => {
      const r = sign({ SIGNET_DEBUG: '1' });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/KeyVaultError: The file of key[^\n]*\n\s+at /);
    });
  });
});
