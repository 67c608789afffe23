/**
 * The citizen verification page (issue 6) in a real browser: Debian's Chromium, driven by
 * playwright-core, against the real server (`startServer`, which runs dist/: `npm test` builds
 * first). Documents are signed through the API with the demo department's key, then checked on the
 * page the way a citizen does: dropped, chosen, by code, by link. Every request the page makes is
 * recorded to prove that a document never leaves the browser.
 *
 * Needs: chromium (Debian), zbar-tools (zbarimg, an independent QR decoder), fonts-wqy-microhei
 * (Chinese glyphs in the screenshots); .ci/run installs them.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { ecKeyAndCsr, FOREIGN_SIGNER, opensslCmsSign, tempDir } from '../helpers/openssl';
import { samplePdf } from '../helpers/sample-pdf';
import { MAX_PDF_BYTES } from '../../src/verification/limits';
import { serverDocumentTimestamp } from '../helpers/server-document-timestamp';
import { tamperedPdfs } from '../helpers/tampered-pdfs';
import { startServer, type RunningServer } from '../helpers/server';
import {
  appendUpdate,
  cspViolations,
  dropFiles,
  isGreen,
  launchChromium,
  message,
  openPage,
  outcome,
  PHONE,
  runAxe,
  screenshot,
  SCREENSHOTS,
  signedPdf,
  verdict,
  visibleTexts,
  type Watched,
} from './browser';

// Functions given to page.evaluate run in the browser: its globals, for these files only
// (tsconfig has no DOM library).
declare const document: any, getComputedStyle: any;

jest.setTimeout(180_000);

/** Size of the large-document test: 1 GiB, as the issue asks; SIGNET_WEB_LARGE_BYTES to change. */
const LARGE = Number(process.env.SIGNET_WEB_LARGE_BYTES ?? 1024 ** 3);

interface Signed {
  id: string;
  verificationCode: string;
  verifyUrl: string;
  signedAt: string;
  signature: string;
  bytes: Buffer;
  p7s: Buffer;
}

