import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { tempDir } from '../helpers/openssl';
import { appendTextByHand } from '../helpers/pdf-by-hand';
import { inkShare, renderArea } from '../helpers/render';
import { fetchCaFiles } from '../helpers/pki-files';
import { samplePdf } from '../helpers/sample-pdf';
import { startServer, type RunningServer } from '../helpers/server';

/** pdfsig's verdict lines, with the root trusted in a fresh NSS database. */
function pdfsig(nssDir: string, file: string): string {
  try {
    return execFileSync('pdfsig', ['-nssdir', `sql:${nssDir}`, file], { stdio: 'pipe' }).toString();
  } catch (error) {
    return String((error as { stdout?: Buffer }).stdout ?? '');
  }
}

describe('PAdES signing over HTTP (format=pades)', () => {
  let server: RunningServer;
  let files: string;
  let nss: string;
  let input: Buffer;
  let financeKey: string;
  let sealKey: string;
  const f = (n: string): string => join(files, n);
  const signPdf = (key: string, level: string, body: Buffer | string, type = 'application/pdf') =>
    fetch(`${server.url}/api/v1/sign?format=pades&level=${level}&name=notice.pdf`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': type },
      body,
    });
  /** Signet's own verdict on a PDF sent alone to POST /api/v1/verify. */
  const signetVerdict = async (pdf: Buffer): Promise<any> => {
    const form = new FormData();
    form.append('document', new Blob([pdf], { type: 'application/pdf' }), 'notice.pdf');
    const r = await fetch(`${server.url}/api/v1/verify`, { method: 'POST', body: form });
    expect(r.status).toBe(200);
    return r.json();
  };
  const check = (signature: any, id: string): any =>
    signature.checks.find((c: { id: string }) => c.id === id);
  const documents = (): number => {
    const db = new Database(join(server.dataDir, 'signet.db'), { readonly: true });
    const n = (db.prepare('SELECT COUNT(*) AS n FROM documents').get() as { n: number }).n;
    db.close();
    return n;
  };

  beforeAll(async () => {
    server = await startServer();
    files = tempDir('signet-pades-');
    const ca = await fetchCaFiles(server.url, files);
    nss = tempDir('signet-nss-');
    execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
    execFileSync('certutil', [
      '-A',
      '-d',
      `sql:${nss}`,
      '-n',
      'signet-root',
      '-t',
      'CT,C,C',
      '-i',
      ca.root,
    ]);
    input = await samplePdf();
    const admin = (path: string, body: unknown) =>
      fetch(server.url + path, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${server.adminToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });
    financeKey = (
      (await (
        await admin('/api/v1/departments', { id: 'finance', name: 'Finance Bureau' })
      ).json()) as any
    ).apiKey;
    expect((await admin('/api/v1/certificates', { department: 'finance' })).status).toBe(201);
    sealKey = (
      (await (
        await admin('/api/v1/departments', { id: 'bjcz', name: '北京市财政局' })
      ).json()) as any
    ).apiKey;
    expect((await admin('/api/v1/certificates', { department: 'bjcz' })).status).toBe(201);
  });
  afterAll(async () => {
    await server.stop();
  });

  it.each(['B-B', 'B-T', 'B-LT'])(
    'answers a %s PDF that pdfsig calls valid and trusted; one changed byte is a digest mismatch',
    async (level) => {
      const r = await signPdf(server.demoApiKey, level, input);
      expect(r.status).toBe(201);
      expect(r.headers.get('content-type')).toBe('application/pdf');
      expect(r.headers.get('signet-verification-code')).toMatch(/^[2-9A-Z]{4}(-[2-9A-Z]{4}){3}$/);
      const signed = Buffer.from(await r.arrayBuffer());
      expect(signed.subarray(0, input.length).equals(input)).toBe(true); // an incremental update: nothing rewritten
      writeFileSync(f(`${level}.pdf`), signed);
      const verdict = pdfsig(nss, f(`${level}.pdf`));
      expect(verdict).toContain('Signature Type: ETSI.CAdES.detached');
      expect(verdict).toContain('Signature is Valid.');
      expect(verdict).toContain('Certificate is Trusted.');
      const report = await signetVerdict(signed);
      expect(report.indication).toBe('TOTAL_PASSED');
      expect(report.signatures).toHaveLength(1);
      expect(report.signatures[0].format).toBe(`PAdES-BASELINE-${level.slice(2)}`);
      expect(check(report.signatures[0], 'byte_range').status).toBe('passed');
      expect(check(report.signatures[0], 'changes_after').status).toBe('passed');
      expect(report.document.registered.verificationCode).toBe(
        r.headers.get('signet-verification-code'),
      );

      // A byte of the original document, inside the signed range (its content stream is
      // compressed, so not the text itself: a byte of the page's content stream data).
      const changed = Buffer.from(signed);
      const at = changed.indexOf('stream\n', changed.indexOf('/FlateDecode')) + 10;
      expect(at).toBeGreaterThan(10);
      expect(at).toBeLessThan(input.length);
      changed[at] ^= 0x01;
      writeFileSync(f(`${level}-changed.pdf`), changed);
      expect(pdfsig(nss, f(`${level}-changed.pdf`))).toContain('Digest Mismatch');
      const broken = await signetVerdict(changed);
      expect(broken.indication).toBe('TOTAL_FAILED');
      expect(broken.subIndication).toBe('HASH_FAILURE');
    },
  );

  it('answers a B-LTA PDF (DSS, then a document time-stamp) that pdfsig calls valid and Signet PAdES-BASELINE-LTA; renewal adds another', async () => {
    const r = await signPdf(server.demoApiKey, 'B-LTA', input);
    expect(r.status).toBe(201);
    const signed = Buffer.from(await r.arrayBuffer());
    expect(signed.subarray(0, input.length).equals(input)).toBe(true);
    writeFileSync(f('B-LTA.pdf'), signed);
    const verdict = pdfsig(nss, f('B-LTA.pdf'));
    expect(verdict).toContain('Signature Type: ETSI.CAdES.detached');
    // poppler lists the document time-stamp (whole file, the TSA as signer) but does not judge
    // RFC 3161 tokens: the signature it judges is the CAdES one, before it.
    expect(verdict).toContain(
      'Signer Certificate Common Name: Signet Development Time Stamping Authority',
    );
    expect(verdict).toContain('Total document signed');
    expect(verdict.match(/Signature is Valid\./g)).toHaveLength(1);
    expect(verdict).toContain('Certificate is Trusted.');
    const report = await signetVerdict(signed);
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.signatures.map((s: any) => s.format)).toEqual([
      'PAdES-BASELINE-LTA',
      'PAdES document time-stamp',
    ]);

    const renewal = await fetch(`${server.url}/api/v1/archive/renew`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.demoApiKey}`, 'content-type': 'application/pdf' },
      body: signed,
    });
    expect(renewal.status).toBe(200);
    expect(renewal.headers.get('content-type')).toMatch(/^application\/pdf/);
    const renewed = Buffer.from(await renewal.arrayBuffer());
    expect(renewed.subarray(0, signed.length).equals(signed)).toBe(true);
    const again = await signetVerdict(renewed);
    expect(again.indication).toBe('TOTAL_PASSED');
    expect(again.signatures.map((s: any) => s.format)).toEqual([
      'PAdES-BASELINE-LTA',
      'PAdES document time-stamp',
      'PAdES document time-stamp',
    ]);
    writeFileSync(f('B-LTA-renewed.pdf'), renewed);
    expect(pdfsig(nss, f('B-LTA-renewed.pdf')).match(/Signature is Valid\./g)).toHaveLength(1);

    const changed = Buffer.from(signed);
    const at = changed.indexOf('stream\n', changed.indexOf('/FlateDecode')) + 10;
    changed[at] ^= 0x01;
    writeFileSync(f('B-LTA-changed.pdf'), changed);
    expect(pdfsig(nss, f('B-LTA-changed.pdf'))).toContain('Digest Mismatch');
    expect((await signetVerdict(changed)).indication).toBe('TOTAL_FAILED');
  });

  it('lets a second department countersign without breaking the first signature', async () => {
    const first = Buffer.from(await (await signPdf(server.demoApiKey, 'B-T', input)).arrayBuffer());
    const second = await signPdf(financeKey, 'B-T', first);
    expect(second.status).toBe(201);
    const both = Buffer.from(await second.arrayBuffer());
    expect(both.subarray(0, first.length).equals(first)).toBe(true);
    writeFileSync(f('countersigned.pdf'), both);
    const verdict = pdfsig(nss, f('countersigned.pdf'));
    expect(verdict.match(/Signature is Valid\./g)).toHaveLength(2);
    expect(verdict.match(/Certificate is Trusted\./g)).toHaveLength(2);

    const report = await signetVerdict(both);
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.signatures.map((s: any) => s.indication)).toEqual([
      'TOTAL_PASSED',
      'TOTAL_PASSED',
    ]);
    expect(report.signatures.map((s: any) => s.signer.department)).toEqual(['demo', 'finance']);
    // The first signature sees the second revision as an allowed change; the second sees none.
    const [earlier, later] = report.signatures;
    expect(earlier.pdf.signedBytes).toBe(first.length);
    expect(earlier.pdf.changesAfter.length).toBeGreaterThan(0);
    expect(earlier.pdf.changesAfter.every((c: any) => c.allowed)).toBe(true);
    expect(earlier.pdf.changesAfter.map((c: any) => c.kind)).toContain('signature');
    expect(check(earlier, 'changes_after').status).toBe('passed');
    expect(later.pdf.changesAfter).toEqual([]);
  });

  it('reports text added by an incremental update after signing, a change pdfsig only calls "not total document signed"', async () => {
    const signed = Buffer.from(
      await (await signPdf(server.demoApiKey, 'B-T', input)).arrayBuffer(),
    );
    const changed = appendTextByHand(signed, 'Amount: 1,000,000 yuan');
    writeFileSync(f('appended.pdf'), changed);
    // The update is a real one: poppler shows the new text, and calls the signed range valid.
    expect(execFileSync('pdftotext', [f('appended.pdf'), '-']).toString()).toContain(
      'Amount: 1,000,000 yuan',
    );
    const poppler = pdfsig(nss, f('appended.pdf'));
    expect(poppler).toContain('Signature is Valid.');
    expect(poppler).toContain('Not total document signed');

    const report = await signetVerdict(changed);
    expect(report.indication).toBe('INDETERMINATE');
    expect(report.subIndication).toBe('SIG_CONSTRAINTS_FAILURE');
    const [signature] = report.signatures;
    expect(check(signature, 'signature_value').status).toBe('passed');
    expect(check(signature, 'changes_after').status).toBe('failed');
    expect(signature.pdf.changesAfter.some((c: any) => !c.allowed && c.kind === 'other')).toBe(
      true,
    );
    expect(report.summary).toMatch(/changed after this signature/);
  });

  describe('with a visible seal (seal=1)', () => {
    const sealed = (key: string, query: string) =>
      fetch(`${server.url}/api/v1/sign?format=pades&level=B-T&${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/pdf' },
        body: input,
      });

    it('draws the seal where asked, shows the registered code, and still verifies', async () => {
      // The sample page is 612 x 792 (pdf-lib's default); the seal spans x 360-560, y 80-170.
      const r = await sealed(sealKey, 'seal=1&sealPage=1&sealX=360&sealY=80');
      expect(r.status).toBe(201);
      const code = r.headers.get('signet-verification-code') ?? '';
      writeFileSync(f('sealed.pdf'), Buffer.from(await r.arrayBuffer()));
      const verdict = pdfsig(nss, f('sealed.pdf'));
      expect(verdict).toContain('Signature is Valid.');
      expect(verdict).toContain('Certificate is Trusted.');

      // The seal's area, rendered at 72 dpi (one pixel per unit), is no longer blank.
      const area = renderArea(readFileSync(f('sealed.pdf')), [360, 80, 560, 170], {
        pageHeight: 792,
      });
      expect(inkShare(area)).toBeGreaterThan(1 / 20);

      // The code the seal shows is the one registered, chosen before the PDF was signed.
      const text = execFileSync('pdftotext', [
        '-f',
        '1',
        '-l',
        '1',
        f('sealed.pdf'),
        '-',
      ]).toString();
      expect(text).toContain('北京市财政局');
      expect(text).toContain(code);
      expect((await fetch(`${server.url}/api/v1/documents/${code}`)).status).toBe(200);
      expect((await signetVerdict(readFileSync(f('sealed.pdf')))).indication).toBe('TOTAL_PASSED');
    });

    it.each([
      ['no position', 'seal=1'],
      ['a negative coordinate', 'seal=1&sealX=-5&sealY=80'],
      ['a coordinate that is not a number', 'seal=1&sealX=left&sealY=80'],
      ['page 0', 'seal=1&sealPage=0&sealX=360&sealY=80'],
      ['a position without seal=1', 'sealX=360&sealY=80'],
      ['seal=yes', 'seal=yes&sealX=360&sealY=80'],
    ])('refuses %s with a 400 and registers nothing', async (_n, query) => {
      const before = documents();
      const r = await sealed(sealKey, query);
      expect(r.status).toBe(400);
      expect(((await r.json()) as any).error.code).toBe('INVALID_REQUEST');
      expect(documents()).toBe(before);
    });
  });

  describe('POST /api/v1/verify with a PDF Signet cannot confirm', () => {
    let signed: Buffer;
    beforeAll(async () => {
      signed = Buffer.from(await (await signPdf(server.demoApiKey, 'B-T', input)).arrayBuffer());
    });

    it.each([
      [
        'a PDF cut short before its first cross-reference table',
        () => signed.subarray(0, 600),
        /cannot be read/,
      ],
      // What is left is the unsigned original revision, which a reader shows without a signature.
      [
        'a signed PDF cut short inside its signature',
        () => signed.subarray(0, input.length + 900),
        /holds no signature/,
      ],
      ['a PDF without a signature', () => input, /holds no signature/],
      [
        'an encrypted PDF',
        () => {
          writeFileSync(f('to-encrypt.pdf'), signed);
          execFileSync('qpdf', [
            ...['--encrypt', 'user', 'owner', '256', '--'],
            ...[f('to-encrypt.pdf'), f('encrypted-signed.pdf')],
          ]);
          return readFileSync(f('encrypted-signed.pdf'));
        },
        /encrypted/,
      ],
    ] as [string, () => Buffer, RegExp][])(
      'answers %s with an INDETERMINATE/FORMAT_FAILURE report',
      async (_n, pdf, why) => {
        const report = await signetVerdict(pdf());
        expect(report.indication).toBe('INDETERMINATE');
        expect(report.subIndication).toBe('FORMAT_FAILURE');
        expect(report.summary).toMatch(why);
      },
    );

    it('reports a signature whose /Contents is not a CMS as unreadable, with its place in the file', async () => {
      const broken = Buffer.from(signed);
      const contents = broken.indexOf('/Contents <') + '/Contents <'.length;
      broken.write('FFFF', contents, 'latin1');
      const report = await signetVerdict(broken);
      expect(report.indication).toBe('INDETERMINATE');
      expect(report.subIndication).toBe('FORMAT_FAILURE');
      expect(report.signatures[0].pdf.field).toBe('Signature1');
    });

    it('refuses a PDF alone larger than 64 MiB with 413 PDF_TOO_LARGE', async () => {
      const huge = Buffer.concat([input, Buffer.alloc(64 * 1024 * 1024)]);
      const form = new FormData();
      form.append('document', new Blob([huge], { type: 'application/pdf' }), 'huge.pdf');
      const r = await fetch(`${server.url}/api/v1/verify`, { method: 'POST', body: form });
      expect(r.status).toBe(413);
      expect(((await r.json()) as any).error.code).toBe('PDF_TOO_LARGE');
    });
  });

  it.each([
    ['an empty body', () => Buffer.alloc(0), 'application/pdf', 400, 'EMPTY_DOCUMENT'],
    [
      'a non-PDF',
      () => Buffer.from('plain text, not a PDF'),
      'application/pdf',
      400,
      'MALFORMED_PDF',
    ],
    [
      'a truncated PDF',
      () => input.subarray(0, Math.floor(input.length / 2)),
      'application/pdf',
      400,
      'MALFORMED_PDF',
    ],
    [
      'an encrypted PDF',
      () => {
        writeFileSync(f('plain.pdf'), input);
        execFileSync('qpdf', [
          '--encrypt',
          'user',
          'owner',
          '256',
          '--',
          f('plain.pdf'),
          f('encrypted.pdf'),
        ]);
        return readFileSync(f('encrypted.pdf'));
      },
      'application/pdf',
      400,
      'ENCRYPTED_PDF',
    ],
    [
      'a wrong content type',
      () => input,
      'application/octet-stream',
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
  ] as [string, () => Buffer, string, number, string][])(
    'refuses %s with a 4xx and registers nothing',
    async (_n, body, type, status, code) => {
      const before = documents();
      const r = await signPdf(server.demoApiKey, 'B-T', body(), type);
      expect(r.status).toBe(status);
      expect(((await r.json()) as any).error.code).toBe(code);
      expect(documents()).toBe(before);
    },
  );
});
