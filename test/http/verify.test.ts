/**
 * POST /api/v1/verify against the real server (dist/): the report for signatures made by Signet and
 * by OpenSSL, the multipart and JSON forms, and refusals of requests that are not a verification
 * (4xx JSON), with hostile input that must never give a 500, a crash or a hang.
 */
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSignedData } from '../../src/core/cms';
import {
  ecKeyAndCsr,
  FOREIGN_SIGNER,
  mustOpenssl,
  opensslCmsSign,
  tempDir,
} from '../helpers/openssl';
import { fetchCaFiles } from '../helpers/pki-files';
import { startServer, type RunningServer } from '../helpers/server';

const CERTS = join(__dirname, '..', '..', 'certs');
const MiB = 1024 * 1024;

/** The PEM OpenSSL writes for a CMS (RFC 7468 label "CMS"). */
const pemOf = (der: Buffer): string =>
  mustOpenssl(['cms', '-cmsout', '-inform', 'DER', '-outform', 'PEM'], der);

interface Part {
  name: string;
  content: Buffer | Uint8Array;
  filename?: string;
}

/** A multipart/form-data body built by hand, for requests fetch's FormData would not send. */
function multipart(parts: Part[]): { body: Buffer; type: string } {
  const boundary = `----signet${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename ?? p.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.from(p.content),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

/**
 * POST with node:http, resolving on the response even when the server stops reading a body it
 * refused and closes the connection while the client is still sending.
 */
function post(url: string, type: string, body: Buffer): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(
      url,
      {
        method: 'POST',
        headers: { 'content-type': type, 'content-length': body.length },
        // A connection per request: no race with the server closing an idle kept-alive socket.
        agent: false,
      },
      (res) => {
        answered = true;
        const data: Buffer[] = [];
        res.on('data', (d: Buffer) => data.push(d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            json: JSON.parse(Buffer.concat(data).toString()),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    req.end(body);
  });
}

describe('POST /api/v1/verify', () => {
  let server: RunningServer;
  let dir: string;
  let url: string;
  const f = (n: string): string => join(dir, n);
  const notice = Buffer.from('Notice No. 7: the bridge on Elm Road closes for repairs in May.\n');

  const form = (parts: Part[]) => {
    const { body, type } = multipart(parts);
    return post(url, type, body);
  };
  const json = (body: unknown) => post(url, 'application/json', Buffer.from(JSON.stringify(body)));
  const adminPost = (path: string, body: unknown) =>
    fetch(server.url + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const sign = async (content: Buffer, level = 'B-T', key = server.demoApiKey) => {
    const r = await fetch(`${server.url}/api/v1/sign?level=${level}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/octet-stream' },
      body: content,
    });
    expect(r.status).toBe(201);
    const signed = (await r.json()) as any;
    return { ...signed, der: Buffer.from(signed.signature, 'base64') };
  };

  beforeAll(async () => {
    server = await startServer();
    url = `${server.url}/api/v1/verify`;
    dir = tempDir('signet-http-verify-');
    await fetchCaFiles(server.url, dir);
    writeFileSync(f('notice.txt'), notice);
  });
  afterAll(async () => {
    await server.stop();
  });

  describe('when a valid B-T signature and its document are sent as a form', () => {
    it('answers 200 TOTAL_PASSED with the registry entry', async () => {
      const signed = await sign(notice);
      const r = await form([
        { name: 'document', content: notice },
        { name: 'signature', content: signed.der },
      ]);
      expect(r.status).toBe(200);
      expect(r.json.indication).toBe('TOTAL_PASSED');
      expect(r.json.signatures[0].timestamp.valid).toBe(true);
      expect(r.json.document.registered.verificationCode).toBe(signed.verificationCode);
      expect(r.json.document.digest).toEqual(signed.digest);
    });

    it.each([
      ['PEM from openssl cms -outform PEM', (der: Buffer) => pemOf(der)],
      ['PEM labelled PKCS7', (der: Buffer) => pemOf(der).replace(/CMS-----/g, 'PKCS7-----')],
      ['the base64 of the sign answer, saved to a file', (der: Buffer) => der.toString('base64')],
    ])('accepts the signature as %s', async (_name, encode) => {
      const signed = await sign(notice);
      const r = await form([
        { name: 'document', content: notice },
        { name: 'signature', content: Buffer.from(encode(signed.der)) },
      ]);
      expect(r.json.indication).toBe('TOTAL_PASSED');
      // One changed byte of the signature value inside the armour must fail.
      const value = Buffer.from(parseSignedData(signed.der).signerInfos[0]?.signature ?? []);
      const altered = Buffer.from(signed.der);
      const at = altered.indexOf(value) + 10;
      altered[at] = (altered[at] ?? 0) ^ 0xff;
      const bad = await form([
        { name: 'document', content: notice },
        { name: 'signature', content: Buffer.from(encode(altered)) },
      ]);
      expect([bad.json.indication, bad.json.subIndication]).toEqual([
        'TOTAL_FAILED',
        'SIG_CRYPTO_FAILURE',
      ]);
    });

    it('gives the same verdict whichever part comes first', async () => {
      const signed = await sign(notice);
      const r = await form([
        { name: 'signature', content: signed.der },
        { name: 'document', content: notice },
      ]);
      expect(r.json.indication).toBe('TOTAL_PASSED');
    });
  });

  describe('when the digest and the signature are sent as JSON', () => {
    it('answers 200 TOTAL_PASSED', async () => {
      const signed = await sign(notice);
      const r = await json({ digest: signed.digest, signature: signed.signature });
      expect(r.status).toBe(200);
      expect(r.json.indication).toBe('TOTAL_PASSED');
    });
  });

  describe('when the document was changed', () => {
    it('answers 200 TOTAL_FAILED/HASH_FAILURE', async () => {
      const signed = await sign(notice);
      const r = await form([
        { name: 'document', content: Buffer.from(notice.toString().replace('May', 'June')) },
        { name: 'signature', content: signed.der },
      ]);
      expect(r.status).toBe(200);
      expect([r.json.indication, r.json.subIndication]).toEqual(['TOTAL_FAILED', 'HASH_FAILURE']);
      const status = r.json.signatures[0].checks.find((c: any) => c.id === 'document_status');
      expect(status.message).toMatch(/does not match what was signed/);
    });
  });

  describe('when the signature value was changed', () => {
    it('answers 200 TOTAL_FAILED/SIG_CRYPTO_FAILURE', async () => {
      const signed = await sign(notice);
      const value = Buffer.from(parseSignedData(signed.der).signerInfos[0]?.signature ?? []);
      const at = signed.der.indexOf(value) + 10;
      const altered = Buffer.from(signed.der);
      altered[at] = (altered[at] ?? 0) ^ 0xff;
      const r = await form([
        { name: 'document', content: notice },
        { name: 'signature', content: altered },
      ]);
      expect([r.json.indication, r.json.subIndication]).toEqual([
        'TOTAL_FAILED',
        'SIG_CRYPTO_FAILURE',
      ]);
    });
  });

  describe('when the signer is under a foreign root', () => {
    it('answers 200 INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND', async () => {
      opensslCmsSign({ document: f('notice.txt'), ...FOREIGN_SIGNER, out: f('foreign.p7s') });
      const r = await form([
        { name: 'document', content: notice },
        { name: 'signature', content: readFileSync(f('foreign.p7s')) },
      ]);
      expect([r.json.indication, r.json.subIndication]).toEqual([
        'INDETERMINATE',
        'NO_CERTIFICATE_CHAIN_FOUND',
      ]);
      expect(r.json.signatures[0].signer.confirmed).toBe(false);
      expect(r.json.summary).toContain(`claims to be ${r.json.signatures[0].signer.name}`);
    });
  });

  describe('when a department signs with openssl cms -sign and its own key', () => {
    const opensslSign = (out: string, extra: string[] = [], clockShift?: string) =>
      opensslCmsSign({
        document: f('notice.txt'),
        signer: f('audit.pem'),
        key: f('audit.key'),
        out: f(out),
        extra,
        clockShift,
      });
    let serial: string;

    beforeAll(async () => {
      ecKeyAndCsr(f('audit.key'), f('audit.csr'), '/CN=audit');
      expect(
        (await adminPost('/api/v1/departments', { id: 'audit', name: 'Audit Office' })).status,
      ).toBe(201);
      const issued = (await (
        await adminPost('/api/v1/certificates', {
          department: 'audit',
          csr: readFileSync(f('audit.csr'), 'utf8'),
        })
      ).json()) as any;
      serial = issued.serial;
      writeFileSync(f('audit.pem'), issued.certificate);
    });

    it('answers TOTAL_PASSED for a detached signature, with and without signed attributes', async () => {
      opensslSign('audit.p7s');
      opensslSign('audit-noattr.p7s', ['-noattr']);
      for (const file of ['audit.p7s', 'audit-noattr.p7s']) {
        const r = await form([
          { name: 'document', content: notice },
          { name: 'signature', content: readFileSync(f(file)) },
        ]);
        expect(r.json.indication).toBe('TOTAL_PASSED');
      }
    });

    it('answers TOTAL_PASSED for an enveloping signature sent alone', async () => {
      opensslSign('audit.p7m', ['-nodetach']);
      const r = await form([{ name: 'signature', content: readFileSync(f('audit.p7m')) }]);
      expect(r.json.indication).toBe('TOTAL_PASSED');
      const alone = await form([{ name: 'document', content: readFileSync(f('audit.p7m')) }]);
      expect(alone.json.indication).toBe('TOTAL_PASSED');
    });

    it("answers TOTAL_PASSED without certificates in the signature (-nocerts), from Signet's register", async () => {
      opensslSign('audit-nocerts.p7s', ['-nocerts']);
      const r = await form([
        { name: 'document', content: notice },
        { name: 'signature', content: readFileSync(f('audit-nocerts.p7s')) },
      ]);
      expect(r.json.indication).toBe('TOTAL_PASSED');
      expect(r.json.signatures[0].signer.serial).toBe(serial);
    });

    it('answers TOTAL_FAILED/NOT_YET_VALID for a signing-time before the certificate (faketime)', async () => {
      opensslSign('audit-early.p7s', [], '-2d');
      const r = await form([
        { name: 'document', content: notice },
        { name: 'signature', content: readFileSync(f('audit-early.p7s')) },
      ]);
      expect([r.json.indication, r.json.subIndication]).toEqual(['TOTAL_FAILED', 'NOT_YET_VALID']);
      const claimed = r.json.signatures[0].checks.find((c: any) => c.id === 'signing_time');
      expect(claimed.status).toBe('failed');
    });

    it('answers REVOKED_NO_POE for the signature made before revocation and REVOKED for one made after', async () => {
      opensslSign('before.p7s');
      // Signing times and CRL dates have whole seconds: let one pass before revoking.
      await new Promise((r) => setTimeout(r, 1100));
      const revoked = await adminPost(`/api/v1/certificates/${serial}/revoke`, {
        reason: 'keyCompromise',
      });
      expect(revoked.status).toBe(200);
      opensslSign('after.p7s');
      const before = await form([
        { name: 'document', content: notice },
        { name: 'signature', content: readFileSync(f('before.p7s')) },
      ]);
      expect([before.json.indication, before.json.subIndication]).toEqual([
        'INDETERMINATE',
        'REVOKED_NO_POE',
      ]);
      const after = await form([
        { name: 'document', content: notice },
        { name: 'signature', content: readFileSync(f('after.p7s')) },
      ]);
      expect([after.json.indication, after.json.subIndication]).toEqual([
        'TOTAL_FAILED',
        'REVOKED',
      ]);
    });
  });

  describe('when the document was rescinded', () => {
    it('answers a failed document status, not TOTAL_PASSED', async () => {
      const content = Buffer.from('Permit 2031/44, withdrawn later.\n');
      const signed = await sign(content);
      const r1 = await fetch(`${server.url}/api/v1/documents/${signed.id}/rescind`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${server.demoApiKey}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ reason: 'Issued in error.' }),
      });
      expect(r1.status).toBe(200);
      const r = await form([
        { name: 'document', content },
        { name: 'signature', content: signed.der },
      ]);
      expect(r.json.indication).not.toBe('TOTAL_PASSED');
      expect(r.json.subIndication).toBe('SIG_CONSTRAINTS_FAILURE');
      const status = r.json.signatures[0].checks.find((c: any) => c.id === 'document_status');
      expect(status.status).toBe('failed');
      expect(r.json.document.registered.status).toBe('rescinded');
      expect(r.json.summary).toMatch(/^This document was rescinded/);
    });
  });

  describe('GET /api/v1/documents/{code} when the signing certificate was revoked', () => {
    it('shows the revocation, and what it means for B-T and B-B documents', async () => {
      const department = (await (
        await adminPost('/api/v1/departments', { id: 'permits', name: 'Permits Office' })
      ).json()) as any;
      const issued = (await (
        await adminPost('/api/v1/certificates', { department: 'permits' })
      ).json()) as any;
      const stamped = await sign(Buffer.from('Permit 7.\n'), 'B-T', department.apiKey);
      const plain = await sign(Buffer.from('Permit 8.\n'), 'B-B', department.apiKey);
      const view = async (code: string) =>
        (await (await fetch(`${server.url}/api/v1/documents/${code}`)).json()) as any;
      expect((await view(stamped.verificationCode)).certificate.status).toBe('valid');
      expect((await view(stamped.verificationCode)).verdict.valid).toBe(true);
      // Revocation times have whole seconds: let one pass after signing.
      await new Promise((r) => setTimeout(r, 1100));
      const revoked = await adminPost(`/api/v1/certificates/${issued.serial}/revoke`, {
        reason: 'keyCompromise',
      });
      expect(revoked.status).toBe(200);
      const after = await view(stamped.verificationCode);
      expect(after.certificate).toMatchObject({
        serial: issued.serial,
        status: 'revoked',
        revocationReason: 'keyCompromise',
      });
      expect(after.verdict).toMatchObject({ code: 'signed_before_revocation', valid: true });
      expect(after.verdict.reason.id).toBe('registry.signed_before_revocation');
      const zh = await fetch(
        `${server.url}/api/v1/documents/${stamped.verificationCode}?lang=zh-CN`,
      );
      expect(zh.headers.get('content-language')).toBe('zh-CN');
      const zhView = (await zh.json()) as any;
      expect(zhView.verdict.reason).toEqual(after.verdict.reason);
      expect(zhView.verdict.message).toMatch(/签署早于吊销.*仍然有效/);
      expect((await view(plain.verificationCode)).verdict).toMatchObject({
        code: 'revoked_without_proof',
        valid: false,
      });
    });
  });

  describe('when the signature part cannot be read as a signature', () => {
    let der: Buffer;
    beforeAll(async () => {
      der = (await sign(notice)).der;
      mustOpenssl([
        'crl2pkcs7',
        '-nocrl',
        '-certfile',
        join(CERTS, 'foreign-signer.pem'),
        '-outform',
        'DER',
        '-out',
        f('no-signers.p7s'),
      ]);
    });
    it.each([
      ['garbage', () => randomBytes(2000)],
      ['truncated DER', () => der.subarray(0, der.length - 40)],
      ['a PEM certificate', () => readFileSync(join(CERTS, 'foreign-signer.pem'))],
      ['base64 of garbage', () => Buffer.from(randomBytes(300).toString('base64'))],
      ['a SignedData with no signer infos', () => readFileSync(f('no-signers.p7s'))],
    ])('answers 200 INDETERMINATE/FORMAT_FAILURE for %s', async (_name, make) => {
      const r = await form([
        { name: 'document', content: notice },
        { name: 'signature', content: make() },
      ]);
      expect(r.status).toBe(200);
      expect([r.json.indication, r.json.subIndication]).toEqual([
        'INDETERMINATE',
        'FORMAT_FAILURE',
      ]);
    });
  });

  describe('when the request is not a verification', () => {
    it.each([
      [
        'a wrong content type',
        () => post(url, 'text/plain', Buffer.from('hello')),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      ['no content type', () => post(url, '', Buffer.from('hello')), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['an empty JSON object', () => json({}), 400, 'NOTHING_TO_VERIFY'],
      ['an empty form', () => form([]), 400, 'NOTHING_TO_VERIFY'],
      ['a JSON field of its own', () => json({ document: 'x' }), 400, 'INVALID_REQUEST'],
      ['a signature that is not base64', () => json({ signature: '***' }), 400, 'INVALID_REQUEST'],
      [
        'a digest of the wrong length',
        () => json({ digest: { algorithm: 'sha256', value: 'abcd' } }),
        400,
        'INVALID_DIGEST',
      ],
      [
        'a digest under MD5',
        () => json({ digest: { algorithm: 'md5', value: 'ab'.repeat(16) } }),
        400,
        'UNSUPPORTED_DIGEST_ALGORITHM',
      ],
      [
        'malformed JSON',
        () => post(url, 'application/json', Buffer.from('{"signature":')),
        400,
        'MALFORMED_JSON',
      ],
      [
        'a form part of another name',
        () => form([{ name: 'file', content: notice }]),
        400,
        'UNEXPECTED_FIELD',
      ],
      [
        'a form part sent twice',
        () =>
          form([
            { name: 'document', content: notice },
            { name: 'document', content: notice },
          ]),
        400,
        'DUPLICATE_FIELD',
      ],
      [
        'a form without its boundary',
        () => post(url, 'multipart/form-data', Buffer.from('x')),
        400,
        'MALFORMED_MULTIPART',
      ],
      [
        'a form cut short',
        () =>
          post(
            url,
            'multipart/form-data; boundary=zz',
            Buffer.from(
              '--zz\r\nContent-Disposition: form-data; name="document"; filename="a"\r\n\r\nabc',
            ),
          ),
        400,
        'MALFORMED_MULTIPART',
      ],
      [
        'a signature over 1 MiB',
        () => form([{ name: 'signature', content: randomBytes(MiB + 1) }]),
        413,
        'SIGNATURE_TOO_LARGE',
      ],
      [
        "a JSON body over 16 MB (a PDF's facts may carry its DSS)",
        () => json({ signature: 'A'.repeat(17 * MiB) }),
        413,
        'PAYLOAD_TOO_LARGE',
      ],
    ] as [string, () => Promise<{ status: number; json: any }>, number, string][])(
      'answers %s with a 4xx JSON error',
      async (_name, call, status, code) => {
        const r = await call();
        expect(r.status).toBe(status);
        expect(r.json.error.code).toBe(code);
        expect(typeof r.json.error.message).toBe('string');
      },
    );
  });

  describe('when 100 MB of random bytes are uploaded', () => {
    const random = randomBytes(100 * MiB);

    it('as the signature: answers 413 without reading it all, and keeps serving', async () => {
      const started = Date.now();
      const r = await form([{ name: 'signature', content: random }]);
      expect(r.status).toBe(413);
      expect(r.json.error.code).toBe('SIGNATURE_TOO_LARGE');
      expect(Date.now() - started).toBeLessThan(30_000);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    });

    it('as the document, with a garbage signature: answers INDETERMINATE/FORMAT_FAILURE', async () => {
      const started = Date.now();
      const r = await form([
        { name: 'document', content: random },
        { name: 'signature', content: random.subarray(0, 4096) },
      ]);
      expect(r.status).toBe(200);
      expect([r.json.indication, r.json.subIndication]).toEqual([
        'INDETERMINATE',
        'FORMAT_FAILURE',
      ]);
      expect(Date.now() - started).toBeLessThan(30_000);
    });

    it('as the document alone: answers INDETERMINATE/FORMAT_FAILURE (no signature found)', async () => {
      const r = await form([{ name: 'document', content: random }]);
      expect(r.status).toBe(200);
      expect([r.json.indication, r.json.subIndication]).toEqual([
        'INDETERMINATE',
        'FORMAT_FAILURE',
      ]);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    });
  });
});
