import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorLines, signet, signetJson } from '../helpers/cli';
import { openssl, tempDir } from '../helpers/openssl';

describe('signet sign', () => {
  let dir: string;
  let files: string;
  beforeAll(() => {
    dir = tempDir('signet-cli-sign-');
    files = tempDir('signet-cli-sign-files-');
    const init = signetJson<{ root: { certificate: string } }>(['init', '--data-dir', dir]);
    writeFileSync(join(files, 'root.pem'), init.root.certificate);
    signetJson(['department', 'add', 'finance', '--name', 'Finance', '--data-dir', dir]);
    signetJson(['cert', 'issue', '--department', 'finance', '--data-dir', dir]);
    writeFileSync(join(files, 'a.txt'), 'first notice\n');
    writeFileSync(join(files, 'b.txt'), 'second notice\n');
  });

  it('signs several files in one call, each with a signature OpenSSL verifies and a verification code', () => {
    const r = signetJson<{
      documents: { file: string; out: string; verificationCode: string; level: string }[];
    }>([
      'sign',
      join(files, 'a.txt'),
      join(files, 'b.txt'),
      '--department',
      'finance',
      '--level',
      'B-LT',
      '--data-dir',
      dir,
    ]);
    expect(r.documents).toHaveLength(2);
    for (const d of r.documents) {
      expect(d.level).toBe('B-LT');
      expect(d.out).toBe(`${d.file}.p7s`);
      const v = openssl([
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        d.out,
        '-content',
        d.file,
        '-CAfile',
        join(files, 'root.pem'),
        '-purpose',
        'any',
        '-out',
        '/dev/null',
      ]);
      expect(v.stderr).toContain('CMS Verification successful');
    }
    // The signature of a.txt does not verify b.txt.
    const cross = openssl([
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      join(files, 'a.txt.p7s'),
      '-content',
      join(files, 'b.txt'),
      '-CAfile',
      join(files, 'root.pem'),
      '-purpose',
      'any',
      '-out',
      '/dev/null',
    ]);
    expect(cross.status).not.toBe(0);
  });

  it('prints no progress bar without a terminal, and writes --out for one file', () => {
    const out = join(files, 'custom.p7s');
    const r = signet([
      'sign',
      join(files, 'a.txt'),
      '--department',
      'finance',
      '--out',
      out,
      '--data-dir',
      dir,
    ]);
    expect(r.status).toBe(0);
    expect(errorLines(r.stderr)).toEqual([]);
    expect(readFileSync(out).length).toBeGreaterThan(500);
  });

  it.each([
    ['an unknown department', ['--department', 'nobody'], 1, /no department "nobody"/],
    [
      'a missing file',
      ['--department', 'finance', join('/nonexistent', 'x.txt')],
      1,
      /cannot be read/,
    ],
    [
      '--out with two files',
      ['--department', 'finance', '--out', 'x.p7s', 'extra.txt'],
      2,
      /--out takes one input file/,
    ],
    ['an unknown level', ['--department', 'finance', '--level', 'B-LTX'], 2, /--level must be/],
  ] as [string, string[], number, RegExp][])('refuses %s', (_n, args, status, message) => {
    const r = signet(['sign', join(files, 'a.txt'), ...args, '--data-dir', dir]);
    expect(r.status).toBe(status);
    expect(errorLines(r.stderr).join('\n')).toMatch(message);
  });
});
