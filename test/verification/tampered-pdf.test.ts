/**
 * PDFs signed by the real server (dist/), then tampered with by hand-written incremental updates
 * (test/helpers/tampered-pdfs.ts), verified alone through POST /api/v1/verify and `signet verify`:
 * none is TOTAL_PASSED, each names the change it found, and poppler shows what was forged. The
 * untampered ones (B-B, B-T, B-LT, countersigned, with a document time-stamp) stay TOTAL_PASSED;
 * bytes after %%EOF are a warning; a CMS in BER with indefinite lengths, as PDFBox writes it, reads.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pdfLibPdf } from '../core/pades/helpers';
import { withBerContents } from '../helpers/ber';
import { signet } from '../helpers/cli';
import { ecKeyAndCsr, tempDir } from '../helpers/openssl';
import { serverDocumentTimestamp } from '../helpers/server-document-timestamp';
import { startServer, type RunningServer } from '../helpers/server';
import { FORGED_TEXT, FORGED_TITLE, tamperedPdfs } from '../helpers/tampered-pdfs';

/** PDFBox 2 and BouncyCastle from Debian (libpdfbox2-java, libbcpkix-java). */
const PDFBOX_CLASSPATH = ['pdfbox2', 'fontbox2', 'commons-logging', 'bcprov', 'bcpkix', 'bcutil']
  .map((jar) => `/usr/share/java/${jar}.jar`)
  .join(':');
const PDFBOX_SIGN = join(__dirname, '..', 'helpers', 'PdfBoxSign.java');

/** What each case must be refused for: a description of a refused change. */
const REFUSED: Record<string, RegExp> = {
  'content stream replaced': /Object \d+ was changed/,
  'content stream replaced, with a /DSS comment': /Object \d+ was changed/,
  'content stream replaced, compressed': /Object \d+ was changed/,
  'page in an object stream pointing at new content, cross-reference stream':
    /Page object \d+ was changed/,
  'page added': /Page object \d+ was added/,
  'annotation added': /Page object \d+ was changed/,
  'unsigned signature field with an appearance added': /signature field that no new signature/,
  'signature field reusing the signed signature dictionary added':
    /signature field that no new signature/,
  'trailer /Info points to a new information dictionary': /trailer's \/Info was changed/,
  'information dictionary replaced': /Object \d+ was changed/,
  'trailer /Root points to a new catalog': /trailer's \/Root was changed/,
  'content stream given generation 1': /another generation number/,
  'content stream entry marked free': /Object \d+ was deleted/,
  'content stream listed twice in one cross-reference table': /listed twice/,
  'content stream redefined but not listed in the section': /no cross-reference section lists/,
  'hybrid section: /XRefStm moves the page into an object stream': /listed twice/,
  'object after the last %%EOF': /no cross-reference section lists/,
};
/** Cases whose update leaves no signature a reader can find: the file shows none. */
const UNSIGNED = ['new section chained past the signed revision'];
/** Cases whose forged text poppler shows (the others change metadata or need a repairing reader). */
const SHOWN = [
  'content stream replaced',
  'content stream replaced, with a /DSS comment',
  'content stream replaced, compressed',
  'page in an object stream pointing at new content, cross-reference stream',
  'page added',
  'annotation added',
  'unsigned signature field with an appearance added',
  'signature field reusing the signed signature dictionary added',
  'trailer /Root points to a new catalog',
  'new section chained past the signed revision',
  'object after the last %%EOF',
];

