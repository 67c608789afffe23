/**
 * `signet sign --format pades` (issue 7): the real CLI signs a PDF that poppler's pdfsig calls valid
 * and trusted (the Signet root in a fresh NSS database), draws a visible seal on request, and
 * refuses what it cannot sign with one line, no output and nothing registered. pdfsig asks the
 * OCSP responder named in the certificate, so the CLI works on the data directory of a running
 * server, with SIGNET_PUBLIC_URL naming it, as an operator's would.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { errorLines, signet, signetJson } from '../helpers/cli';
import { tempDir } from '../helpers/openssl';
import { inkShare, renderArea } from '../helpers/render';
import { fetchCaFiles } from '../helpers/pki-files';
import { startServer, type RunningServer } from '../helpers/server';
import { nssDbTrustingRoot, pdfLibPdf, pdfsig, replaceOnce } from '../core/pades/helpers';

type Signed = {
  documents: { file: string; out: string; verificationCode: string; level: string }[];
};

describe('signet sign --format pades', () => {
  let server: RunningServer;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let files: string;
  let nss: string;
  let input: Buffer;
  const f = (name: string): string => join(files, name);
  const sign = (file: string, ...args: string[]) =>
    signet([
      'sign',
      file,
      '--department',
      'finance',
      '--format',
      'pades',
      ...args,
      '--data-dir',
      dir,
    ]);
  const documents = (): number => {
    const db = new Database(join(dir, 'signet.db'), { readonly: true });
    const n = (db.prepare('SELECT COUNT(*) AS n FROM documents').get() as { n: number }).n;
    db.close();
    return n;
  };

  beforeAll(async () => {
    server = await startServer();
    env = { SIGNET_PUBLIC_URL: server.url };
    dir = server.dataDir;
    files = tempDir('signet-cli-pades-files-');
    nss = nssDbTrustingRoot((await fetchCaFiles(server.url, files)).root);
    signetJson(
      ['department', 'add', 'finance', '--name', 'Finance Bureau', '--data-dir', dir],
      env,
    );
    signetJson(['cert', 'issue', '--department', 'finance', '--data-dir', dir], env);
    // Two pages of 595 x 842 units.
    input = Buffer.from(await pdfLibPdf(false));
    writeFileSync(f('notice.pdf'), input);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('writes NAME.signed.pdf, which pdfsig calls valid and trusted; one changed byte is a digest mismatch', () => {
    const r = signetJson<Signed>(
      [
        ...['sign', f('notice.pdf'), '--department', 'finance', '--format', 'pades'],
        ...['--level', 'B-T', '--data-dir', dir],
      ],
      env,
    );
    expect(r.documents).toHaveLength(1);
    const [d] = r.documents;
    expect(d).toMatchObject({ file: f('notice.pdf'), out: f('notice.signed.pdf'), level: 'B-T' });
    expect(d?.verificationCode).toMatch(/^[2-9A-Z]{4}(-[2-9A-Z]{4}){3}$/);
    const signed = readFileSync(f('notice.signed.pdf'));
    expect(signed.subarray(0, input.length).equals(input)).toBe(true); // an incremental update
    const verdict = pdfsig(nss, signed);
    expect(verdict).toContain('Signature Type: ETSI.CAdES.detached');
    expect(verdict).toContain('Signature is Valid.');
    expect(verdict).toContain('Certificate is Trusted.');

    // The first page's size, in the original revision: inside the first signed byte range.
    const changed = replaceOnce(signed, '0 0 595 842', '0 0 595 843');
    expect(pdfsig(nss, changed)).toContain('Digest Mismatch');

    // signet verify agrees on both: exit 0 and TOTAL_PASSED, then exit 1 and HASH_FAILURE.
    const ok = signet(['verify', f('notice.signed.pdf'), '--data-dir', dir], env);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^TOTAL_PASSED\n/);
    expect(ok.stdout).toContain('Signature 1 (PAdES-BASELINE-T): TOTAL_PASSED');
    expect(ok.stdout).toContain(`PDF field:   Signature1, signing the file's first`);
    writeFileSync(f('changed.pdf'), changed);
    const bad = signet(['verify', f('changed.pdf'), '--data-dir', dir], env);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/^TOTAL_FAILED \/ HASH_FAILURE\n/);
  });

  it('names the output NAME.signed.pdf for an input without .pdf, or --out, and says so in text', () => {
    writeFileSync(f('circular'), input);
    const r = sign(f('circular'), '--level', 'B-B');
    expect(r.status).toBe(0);
    expect(errorLines(r.stderr)).toEqual([]);
    expect(r.stdout).toMatch(
      new RegExp(
        `^${f('circular')}: signed \\(PAdES B-B\\), signed PDF in ${f('circular.signed.pdf')}\n  verification code [2-9A-Z-]{19}  http`,
      ),
    );
    expect(pdfsig(nss, readFileSync(f('circular.signed.pdf')))).toContain('Signature is Valid.');

    expect(sign(f('notice.pdf'), '--out', f('chosen.pdf')).status).toBe(0);
    expect(pdfsig(nss, readFileSync(f('chosen.pdf')))).toContain('Certificate is Trusted.');
  });

  it('draws a visible seal with --seal X,Y that renders and still verifies', () => {
    const r = sign(f('notice.pdf'), '--seal', '300,80', '--out', f('sealed.pdf'));
    expect(r.status).toBe(0);
    const verdict = pdfsig(nss, readFileSync(f('sealed.pdf')));
    expect(verdict).toContain('Signature is Valid.');
    expect(verdict).toContain('Certificate is Trusted.');

    // The default seal spans x 300-500, y 80-170 of page one.
    const area = renderArea(readFileSync(f('sealed.pdf')), [300, 80, 500, 170]);
    expect(inkShare(area)).toBeGreaterThan(1 / 20);
  });

  describe('refuses what it cannot sign with one line, no output and nothing registered', () => {
    it.each([
      ['a non-PDF', 'plain.txt.pdf', () => Buffer.from('plain text, not a PDF\n'), /not a PDF/],
      ['an empty file', 'empty.pdf', () => Buffer.alloc(0), /empty/],
      [
        'a truncated PDF',
        'truncated.pdf',
        () => input.subarray(0, Math.floor(input.length / 2)),
        /truncated/,
      ],
      [
        'an encrypted PDF',
        'encrypted.pdf',
        () => {
          execFileSync('qpdf', ['--encrypt', 'u', 'o', '256', '--', f('notice.pdf'), f('e.pdf')]);
          return readFileSync(f('e.pdf'));
        },
        /encrypted/,
      ],
    ] as [string, string, () => Buffer, RegExp][])('%s (exit 1)', (_n, name, bytes, message) => {
      writeFileSync(f(name), bytes());
      const before = documents();
      const r = sign(f(name));
      expect(r.status).toBe(1);
      const lines = errorLines(r.stderr);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^error: ${f(name)}: `));
      expect(lines[0]).toMatch(message);
      expect(existsSync(f(name.replace(/\.pdf$/, '.signed.pdf')))).toBe(false);
      expect(documents()).toBe(before);
    });

    it('a file larger than 256 MiB (exit 1), before reading it', () => {
      writeFileSync(f('huge.pdf'), input);
      truncateSync(f('huge.pdf'), 256 * 1024 * 1024 + 1); // sparse
      const before = documents();
      const r = sign(f('huge.pdf'));
      expect(r.status).toBe(1);
      expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/larger than 256 MiB/)]);
      expect(existsSync(f('huge.signed.pdf'))).toBe(false);
      expect(documents()).toBe(before);
    });

    it('a seal on a page the document does not have (exit 1)', () => {
      const before = documents();
      const r = sign(f('notice.pdf'), '--seal', '300,80,3', '--out', f('page3.pdf'));
      expect(r.status).toBe(1);
      expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/has no page 3/)]);
      expect(existsSync(f('page3.pdf'))).toBe(false);
      expect(documents()).toBe(before);
    });
  });

  it.each([
    ['a seal without Y', ['--seal', '300'], /--seal is X,Y/],
    ['a negative coordinate', ['--seal', '-5,80'], /--seal is X,Y/],
    ['a coordinate that is not a number', ['--seal', 'left,80'], /--seal is X,Y/],
    ['a coordinate beyond 14400', ['--seal', '300,14401'], /--seal is X,Y/],
    ['page 0', ['--seal', '300,80,0'], /--seal is X,Y/],
    ['a fractional page', ['--seal', '300,80,1.5'], /--seal is X,Y/],
    ['four values', ['--seal', '1,2,3,4'], /--seal is X,Y/],
    ['an empty coordinate', ['--seal', ',80'], /--seal is X,Y/],
    ['--seal with --format cades', ['--seal', '300,80', '--format', 'cades'], /--format pades/],
    ['an unknown format', ['--format', 'xades'], /--format must be cades or pades/],
    ['--out with two files', ['--out', 'x.pdf', 'other.pdf'], /several files get FILE.signed.pdf/],
  ] as [string, string[], RegExp][])('treats %s as a usage error (exit 2)', (_n, args, message) => {
    const before = documents();
    const r = sign(f('notice.pdf'), ...args);
    expect(r.status).toBe(2);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(message)]);
    expect(documents()).toBe(before);
  });
});