describe('the citizen verification page', () => {
  let server: RunningServer;
  let browser: Browser;
  const open: Watched[] = [];
  let valid: Signed;

  const api = async (path: string, init: RequestInit = {}): Promise<any> => {
    const res = await fetch(server.url + path, init);
    const body = await res.json();
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };
  const postJson = (token: string, path: string, body: unknown) =>
    api(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const departmentPost = (path: string, body: unknown) => postJson(server.demoApiKey, path, body);
  const sign = async (bytes: Buffer, name: string): Promise<Signed> => {
    const answer = await api(`/api/v1/sign?format=cades&level=B-T&name=${name}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${server.demoApiKey}`,
        'content-type': 'application/octet-stream',
      },
      body: bytes,
    });
    return { ...answer, bytes, p7s: Buffer.from(answer.signature, 'base64') };
  };
  const signDigest = async (hex: string, name: string): Promise<Buffer> => {
    const answer = await departmentPost(`/api/v1/sign/digest?level=B-T&name=${name}`, {
      digestAlgorithm: 'sha256',
      digest: hex,
    });
    return Buffer.from(answer.signature, 'base64');
  };
  const page = async (path = '/verify', options = {}): Promise<Watched> => {
    const watched = await openPage(browser, server.url + path, options);
    open.push(watched);
    return watched;
  };
  const notice = (title: string): Buffer =>
    Buffer.concat([
      Buffer.from(`${title}\nIssued by the Demo Department.\n`),
      randomBytes(200 * 1024), // unique bytes: their absence from every request is checkable
    ]);
  const dropSigned = (w: Watched, s: Signed, bytes = s.bytes) =>
    dropFiles(w.page, [
      { name: 'notice.txt', bytes, type: 'text/plain' },
      { name: 'notice.txt.p7s', bytes: s.p7s, type: 'application/pkcs7-signature' },
    ]);

  /** Proves that no request of the page carried the document: not raw, not base64, not hex. */
  const expectDocumentNeverSent = (w: Watched, document: Buffer): void => {
    const windows = [0, 1, 2, 4096, document.length - 64].map((at) =>
      document.subarray(at, at + 48),
    );
    for (const request of w.sent) {
      // A file posted from a FormData has no recorded body: none may be posted unseen.
      if (request.method === 'POST') expect(request.body).not.toBeNull();
      const body = request.body ?? Buffer.alloc(0);
      const text = body.toString('latin1');
      for (const w48 of windows) {
        expect(body.includes(w48)).toBe(false);
        for (const shift of [0, 1, 2]) {
          const b64 = w48.subarray(shift).toString('base64').slice(4, 40);
          expect(text.includes(b64)).toBe(false);
        }
        expect(text.toLowerCase().includes(w48.toString('hex'))).toBe(false);
      }
      expect(decodeURIComponent(request.url)).not.toContain(document.subarray(0, 24).toString());
      expect(body.length).toBeLessThan(document.length);
    }
  };
  const verifyPosts = (w: Watched) =>
    w.sent.filter(
      (r) => r.method === 'POST' && r.url.split('?')[0] === `${server.url}/api/v1/verify`,
    );

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    valid = await sign(
      notice('Notice 2025-17 on the opening hours of the registry office'),
      'notice.txt',
    );
  });
  afterEach(async () => {
    for (const w of open.splice(0)) {
      expect(w.problems).toEqual([]);
      expect(await cspViolations(w.page)).toEqual([]);
      await w.context.close();
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    console.log(`Screenshots of the verification page: ${SCREENSHOTS}`);
  });

  describe('the page itself', () => {
    it('loads under the strict CSP with every resource from Signet itself', async () => {
      const w = await page();
      const response = await fetch(`${server.url}/verify`);
      expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      expect(response.headers.get('content-security-policy')).not.toMatch(/unsafe-inline/);
      expect(w.sent.length).toBeGreaterThan(3);
      for (const r of w.sent) expect(r.url.startsWith(server.url)).toBe(true);
      expect(await w.page.locator('main h1').innerText()).toBe('这份公文是真的吗？');
    });

    it('hashes like Node (SHA-256, SHA-384, SHA-512) at every block boundary and range split', async () => {
      const w = await page();
      for (const algorithm of ['sha256', 'sha384', 'sha512']) {
        for (const size of [0, 1, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129, 1000, 70_001]) {
          const data = randomBytes(size);
          // A string, so that the page's own worker bundle is what runs.
          const got = await w.page.evaluate(`new Promise((resolve, reject) => {
            const bytes = Uint8Array.from(atob('${data.toString('base64')}'), (c) => c.charCodeAt(0));
            // Ranges of changing sizes: 7, 21, 63, 189, 53... bytes, each fed to the hash apart.
            const ranges = [];
            for (let at = 0, step = 7; at < bytes.length; at += step, step = (step * 3) % 257) {
              ranges.push([at, Math.min(bytes.length, at + step)]);
            }
            const worker = new Worker('/verify/assets/worker.js', { type: 'module' });
            worker.onmessage = ({ data }) => {
              if (data.digest !== undefined) resolve(data.digest);
              else if (data.error) reject(new Error(data.error));
            };
            worker.onerror = (e) => reject(new Error(e.message));
            worker.postMessage({ kind: 'hash', file: new Blob([bytes]), ranges, algorithm: '${algorithm}' });
          })`);
          expect([algorithm, size, got]).toEqual([
            algorithm,
            size,
            createHash(algorithm).update(data).digest('hex'),
          ]);
        }
      }
    });

    it('tells the reader that the document stays on the device', async () => {
      const w = await page('/verify', { locale: 'en-US' });
      expect(await w.page.locator('.privacy').innerText()).toMatch(
        /stays on this device.*only that fingerprint and the signature are sent.*never the document itself/s,
      );
    });
  });

  describe('a document and its .p7s signature dropped on the page', () => {
    it('is authentic, with the department and the time-stamp time', async () => {
      const w = await page();
      await dropSigned(w, valid);
      const shown = await verdict(w.page);
      expect(shown.verdict).toBe('authentic');
      expect(shown.title).toBe('真实有效');
      expect(shown.icon).toBe('verdict-ok');
      expect(isGreen(shown.background)).toBe(true);
      expect(shown.text).toContain('Demo Department');
      expect(shown.text).toContain(valid.verificationCode);
      // The time of the time-stamp, in the reader's language and time zone.
      const stamped = new Intl.DateTimeFormat('zh-CN', {
        dateStyle: 'long',
        timeStyle: 'long',
        timeZone: 'Asia/Shanghai',
      }).format(new Date(valid.signedAt));
      expect(shown.text).toMatch(new RegExp(`${stamped.slice(0, 11)}.*经可信时间戳确认`));
      await screenshot(w.page, 'authentic-desktop-zh');

      const phone = await page('/verify', { ...PHONE, locale: 'en-US' });
      await dropSigned(phone, valid);
      const english = await verdict(phone.page);
      expect(english.title).toBe('Authentic');
      expect(english.text).toMatch(/confirmed by a trusted timestamp/);
      await screenshot(phone.page, 'authentic-phone-en', false);
      await screenshot(phone.page, 'authentic-phone-en-full');
    });

    it('sends only the digest and the signature, never the document', async () => {
      const w = await page();
      await dropSigned(w, valid);
      await verdict(w.page);
      const changed = Buffer.from(valid.bytes);
      changed[100] ^= 0x01;
      await w.page.locator('button[type=reset]').click();
      await w.page.locator('#result [data-verdict]').waitFor({ state: 'detached' });
      await dropSigned(w, valid, changed);
      await verdict(w.page);

      const posts = verifyPosts(w);
      expect(posts).toHaveLength(2);
      const bodies = posts.map((p) => JSON.parse(p.body?.toString() ?? '{}'));
      for (const [i, document] of [valid.bytes, changed].entries()) {
        expect(Object.keys(bodies[i]).sort()).toEqual(['digest', 'signature']);
        expect(bodies[i].digest).toEqual({
          algorithm: 'sha256',
          value: createHash('sha256').update(document).digest('hex'),
        });
        expect(bodies[i].signature).toBe(valid.signature);
      }
      // Nothing else left the browser but the page's own files and these two reports.
      for (const r of w.sent.filter((r) => !posts.includes(r))) {
        expect([r.method, new URL(r.url).pathname]).toEqual([
          'GET',
          expect.stringMatching(/^\/verify/),
        ]);
      }
      expectDocumentNeverSent(w, valid.bytes);
      expectDocumentNeverSent(w, changed);
    });

    it('one changed byte: NOT authentic, and why', async () => {
      const changed = Buffer.from(valid.bytes);
      changed[changed.length - 1] ^= 0x80;
      const w = await page();
      await dropSigned(w, valid, changed);
      const shown = await verdict(w.page);
      expect(shown.verdict).toBe('failed');
      expect(shown.title).toBe('不是真实文件');
      expect(shown.icon).toBe('verdict-bad');
      expect(isGreen(shown.background)).toBe(false);
      expect(shown.text).toContain('文件在签名后被改动过');
      // Every check of the report is listed, behind a disclosure.
      await w.page.locator('details.checks summary').click();
      expect(await w.page.locator('.check--failed[data-check="message_digest"]').count()).toBe(1);
      await screenshot(w.page, 'not-authentic-desktop-zh');

      const phone = await page('/verify', { ...PHONE, locale: 'en-US' });
      await dropSigned(phone, valid, changed);
      expect((await verdict(phone.page)).title).toBe('NOT authentic');
      await screenshot(phone.page, 'not-authentic-phone-en', false);
      await screenshot(phone.page, 'not-authentic-phone-en-full');
    });

    it('a rescinded document: not green, with the reason', async () => {
      const rescinded = await sign(notice('Notice 2025-18, withdrawn'), 'withdrawn.txt');
      const reason = 'Issued in error: the opening hours were wrong.';
      await departmentPost(`/api/v1/documents/${rescinded.id}/rescind`, { reason });
      const w = await page('/verify', { locale: 'en-US' });
      await dropSigned(w, rescinded);
      const shown = await verdict(w.page);
      expect(shown.verdict).toBe('rescinded');
      expect(shown.title).toBe('Rescinded: no longer valid');
      expect(shown.icon).toBe('verdict-withdrawn');
      expect(isGreen(shown.background)).toBe(false);
      expect(shown.text).toContain(reason);
      expect(shown.text).not.toMatch(/^Authentic$/m);
      await screenshot(w.page, 'rescinded-desktop-en');
    });

    it('a superseded document links to the one that replaces it', async () => {
      const old = await sign(notice('Notice 2025-19'), 'old.txt');
      const replacement = await sign(notice('Notice 2025-19, corrected'), 'new.txt');
      await departmentPost(`/api/v1/documents/${old.id}/rescind`, {
        reason: 'Corrected version issued.',
        supersededBy: replacement.id,
      });
      const w = await page('/verify', { locale: 'en-US' });
      await dropSigned(w, old);
      const shown = await verdict(w.page);
      expect(shown.verdict).toBe('superseded');
      expect(isGreen(shown.background)).toBe(false);
      const link = w.page.locator(`#result a[href="/verify/${replacement.verificationCode}"]`);
      await link.click();
      await w.page.waitForURL(`**/verify/${replacement.verificationCode}`);
      const entry = await verdict(w.page);
      expect(entry.verdict).toBe('registry-valid');
      expect(entry.text).toContain('new.txt');
    });

    it('the files chosen with the file inputs, as by keyboard, give the same verdict', async () => {
      const w = await page('/verify', { locale: 'en-US' });
      await w.page.setInputFiles('#signature-input', {
        name: 'notice.p7s',
        mimeType: 'application/pkcs7-signature',
        buffer: valid.p7s,
      });
      expect((await message(w.page)).key).toBe('error.onlySignature.text');
      await w.page.setInputFiles('#document-input', {
        name: 'notice.txt',
        mimeType: 'text/plain',
        buffer: valid.bytes,
      });
      expect((await verdict(w.page)).verdict).toBe('authentic');
      expect(await w.page.locator('#document-chosen').innerText()).toMatch(/^notice\.txt \(/);
    });

    it('a wrong file gets a clear message, not an error page', async () => {
      const w = await page('/verify', { locale: 'en-US' });
      const holiday = randomBytes(5000);
      await dropFiles(w.page, [{ name: 'holiday.jpg', bytes: holiday }]);
      let shown = await message(w.page);
      expect(shown.key).toBe('error.noSignature.text');
      expect(shown.text).toContain('holiday.jpg has no signature inside');
      // Looked up in the registry by its digest alone.
      expect(verifyPosts(w).map((r) => JSON.parse(r.body?.toString() ?? '{}'))).toEqual([
        {
          digest: {
            algorithm: 'sha256',
            value: createHash('sha256').update(holiday).digest('hex'),
          },
        },
      ]);
      expectDocumentNeverSent(w, holiday);

      await dropFiles(w.page, [
        { name: 'notice.txt', bytes: valid.bytes },
        { name: 'notice.p7s', bytes: Buffer.from('this is not a signature at all') },
      ]);
      shown = await message(w.page);
      expect(shown.key).toBe('error.badSignature.text');
      expect(shown.text).toMatch(/notice\.p7s is not a signature Signet can read/);

      await dropFiles(w.page, [
        { name: 'a.txt', bytes: valid.bytes },
        { name: 'b.txt', bytes: valid.bytes },
        { name: 'c.txt', bytes: valid.bytes },
      ]);
      expect((await message(w.page)).key).toBe('error.tooManyFiles.text');
      expect(verifyPosts(w)).toHaveLength(1);
    });

    it('a registered document dropped alone is found in the registry by its digest', async () => {
      const w = await page('/verify', { locale: 'en-US' });
      await dropFiles(w.page, [{ name: 'notice.txt', bytes: valid.bytes }]);
      const shown = await verdict(w.page);
      expect(shown.verdict).toBe('authentic');
      expect(shown.text).toContain('exactly the document registered');
      expect(shown.text).toContain(valid.verificationCode);
      expectDocumentNeverSent(w, valid.bytes);
    });

    it('shows times in the zone the server names (Asia/Shanghai), and names it', async () => {
      const w = await page('/verify', { locale: 'en-US', timezoneId: 'America/New_York' });
      await dropSigned(w, valid);
      const shown = await verdict(w.page);
      expect(shown.text).toMatch(/Times shown in\s+China Standard Time \(Asia\/Shanghai\)/);
      const time = new Intl.DateTimeFormat('en', {
        dateStyle: 'long',
        timeStyle: 'long',
        timeZone: 'Asia/Shanghai',
      }).format(new Date(valid.signedAt));
      expect(shown.text.replace(/\s+/g, ' ')).toContain(time.replace(/\s+/g, ' ').slice(0, 12));
    });
  });

  describe('a BER signature from `openssl cms -sign -stream -outform DER`', () => {
    let dir: string;
    let doc: Buffer;
    let ber: Buffer;
    beforeAll(async () => {
      dir = tempDir('signet-web-ber-');
      const f = (n: string): string => join(dir, n);
      ecKeyAndCsr(f('ber.key'), f('ber.csr'), '/CN=records');
      const admin = (path: string, body: unknown) => postJson(server.adminToken, path, body);
      await admin('/api/v1/departments', { id: 'records', name: 'Records Office' });
      const issued = await admin('/api/v1/certificates', {
        department: 'records',
        csr: readFileSync(f('ber.csr'), 'utf8'),
      });
      writeFileSync(f('ber.pem'), issued.certificate);
      doc = notice('Records Office circular 2025-3');
      writeFileSync(f('doc.txt'), doc);
      // OpenSSL's streaming output as it is: indefinite lengths (X.690 8.1.3.6) and the document
      // inside, in a constructed OCTET STRING; the page sends only its detached form.
      ber = Buffer.from(
        opensslCmsSign({
          document: f('doc.txt'),
          signer: f('ber.pem'),
          key: f('ber.key'),
          out: f('doc.p7s'),
          extra: ['-stream'],
        }),
      );
      expect([ber[0], ber[1]]).toEqual([0x30, 0x80]);
      expect(ber.includes(doc.subarray(0, 64))).toBe(true);
    });

    it('is read on the page like on the server: authentic; one changed byte is not', async () => {
      const w = await page('/verify', { locale: 'en-US' });
      await dropFiles(w.page, [
        { name: 'circular.txt', bytes: doc, type: 'text/plain' },
        { name: 'circular.txt.p7s', bytes: ber, type: 'application/pkcs7-signature' },
      ]);
      const shown = await verdict(w.page);
      expect(shown.verdict).toBe('authentic');
      expect(shown.text).toContain('Records Office');
      expectDocumentNeverSent(w, doc);

      const changed = Buffer.from(doc);
      changed[3] ^= 1;
      await dropFiles(w.page, [
        { name: 'circular.txt', bytes: changed, type: 'text/plain' },
        { name: 'circular.txt.p7s', bytes: ber, type: 'application/pkcs7-signature' },
      ]);
      await w.page.locator('#result [data-verdict="failed"]').waitFor();
    });

    it('a signer under a root Signet does not trust: not green, and only "claims to be" its name', async () => {
      const foreign = Buffer.from(
        opensslCmsSign({
          document: join(dir, 'doc.txt'),
          signer: FOREIGN_SIGNER.signer,
          key: FOREIGN_SIGNER.key,
          out: join(dir, 'foreign.p7s'),
        }),
      );
      const w = await page('/verify', { locale: 'en-US' });
      await dropFiles(w.page, [
        { name: 'circular.txt', bytes: doc, type: 'text/plain' },
        { name: 'circular.txt.p7s', bytes: foreign, type: 'application/pkcs7-signature' },
      ]);
      const shown = await verdict(w.page);
      expect(shown.verdict).not.toBe('authentic');
      expect(isGreen(shown.background)).toBe(false);
      expect(shown.text).toContain('claims to be Foreign Signer');
    });
  });

  describe('a signed PDF', () => {
    let pdf: Buffer;
    beforeAll(async () => {
      pdf = await signedPdf('Notice 2025-20', (hex) => signDigest(hex, 'notice.pdf'));
    });

    it('is taken apart in the browser: only the facts of its signatures are sent', async () => {
      const w = await page('/verify', { locale: 'en-US' });
      await dropFiles(w.page, [{ name: 'notice.pdf', bytes: pdf, type: 'application/pdf' }]);
      const shown = await verdict(w.page);
      expect(shown.verdict).toBe('authentic');
      expect(shown.text).toContain('The whole file, except the signature itself');

      const [post] = verifyPosts(w);
      const body = JSON.parse(post?.body?.toString() ?? '{}');
      expect(Object.keys(body)).toEqual(['pdf']);
      const text = pdf.toString('latin1');
      const range =
        /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/.exec(text)?.slice(1).map(Number) ?? [];
      const [, b = 0, c = 0, d = 0] = range;
      expect(c + d).toBe(pdf.length);
      const [signature] = body.pdf.signatures;
      expect(body.pdf.signatures).toHaveLength(1);
      expect(signature.byteRange).toEqual(range);
      expect(signature.coversWholeRevision).toBe(true);
      expect(signature.changesAfter).toEqual([]);
      expect(Buffer.from(signature.digests.sha256, 'base64').toString('hex')).toBe(
        createHash('sha256').update(pdf.subarray(0, b)).update(pdf.subarray(c)).digest('hex'),
      );
      const contents = pdf.subarray(b + 1, c - 1).toString('latin1');
      const der = Buffer.from(signature.contents, 'base64');
      expect(contents.startsWith(der.toString('hex'))).toBe(true);
      expect(/^0*$/.test(contents.slice(der.length * 2))).toBe(true);
      expectDocumentNeverSent(w, pdf);
    });

    it('one changed byte inside the signed ranges: NOT authentic', async () => {
      const changed = Buffer.from(pdf);
      changed[changed.indexOf('Notice 2025-20') + 7] = '3'.charCodeAt(0);
      const w = await page('/verify', { locale: 'en-US' });
      await dropFiles(w.page, [{ name: 'notice.pdf', bytes: changed }]);
      expect((await verdict(w.page)).verdict).toBe('failed');
    });

    it('validation data added after signing keeps it authentic; other changes do not', async () => {
      const withDss = appendUpdate(pdf, {
        8: '<< /Type /DSS /Certs [9 0 R] >>',
        9: '<< /Length 4 >>\nstream\n0000\nendstream',
        1: '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> /DSS 8 0 R >>',
      });
      let w = await page('/verify', { locale: 'en-US' });
      await dropFiles(w.page, [{ name: 'notice-lt.pdf', bytes: withDss }]);
      let shown = await verdict(w.page);
      expect(shown.verdict).toBe('authentic');
      expect(shown.text).toContain('validation data added after signing');

      // The page's text replaced after signing: the signature still verifies, for the old text.
      const stream = 'BT /F1 24 Tf 72 760 Td (Notice 2025-20: all fees waived) Tj ET';
      const altered = appendUpdate(pdf, {
        6: `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
      });
      w = await page('/verify', { locale: 'en-US' });
      await dropFiles(w.page, [{ name: 'notice.pdf', bytes: altered }]);
      shown = await verdict(w.page);
      expect(shown.verdict).toBe('unknown');
      expect(isGreen(shown.background)).toBe(false);
      expect(shown.text).toContain('the file was changed after it was signed');
    });

    it('a PDF without a signature gets a clear message', async () => {
      const { PDFDocument } = await import('pdf-lib');
      const doc = await PDFDocument.create();
      doc.addPage().drawText('Unsigned');
      const unsigned = Buffer.from(await doc.save());
      const w = await page('/verify', { locale: 'en-US' });
      await dropFiles(w.page, [{ name: 'plain.pdf', bytes: unsigned }]);
      expect((await message(w.page)).key).toBe('error.noSignature.text');
      expect(verifyPosts(w)).toEqual([]);
    });

    it('a PDF the page cannot read: never green, and uploaded only when the reader asks', async () => {
      // No cross-reference section: the structure cannot be read (ISO 32000-1 7.5.4).
      const broken = Buffer.from(
        `%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% ${randomBytes(4096).toString('hex')}\n%%EOF\n`,
      );
      const w = await page('/verify', { locale: 'en-US' });
      await dropFiles(w.page, [{ name: 'broken.pdf', bytes: broken }]);
      let shown = await verdict(w.page);
      expect(shown.verdict).toBe('unknown');
      expect(isGreen(shown.background)).toBe(false);
      expect(shown.text).toContain('could not read the structure of this PDF');
      expect(verifyPosts(w)).toEqual([]);
      expectDocumentNeverSent(w, broken);

      await w.page.locator('[data-action="full-check"]').click();
      await w.page.locator('[data-verdict]:not([data-undecided])').waitFor();
      shown = await verdict(w.page);
      expect(shown.verdict).toBe('unknown');
      // Chromium does not show a file's bytes in a recorded request: the server's report says
      // it read the whole file (its digest).
      expect(verifyPosts(w)).toHaveLength(1);
      expect(shown.text).toContain(createHash('sha256').update(broken).digest('hex'));
    });

    it("a PDF larger than the server's limit: cannot be confirmed here, nothing sent, no upload offered", async () => {
      // One byte over MAX_PDF_BYTES, the limit of POST /api/v1/verify too (sparse: no disk space).
      const path = join(tempDir('signet-web-huge-'), 'huge.pdf');
      writeFileSync(path, '%PDF-1.7\n');
      truncateSync(path, MAX_PDF_BYTES + 1);
      const w = await page('/verify', { locale: 'en-US' });
      await w.page.setInputFiles('#document-input', path);
      const shown = await verdict(w.page);
      expect(shown.verdict).toBe('unknown');
      expect(isGreen(shown.background)).toBe(false);
      expect(shown.text).toContain('larger than 64 MB');
      expect(shown.text).toContain('cannot be confirmed here');
      expect(await w.page.locator('[data-undecided="too-large"]').count()).toBe(1);
      expect(await w.page.locator('[data-action="full-check"]').count()).toBe(0);
      expect(verifyPosts(w)).toEqual([]);
    });

    it('a PAdES PDF signed by POST /api/v1/sign?format=pades is authentic', async () => {
      const { PDFDocument } = await import('pdf-lib');
      const doc = await PDFDocument.create();
      doc.addPage().drawText('Notice 2025-21');
      const res = await fetch(`${server.url}/api/v1/sign?format=pades&level=B-T&name=p.pdf`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${server.demoApiKey}`,
          'content-type': 'application/pdf',
        },
        body: Buffer.from(await doc.save()),
      });
      expect(res.status).toBe(201);
      const signed = Buffer.from(await res.arrayBuffer());
      const w = await page('/verify', { locale: 'en-US' });
      await dropFiles(w.page, [{ name: 'p.pdf', bytes: signed, type: 'application/pdf' }]);
      const shown = await verdict(w.page);
      expect(shown.verdict).toBe('authentic');
      expect(shown.text).toContain(res.headers.get('signet-verification-code') ?? '');
      expectDocumentNeverSent(w, signed);
    });
  });

  describe('PDFs signed by POST /api/v1/sign?format=pades', () => {
    const signPades = async (body: Buffer, level: string): Promise<Buffer> => {
      const res = await fetch(`${server.url}/api/v1/sign?format=pades&level=${level}&name=p.pdf`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${server.demoApiKey}`,
          'content-type': 'application/pdf',
        },
        body,
      });
      expect(res.status).toBe(201);
      return Buffer.from(await res.arrayBuffer());
    };
    const signed: Record<string, Buffer> = {};
    beforeAll(async () => {
      for (const level of ['B-B', 'B-T', 'B-LT']) {
        signed[level] = await signPades(await samplePdf(`Notice 2025-30 ${level}`), level);
      }
      signed.countersigned = await signPades(signed['B-T'] as Buffer, 'B-T');
      // B-LT plus a document time-stamp (ETSI EN 319 142-1 5.4.3) from the server's own TSA.
      signed['document time-stamp'] = await serverDocumentTimestamp(
        server.url,
        tempDir('signet-web-dts-'),
        signed['B-LT'] as Buffer,
      );
    });

    it.each(['B-B', 'B-T', 'B-LT', 'countersigned', 'document time-stamp'])(
      'untouched (%s): authentic, every signature in the report',
      async (name) => {
        const pdf = signed[name] as Buffer;
        const w = await page('/verify', { locale: 'en-US' });
        await dropFiles(w.page, [{ name: 'p.pdf', bytes: pdf, type: 'application/pdf' }]);
        const shown = await verdict(w.page);
        expect(shown.verdict).toBe('authentic');
        expect(isGreen(shown.background)).toBe(true);
        const [post] = verifyPosts(w);
        const sent = JSON.parse(post?.body?.toString() ?? '{}');
        const entries = name === 'countersigned' || name === 'document time-stamp' ? 2 : 1;
        expect(sent.pdf.signatures).toHaveLength(entries);
        expectDocumentNeverSent(w, pdf);
      },
    );

    // Eight hand-written updates of each signed PDF, each verified in the page (about 10 s each
    // with the receipt): one test per signed PDF, so each corpus has the whole timeout.
    const neverGreen = async (signedPdf: Buffer): Promise<void> => {
      const corpus = tamperedPdfs(signedPdf);
      expect(corpus.length).toBeGreaterThanOrEqual(4);
      for (const { name, bytes } of corpus) {
        const w = await page('/verify', { locale: 'en-US' });
        await dropFiles(w.page, [{ name: 'p.pdf', bytes, type: 'application/pdf' }]);
        // "Cannot be confirmed", or for an update that hides the signature from the reader's
        // revision (a /Prev chain past it) "no signature": never green either way.
        const shown = await outcome(w.page);
        expect([name, shown.green]).toEqual([name, false]);
        expect([name, shown.verdict ?? shown.message]).toEqual([
          name,
          expect.stringMatching(/^(unknown|failed|error\.noSignature\.text)$/),
        ]);
        expectDocumentNeverSent(w, bytes);
      }
    };

    it('tampered after signing (hand-written updates): never green', async () => {
      await neverGreen(signed['B-T'] as Buffer);
    });

    it('tampered after a countersignature (hand-written updates): never green', async () => {
      await neverGreen(signed.countersigned as Buffer);
    });
  });

  describe('a verification code', () => {
    it('typed with dashes, without them, in lower case: the registry entry', async () => {
      const w = await page('/verify', { locale: 'en-US' });
      const compact = valid.verificationCode.replace(/-/g, '');
      for (const typed of [
        valid.verificationCode,
        compact,
        ` ${compact.toLowerCase().replace(/(.{4})/g, '$1 ')}`,
      ]) {
        await w.page.locator('#result').evaluate((el) => el.replaceChildren());
        await w.page.fill('#code-input', typed);
        await w.page.press('#code-input', 'Enter');
        const shown = await verdict(w.page);
        expect([typed, shown.verdict]).toEqual([typed, 'registry-valid']);
        expect(shown.text).toContain('Demo Department');
        expect(shown.text).toContain(valid.verificationCode);
        expect(new URL(w.page.url()).pathname).toBe(`/verify/${valid.verificationCode}`);
      }
    });

    it('/verify/{code}, the QR code\u2019s link, shows the registry entry at once', async () => {
      for (const path of [valid.verificationCode, valid.verificationCode.toLowerCase()]) {
        const w = await page(`/verify/${path}`, { locale: 'en-US' });
        const shown = await verdict(w.page);
        expect(shown.verdict).toBe('registry-valid');
        expect(shown.text).toContain('notice.txt');
        expect(await w.page.inputValue('#code-input')).toBe(valid.verificationCode);
      }
      const phone = await page(`/verify/${valid.verificationCode}`, { ...PHONE });
      await verdict(phone.page);
      await screenshot(phone.page, 'registry-entry-phone-zh', false);
    });

    it('a rescinded document by its code: the status and the reason', async () => {
      const gone = await sign(notice('Notice 2025-22'), 'gone.txt');
      await departmentPost(`/api/v1/documents/${gone.id}/rescind`, { reason: 'Replaced by law.' });
      const w = await page(`/verify/${gone.verificationCode}`, { locale: 'en-US' });
      const shown = await verdict(w.page);
      expect(shown.verdict).toBe('registry-rescinded');
      expect(isGreen(shown.background)).toBe(false);
      expect(shown.text).toContain('Replaced by law.');
    });

    it('an unknown code: a clear "not found", not an error page', async () => {
      const w = await page('/verify', { locale: 'en-US' });
      await w.page.fill('#code-input', '2345-6789-ABCD-EFGH');
      await w.page.press('#code-input', 'Enter');
      const shown = await message(w.page);
      expect(shown.key).toBe('error.notFound.text');
      expect(shown.text).toMatch(/No document has this verification code/);
      expect(shown.text).toContain('2345-6789-ABCD-EFGH');
      expect(await w.page.locator('main h1').count()).toBe(1);

      // The page itself, with the message the server wrote into it (no JavaScript needed).
      const response = await fetch(`${server.url}/verify/ZZZZ-ZZZZ-ZZZZ-ZZZZ`);
      expect(response.status).toBe(404);
      expect(await response.text()).toContain('data-message="error.notFound.text"');
      const direct = await page('/verify/ZZZZ-ZZZZ-ZZZZ-ZZZZ');
      expect((await message(direct.page)).text).toContain('没有文件使用此核验码');
      await screenshot(direct.page, 'not-found-desktop-zh');
    });

    it('a mistyped code is explained at the field', async () => {
      const w = await page('/verify', { locale: 'en-US' });
      for (const [typed, says] of [
        ['', /Type the verification code/],
        ['7KQD-M2XF', /16 letters and digits.*7KQD-M2XF has 8/],
        ['7KQD-M2XF-9TWA-H4P0', /never contains 0, 1, I, L, O or U.*: 0/],
      ] as const) {
        await w.page.fill('#code-input', typed);
        await w.page.press('#code-input', 'Enter');
        await w.page.locator('#code-error:not([hidden])').waitFor();
        expect(await w.page.locator('#code-error').innerText()).toMatch(says);
        expect(await w.page.getAttribute('#code-input', 'aria-invalid')).toBe('true');
      }
      expect(w.sent.filter((r) => r.url.includes('/api/'))).toEqual([]);
    });

    it('a file chosen after the look-up is compared with the entry on the device, sending nothing', async () => {
      const w = await page(`/verify/${valid.verificationCode}`, { locale: 'en-US' });
      await verdict(w.page);
      const before = w.sent.length;
      await dropFiles(w.page, [{ name: 'notice.txt', bytes: valid.bytes }]);
      await w.page.locator('#result [data-verdict="authentic"]').waitFor();
      expect((await verdict(w.page)).text).toContain('exactly the document registered');

      const changed = Buffer.from(valid.bytes);
      changed[0] ^= 0x20;
      await dropFiles(w.page, [{ name: 'notice.txt', bytes: changed }]);
      await w.page.locator('#result [data-verdict="failed"]').waitFor();
      expect((await verdict(w.page)).text).toContain('not the document registered');
      expect(w.sent.slice(before).filter((r) => r.url.includes('/api/'))).toEqual([]);
    });
  });

  describe('languages', () => {
    it('the first language follows the browser: Accept-Language, else navigator.language', async () => {
      for (const [locale, headers, lang, heading] of [
        ['zh-CN', {}, 'zh-CN', '这份公文是真的吗？'],
        ['en-US', {}, 'en', 'Is this official document authentic?'],
        // The server hears only German and answers its default; the script follows navigator.language.
        ['en-GB', { 'Accept-Language': 'de-DE' }, 'en', 'Is this official document authentic?'],
      ] as const) {
        const w = await page('/verify', { locale, extraHTTPHeaders: headers });
        expect(await w.page.getAttribute('html', 'lang')).toBe(lang);
        expect(await w.page.locator('main h1').innerText()).toBe(heading);
      }
    });

    it('switching to English and back changes every visible string', async () => {
      const w = await page();
      await dropSigned(w, valid);
      await verdict(w.page);
      await w.page.locator('details.checks summary').click();
      const zh = await visibleTexts(w.page);

      await w.page.locator('#lang-switch').click();
      await w.page.locator('html[lang="en"]').waitFor();
      const en = await visibleTexts(w.page);
      expect(en).toContain('Authentic');
      // What stays is data, not words of the page: names, codes, fingerprints, certificate names.
      const data = new Set([
        'notice.txt',
        'Demo Department',
        valid.verificationCode,
        createHash('sha256').update(valid.bytes).digest('hex'),
      ]);
      const certificateName = /^(CN|C)=[^,]+(, (CN|OU|O|C)=[^,]+)+$/;
      const same = zh.filter((text) => en.includes(text) && !data.has(text));
      expect(same.filter((text) => !certificateName.test(text))).toEqual([]);
      // No Chinese is left, but the name of the language to switch back to.
      expect(en.filter((text) => /[\u4e00-\u9fff]/.test(text))).toEqual(['中文']);

      await w.page.locator('#lang-switch').click();
      await w.page.locator('html[lang="zh-CN"]').waitFor();
      expect(await visibleTexts(w.page)).toEqual(zh);
      // The choice is remembered for the next visit.
      await w.page.locator('#lang-switch').click();
      await w.page.reload();
      await w.page.locator('html[data-ready][lang="en"]').waitFor();
    });
  });

  describe('accessibility', () => {
    it('axe-core finds no violation (labels, contrast, landmarks...) in any state, language or size', async () => {
      const states: [string, Watched][] = [];
      // bypassCSP: only to let axe-core's script in; every other test runs under the real CSP.
      for (const [locale, device] of [
        ['zh-CN', {}],
        ['en-US', PHONE],
      ] as const) {
        const start = await page('/verify', { locale, ...device, bypassCSP: true });
        states.push([`start ${locale}`, start]);
        const valid1 = await page('/verify', { locale, ...device, bypassCSP: true });
        await dropSigned(valid1, valid);
        await verdict(valid1.page);
        await valid1.page.locator('details.checks summary').click();
        states.push([`authentic ${locale}`, valid1]);
        const failed = await page('/verify', { locale, ...device, bypassCSP: true });
        const changed = Buffer.from(valid.bytes);
        changed[7] ^= 1;
        await dropSigned(failed, valid, changed);
        await verdict(failed.page);
        states.push([`failed ${locale}`, failed]);
        const entry = await page(`/verify/${valid.verificationCode}`, {
          locale,
          ...device,
          bypassCSP: true,
        });
        await verdict(entry.page);
        states.push([`registry ${locale}`, entry]);
        const missing = await page('/verify/ZZZZ-ZZZZ-ZZZZ-ZZZZ', {
          locale,
          ...device,
          bypassCSP: true,
        });
        await message(missing.page);
        states.push([`not found ${locale}`, missing]);
      }
      for (const [state, w] of states) {
        const result = await runAxe(w.page);
        expect([state, result.violations]).toEqual([state, []]);
        const passed = result.passes.map((p) => p.id);
        for (const rule of [
          'label',
          'color-contrast',
          'region',
          'landmark-one-main',
          'html-has-lang',
        ]) {
          expect([state, rule, passed.includes(rule)]).toEqual([state, rule, true]);
        }
      }
    });

    it('works from the keyboard, with a visible focus and the result in a live region', async () => {
      const w = await page('/verify', { locale: 'en-US' });
      await w.page.keyboard.press('Tab');
      expect(await w.page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
      await w.page.keyboard.press('Enter');
      expect(await w.page.evaluate(() => document.activeElement?.id)).toBe('main');
      let focused = '';
      for (let i = 0; i < 10 && focused !== 'document-input'; i++) {
        await w.page.keyboard.press('Tab');
        focused = await w.page.evaluate(() => document.activeElement?.id ?? '');
      }
      expect(focused).toBe('document-input');
      expect(
        await w.page.evaluate(
          () =>
            getComputedStyle(document.querySelector('label[for="document-input"].button'))
              .outlineStyle,
        ),
      ).toBe('solid');
      expect(await w.page.getAttribute('#result', 'aria-live')).toBe('polite');
      await w.page.focus('#code-input');
      await w.page.keyboard.type(valid.verificationCode);
      await w.page.keyboard.press('Enter');
      expect((await verdict(w.page)).verdict).toBe('registry-valid');
    });
  });

  describe('a large document', () => {
    it(`is hashed in chunks (${LARGE} bytes) with a moving progress bar`, async () => {
      const dir = tempDir('signet-web-large-');
      const path = join(dir, 'archive.bin');
      writeFileSync(path, '');
      truncateSync(path, LARGE); // sparse: zeros, taking no disk space
      const hash = createHash('sha256');
      const zeros = Buffer.alloc(8 * 1024 * 1024);
      for (let left = LARGE; left > 0; left -= zeros.length) {
        hash.update(left >= zeros.length ? zeros : zeros.subarray(0, left));
      }
      const p7s = await signDigest(hash.digest('hex'), 'archive.bin');
      const w = await page('/verify', { locale: 'en-US' });
      await w.page.setInputFiles('#signature-input', {
        name: 'archive.bin.p7s',
        mimeType: 'application/pkcs7-signature',
        buffer: p7s,
      });
      const started = Date.now();
      await w.page.setInputFiles('#document-input', path);
      await w.page.waitForFunction(
        () => {
          const bar = document.getElementById('progress-bar');
          return !bar.closest('[hidden]') && bar.value > 0 && bar.value < 100;
        },
        undefined,
        { timeout: 120_000 },
      );
      expect(await w.page.locator('#progress-text').innerText()).toMatch(/of 1 GB|of \d/);
      await screenshot(w.page, 'hashing-progress-desktop-en', false);
      const shown = await verdict(w.page, 900_000);
      expect(shown.verdict).toBe('authentic');
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `Hashed ${LARGE} bytes in the browser in ${seconds.toFixed(1)} s (${(LARGE / 1024 ** 2 / seconds).toFixed(0)} MiB/s)`,
      );
      await w.page.locator('#progress').waitFor({ state: 'hidden' });
      for (const r of w.sent) expect(r.body?.length ?? 0).toBeLessThan(64 * 1024);
    }, 1_200_000);
  });

  describe('GET /api/v1/documents/{code}/qr.svg', () => {
    it("is a QR code of the document's verifyUrl, read back by zbarimg", async () => {
      const res = await fetch(`${server.url}/api/v1/documents/${valid.verificationCode}/qr.svg`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
      const svg = await res.text();
      // The SVG drawn large in a blank page, then decoded by an independent reader.
      const context = await browser.newContext({ viewport: { width: 400, height: 400 } });
      const p = await context.newPage();
      await p.setContent(
        `<body style="margin:0;background:#fff"><img style="width:400px;height:400px" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}"></body>`,
      );
      const png = join(tempDir('signet-qr-'), 'qr.png');
      await p.screenshot({ path: png });
      await context.close();
      if (!existsSync('/usr/bin/zbarimg')) {
        throw new Error('No zbarimg: apt-get install -y zbar-tools (.ci/run does).');
      }
      const decoded = execFileSync('zbarimg', ['--raw', '-q', png]).toString().trim();
      expect(decoded).toBe(valid.verifyUrl);
    });

    it('answers 404 JSON for an unknown code', async () => {
      const res = await fetch(`${server.url}/api/v1/documents/ZZZZ-ZZZZ-ZZZZ-ZZZZ/qr.svg`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as any).error.code).toBe('UNKNOWN_DOCUMENT');
    });
  });
});