describe('verifying tampered PDFs (issue 13)', () => {
  let server: RunningServer;
  let files: string;
  let financeKey: string;
  let input: Buffer;
  const f = (n: string): string => join(files, n);
  const sign = async (key: string, level: string, body: Buffer): Promise<Buffer> => {
    const r = await fetch(`${server.url}/api/v1/sign?format=pades&level=${level}&name=n.pdf`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/pdf' },
      body,
    });
    expect(r.status).toBe(201);
    return Buffer.from(await r.arrayBuffer());
  };
  /** The report of POST /api/v1/verify for the PDF alone. */
  const apiVerdict = async (pdf: Buffer, query = ''): Promise<any> => {
    const form = new FormData();
    form.append('document', new Blob([pdf], { type: 'application/pdf' }), 'n.pdf');
    const r = await fetch(`${server.url}/api/v1/verify${query}`, { method: 'POST', body: form });
    expect(r.status).toBe(200);
    return r.json();
  };
  /** `signet verify FILE --json`: its exit status and report. */
  const cliVerdict = (pdf: Buffer, name: string): { status: number; report: any } => {
    writeFileSync(f(name), pdf);
    const r = signet(['verify', f(name), '--json', '--data-dir', server.dataDir], {
      SIGNET_PUBLIC_URL: server.url,
    });
    return { status: r.status, report: JSON.parse(r.stdout) };
  };
  const check = (signature: any, id: string): any =>
    signature.checks.find((c: { id: string }) => c.id === id);

  /** A document time-stamp (ETSI EN 319 142-1 5.4.3) over `pdf` from Signet's own TSA. */
  const documentTimestamp = (pdf: Buffer): Promise<Buffer> =>
    serverDocumentTimestamp(server.url, files, pdf);

  beforeAll(async () => {
    server = await startServer();
    files = tempDir('signet-tampered-');
    input = Buffer.from(await pdfLibPdf(false));
    const r = await fetch(`${server.url}/api/v1/departments`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${server.adminToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ id: 'finance', name: 'Finance Bureau' }),
    });
    financeKey = ((await r.json()) as any).apiKey;
    const cert = await fetch(`${server.url}/api/v1/certificates`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${server.adminToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ department: 'finance' }),
    });
    expect(cert.status).toBe(201);
  });
  afterAll(async () => {
    await server.stop();
  });

  describe('when the PDF was not tampered with', () => {
    const untampered: [string, () => Promise<Buffer>][] = [
      ['B-B', () => sign(server.demoApiKey, 'B-B', input)],
      ['B-T', () => sign(server.demoApiKey, 'B-T', input)],
      ['B-LT', () => sign(server.demoApiKey, 'B-LT', input)],
      [
        'countersigned by a second department',
        async () => sign(financeKey, 'B-T', await sign(server.demoApiKey, 'B-T', input)),
      ],
      [
        'with a document time-stamp',
        async () => documentTimestamp(await sign(server.demoApiKey, 'B-LT', input)),
      ],
    ];
    it.each(untampered)('reports %s TOTAL_PASSED through the API and the CLI', async (n, make) => {
      const pdf = await make();
      const report = await apiVerdict(pdf);
      expect(report.indication).toBe('TOTAL_PASSED');
      for (const signature of report.signatures) {
        expect(check(signature, 'changes_after')?.status ?? 'passed').toBe('passed');
        expect(check(signature, 'trailing_data')).toBeUndefined();
      }
      const cli = cliVerdict(pdf, `untampered-${n}.pdf`);
      expect(cli.status).toBe(0);
      expect(cli.report.indication).toBe('TOTAL_PASSED');
    });
  });

  describe('when bytes follow the last %%EOF', () => {
    it('warns with trailing_data and leaves the indication TOTAL_PASSED', async () => {
      const signed = await sign(server.demoApiKey, 'B-B', input);
      const padded = Buffer.concat([signed, Buffer.from('\n\0\0\0\0junk', 'latin1')]);
      const report = await apiVerdict(padded);
      expect(report.indication).toBe('TOTAL_PASSED');
      const [signature] = report.signatures;
      expect(check(signature, 'byte_range').status).toBe('passed');
      expect(check(signature, 'trailing_data')).toMatchObject({
        status: 'warning',
        reason: { id: 'trailing_data.after_eof', params: { bytes: 9 } },
        message: expect.stringContaining('9 bytes after the end of its last revision'),
      });
      const [zh] = (await apiVerdict(padded, '?lang=zh-CN')).signatures;
      expect(check(zh, 'trailing_data')).toMatchObject({
        name: 'PDF 结尾之后的数据',
        reason: { id: 'trailing_data.after_eof', params: { bytes: 9 } },
        message: expect.stringContaining('还有 9 个字节'),
      });
      expect(cliVerdict(padded, 'padded.pdf').status).toBe(0);
    });
  });

  describe('when the CMS in /Contents is BER with indefinite lengths (as PDFBox writes it)', () => {
    it('reports TOTAL_PASSED; a changed byte of the signed range is HASH_FAILURE', async () => {
      const signed = await sign(server.demoApiKey, 'B-T', input);
      const ber = withBerContents(signed);
      expect(ber.length).toBe(signed.length);
      expect(ber.equals(signed)).toBe(false);
      expect(ber.toString('latin1')).toMatch(/\/Contents <3080/);
      expect((await apiVerdict(ber)).indication).toBe('TOTAL_PASSED');

      const changed = Buffer.from(ber);
      changed[10] ^= 0x01; // the header's binary comment (ISO 32000-1 7.5.2)
      const broken = await apiVerdict(changed);
      expect([broken.indication, broken.subIndication]).toEqual(['TOTAL_FAILED', 'HASH_FAILURE']);
    });

    it('reports a PDF signed by PDFBox 2 and BouncyCastle with a Signet-issued key TOTAL_PASSED', async () => {
      ecKeyAndCsr(f('pdfbox.key'), f('pdfbox.csr'), '/CN=pdfbox');
      const issued = signet(
        ['cert', 'issue', '--department', 'finance', '--csr', f('pdfbox.csr'), '--json'].concat([
          '--data-dir',
          server.dataDir,
        ]),
        { SIGNET_PUBLIC_URL: server.url },
      );
      writeFileSync(f('pdfbox.pem'), (JSON.parse(issued.stdout) as any).certificate);
      writeFileSync(f('input.pdf'), input);
      const java = spawnSync(
        'java',
        ['-cp', PDFBOX_CLASSPATH, PDFBOX_SIGN, f('input.pdf'), f('pdfbox.pdf')].concat([
          f('pdfbox.key'),
          f('pdfbox.pem'),
        ]),
        { encoding: 'utf8', timeout: 120_000 },
      );
      expect({ status: java.status, stderr: java.stderr }).toMatchObject({ status: 0 });
      const signed = readFileSync(f('pdfbox.pdf'));
      // BouncyCastle's CMSSignedData.getEncoded() writes BER with indefinite lengths.
      expect(signed.toString('latin1')).toMatch(/\/Contents <3080/);
      const report = await apiVerdict(signed);
      expect(report.indication).toBe('TOTAL_PASSED');
      expect(report.signatures[0].signer.name).toBe('Finance Bureau');
      expect(cliVerdict(signed, 'pdfbox-verified.pdf').report.indication).toBe('TOTAL_PASSED');

      const changed = Buffer.from(signed);
      changed[10] ^= 0x01;
      expect((await apiVerdict(changed)).subIndication).toBe('HASH_FAILURE');
    }, 180_000);
  });
  describe('when an incremental update tampered with the signed PDF', () => {
    let cases: { name: string; bytes: Buffer }[];
    beforeAll(async () => {
      cases = tamperedPdfs(await sign(server.demoApiKey, 'B-T', input));
    });

    it('has every case of the corpus, each a change poppler reads', () => {
      expect(cases.map((c) => c.name).sort()).toEqual(
        [...Object.keys(REFUSED), ...UNSIGNED].sort(),
      );
      for (const c of cases) {
        writeFileSync(f('case.pdf'), c.bytes);
        const text = spawnSync('pdftotext', [f('case.pdf'), '-'], { encoding: 'utf8' }).stdout;
        const info = spawnSync('pdfinfo', [f('case.pdf')], { encoding: 'utf8' }).stdout;
        if (SHOWN.includes(c.name))
          expect([c.name, text]).toEqual([c.name, expect.stringContaining(FORGED_TEXT)]);
        if (c.name.includes('nformation')) expect(info).toContain(FORGED_TITLE);
      }
    });

    it('reports none TOTAL_PASSED through the API, naming the change', async () => {
      for (const c of cases) {
        const report = await apiVerdict(c.bytes);
        const refused = REFUSED[c.name];
        if (!refused) {
          expect([c.name, report.indication, report.subIndication]).toEqual([
            c.name,
            'INDETERMINATE',
            'FORMAT_FAILURE',
          ]);
          continue;
        }
        expect([c.name, report.indication, report.subIndication]).toEqual([
          c.name,
          'INDETERMINATE',
          'SIG_CONSTRAINTS_FAILURE',
        ]);
        const [signature] = report.signatures;
        expect(check(signature, 'signature_value').status).toBe('passed');
        expect(check(signature, 'changes_after').status).toBe('failed');
        const descriptions = signature.pdf.changesAfter
          .filter((change: any) => !change.allowed)
          .map((change: any) => change.description);
        expect([c.name, descriptions]).toEqual([
          c.name,
          expect.arrayContaining([expect.stringMatching(refused)]),
        ]);
      }
    });

    // Each run of the CLI starts Node and opens the data directory: a few seconds each.
    it('reports none TOTAL_PASSED through signet verify, which exits 1', () => {
      for (const c of cases) {
        const { status, report } = cliVerdict(c.bytes, 'tampered.pdf');
        expect([c.name, status]).toEqual([c.name, 1]);
        expect(report.indication).not.toBe('TOTAL_PASSED');
      }
    }, 300_000);
  });
});
