import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildOcspResponse,
  createOcspResponder,
  OcspError,
  parseOcspRequest,
  parseOcspResponse,
  type CertId,
  type OcspCertStatus,
  type OcspResponder,
  type OcspResponseInput,
} from '../../../src/core/ocsp';
import { makeOpensslPki, mustOpenssl, openssl, type TestPki } from '../../helpers/openssl';
import { pemSigner } from '../../helpers/pem-signer';

const HOUR = 3600_000;
// The test clock: the OpenSSL PKI is valid from yesterday, and OpenSSL checks with its own clock.
const now = new Date(Math.floor(Date.now() / 1000) * 1000);
const nextUpdate = new Date(now.getTime() + HOUR);
const revocationTime = new Date(now.getTime() - 2 * HOUR);

/** OpenSSL's utcTime-style print of a date: "Nov  5 14:01:35 2026 GMT". */
function opensslDate(date: Date): string {
  const month = date.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const day = String(date.getUTCDate()).padStart(2, ' ');
  return `${month} ${day} ${date.toISOString().slice(11, 19)} ${date.getUTCFullYear()} GMT`;
}

describe.each(['ec', 'rsa'] as const)('an OCSP response for an OpenSSL %s PKI', (spec) => {
  let pki: TestPki;
  let responder: OcspResponder;
  let requestPath: string;
  let nonceRequestPath: string;
  let certId: CertId;
  let nonce: Uint8Array;

  function write(name: string, der: Uint8Array): string {
    const path = join(pki.dir, `${name}.resp`);
    writeFileSync(path, der);
    return path;
  }

  /** openssl ocsp reading a response for signer.pem; -no_nonce as the request had none. */
  function opensslStatus(responsePath: string) {
    return openssl([
      'ocsp',
      '-respin',
      responsePath,
      '-issuer',
      pki.issuing.certPath,
      '-cert',
      pki.signer.certPath,
      '-CAfile',
      pki.root.certPath,
      '-no_nonce',
    ]);
  }

  /** openssl ocsp checking a response against the request file, nonce included. */
  function opensslAgainstRequest(responsePath: string) {
    return openssl([
      'ocsp',
      '-respin',
      responsePath,
      '-reqin',
      nonceRequestPath,
      '-CAfile',
      pki.root.certPath,
      '-verify_other',
      pki.issuing.certPath,
      '-resp_text',
    ]);
  }

  function respond(status: OcspCertStatus, changes: Partial<OcspResponseInput> = {}) {
    return responder.respond({
      producedAt: now,
      responses: [{ certId, status, thisUpdate: now, nextUpdate }],
      ...changes,
    });
  }

  beforeAll(() => {
    pki = makeOpensslPki(spec);
    requestPath = join(pki.dir, 'q.der');
    nonceRequestPath = join(pki.dir, 'qn.der');
    const ask = (out: string, extra: string[]) =>
      mustOpenssl([
        'ocsp',
        '-issuer',
        pki.issuing.certPath,
        '-cert',
        pki.signer.certPath,
        ...extra,
        '-reqout',
        out,
      ]);
    ask(requestPath, ['-no_nonce']);
    ask(nonceRequestPath, []);
    const plain = parseOcspRequest(readFileSync(requestPath)).requests[0]?.certId;
    const withNonce = parseOcspRequest(readFileSync(nonceRequestPath));
    if (!plain || !withNonce.nonce) throw new Error('OpenSSL wrote an unexpected request');
    certId = plain;
    nonce = withNonce.nonce;
    // A delegated responder (RFC 6960 4.2.2.2): issued by the issuing CA, with OCSPSigning.
    responder = createOcspResponder({
      responderCertificate: pki.ocsp.certDer,
      signer: pemSigner(pki.ocsp.keyPem),
    });
  });

  describe('when the certificate is good', () => {
    it('OpenSSL verifies the response and says good', async () => {
      const r = opensslStatus(write('good', await respond({ type: 'good' })));
      expect(r.stdout).toContain(`${pki.signer.certPath}: good`);
      expect(r.stdout).toContain(`This Update: ${opensslDate(now)}`);
      expect(r.stdout).toContain(`Next Update: ${opensslDate(nextUpdate)}`);
      expect(r.stderr).toContain('Response verify OK');
      expect(r.status).toBe(0);
    });
  });

  describe('when the certificate is revoked', () => {
    it('OpenSSL says revoked, with the reason and the revocation time', async () => {
      const status: OcspCertStatus = { type: 'revoked', revocationTime, reason: 'keyCompromise' };
      const r = opensslStatus(write('revoked', await respond(status)));
      expect(r.stdout).toContain(`${pki.signer.certPath}: revoked`);
      expect(r.stdout).toContain('Reason: keyCompromise');
      expect(r.stdout).toContain(`Revocation Time: ${opensslDate(revocationTime)}`);
      expect(r.stderr).toContain('Response verify OK');
    });

    it('leaves an unspecified reason out, as the CRL does (RFC 5280 5.3.1)', async () => {
      const status: OcspCertStatus = { type: 'revoked', revocationTime, reason: 'unspecified' };
      const r = opensslStatus(write('unspecified', await respond(status)));
      expect(r.stdout).toContain(`${pki.signer.certPath}: revoked`);
      expect(r.stdout).not.toContain('Reason:');
    });
  });

  describe('when the certificate is unknown', () => {
    it('OpenSSL says unknown', async () => {
      const r = opensslStatus(write('unknown', await respond({ type: 'unknown' })));
      expect(r.stdout).toContain(`${pki.signer.certPath}: unknown`);
      expect(r.stderr).toContain('Response verify OK');
    });
  });

  describe('when the request had a nonce', () => {
    it('echoes it, and OpenSSL checks it against the request', async () => {
      const r = opensslAgainstRequest(write('nonce', await respond({ type: 'good' }, { nonce })));
      expect(r.stderr).toContain('Response verify OK');
      expect(r.stdout + r.stderr).not.toContain('Nonce Verify error');
      expect(r.stdout).toContain('Cert Status: good');
    });

    it('OpenSSL refuses a response with another nonce', async () => {
      const other = Uint8Array.from(nonce, (b) => b ^ 0xff);
      const r = opensslAgainstRequest(
        write('other', await respond({ type: 'good' }, { nonce: other })),
      );
      expect(r.stdout + r.stderr).toContain('Nonce Verify error');
      expect(r.status).not.toBe(0);
    });
  });

  describe('when one byte of the signed data is changed', () => {
    it('OpenSSL and parseOcspResponse both find the signature wrong', async () => {
      const response = Buffer.from(await respond({ type: 'good' }));
      const stamp = nextUpdate.toISOString().replace(/[-T:]/g, '').slice(0, 14) + 'Z';
      const at = response.indexOf(Buffer.from(stamp, 'latin1'));
      expect(at).toBeGreaterThan(0);
      response[at + 13] = (response[at + 13] ?? 0) ^ 0x01; // another digit of the seconds
      const r = opensslStatus(write('tampered', response));
      expect(r.stderr).not.toContain('Response verify OK');
      expect(r.stderr).toContain('Response Verify Failure');
      expect(r.status).not.toBe(0);
      const parsed = parseOcspResponse(response);
      expect(parsed.status === 'successful' && parsed.basic.signatureValid).toBe(false);
    });
  });

  describe('when the issuing CA answers itself', () => {
    it('OpenSSL verifies the CA-signed response', async () => {
      const response = await buildOcspResponse({
        responderCertificate: pki.issuing.certDer,
        signer: pemSigner(pki.issuing.keyPem),
        producedAt: now,
        responses: [{ certId, status: { type: 'good' }, thisUpdate: now }],
      });
      const r = opensslStatus(write('ca', response));
      expect(r.stdout).toContain(`${pki.signer.certPath}: good`);
      expect(r.stderr).toContain('Response verify OK');
    });
  });

  describe('parseOcspResponse', () => {
    it('reads back what was built, and verifies the signature with the included certificate', async () => {
      const status: OcspCertStatus = { type: 'revoked', revocationTime, reason: 'superseded' };
      const parsed = parseOcspResponse(await respond(status, { nonce }));
      if (parsed.status !== 'successful') throw new Error(`status ${parsed.status}`);
      expect(parsed.basic.signatureValid).toBe(true);
      expect(parsed.basic.signerCertificate).toEqual(new Uint8Array(pki.ocsp.certDer));
      expect(parsed.basic.certificates).toEqual([new Uint8Array(pki.ocsp.certDer)]);
      expect(parsed.basic.producedAt).toEqual(now);
      expect(parsed.basic.nonce).toEqual(nonce);
      expect(parsed.basic.responses).toEqual([{ certId, status, thisUpdate: now, nextUpdate }]);
    });

    it('finds the signature wrong for a certificate of another key', async () => {
      const response = await respond({ type: 'good' });
      const parsed = parseOcspResponse(response, { responderCertificate: pki.tsa.certDer });
      expect(parsed.status === 'successful' && parsed.basic.signatureValid).toBe(false);
    });
  });
});

describe('an OCSP error response (RFC 6960 2.3)', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeOpensslPki('ec').dir;
  });

  it.each([
    ['malformedRequest', 1],
    ['internalError', 2],
    ['tryLater', 3],
    ['sigRequired', 5],
    ['unauthorized', 6],
  ] as const)('%s is read by OpenSSL and parseOcspResponse', async (status, code) => {
    const { ocspErrorResponse } = await import('../../../src/core/ocsp');
    const der = ocspErrorResponse(status);
    const path = join(dir, `${status}.resp`);
    writeFileSync(path, der);
    const r = openssl(['ocsp', '-respin', path, '-resp_text', '-noverify']);
    // OpenSSL prints the status names in lower case.
    expect(r.stdout + r.stderr).toContain(`Responder Error: ${status.toLowerCase()} (${code})`);
    expect(parseOcspResponse(der)).toEqual({ status });
  });
});

describe('createOcspResponder input checks', () => {
  let pki: TestPki;
  let responder: OcspResponder;
  const certId: CertId = {
    hash: 'sha1',
    issuerNameHash: new Uint8Array(20),
    issuerKeyHash: new Uint8Array(20),
    serialNumber: Uint8Array.of(1),
  };

  beforeAll(() => {
    pki = makeOpensslPki('ec');
    responder = createOcspResponder({
      responderCertificate: pki.ocsp.certDer,
      signer: pemSigner(pki.ocsp.keyPem),
      includeCertificates: [pki.issuing.certDer],
    });
  });

  const good = { type: 'good' } as const;

  it('includes further certificates after the responder certificate', async () => {
    const parsed = parseOcspResponse(
      await responder.respond({
        producedAt: now,
        responses: [{ certId, status: good, thisUpdate: now }],
      }),
    );
    if (parsed.status !== 'successful') throw new Error(parsed.status);
    expect(parsed.basic.certificates).toEqual([
      new Uint8Array(pki.ocsp.certDer),
      new Uint8Array(pki.issuing.certDer),
    ]);
    expect(parsed.basic.signatureValid).toBe(true);
  });

  it('writes the CertID hash parameters as the request had them', async () => {
    const absent = {
      ...certId,
      hash: 'sha256' as const,
      issuerNameHash: new Uint8Array(32),
      issuerKeyHash: new Uint8Array(32),
      hashParameters: 'absent' as const,
    };
    const parsed = parseOcspResponse(
      await responder.respond({
        producedAt: now,
        responses: [{ certId: absent, status: good, thisUpdate: now }],
      }),
    );
    expect(parsed.status === 'successful' && parsed.basic.responses[0]?.certId).toEqual(absent);
  });

  it.each([
    ['no responses', { responses: [] }],
    ['an empty nonce', { nonce: new Uint8Array(0) }],
    ['a nonce of 129 octets', { nonce: new Uint8Array(129) }],
    ['an invalid date', { producedAt: new Date(Number.NaN) }],
    [
      'a CertID whose hashes do not fit SHA-1',
      {
        responses: [
          {
            certId: { ...certId, issuerKeyHash: new Uint8Array(32) },
            status: good,
            thisUpdate: now,
          },
        ],
      },
    ],
    [
      'an empty serial number',
      {
        responses: [
          { certId: { ...certId, serialNumber: new Uint8Array(0) }, status: good, thisUpdate: now },
        ],
      },
    ],
    [
      'a nextUpdate before thisUpdate',
      {
        responses: [
          { certId, status: good, thisUpdate: now, nextUpdate: new Date(now.getTime() - 1000) },
        ],
      },
    ],
    [
      'removeFromCRL as a revocation reason',
      {
        responses: [
          {
            certId,
            status: {
              type: 'revoked' as const,
              revocationTime: now,
              reason: 'removeFromCRL' as const,
            },
            thisUpdate: now,
          },
        ],
      },
    ],
  ])('refuses %s with INVALID_INPUT', async (_what, changes) => {
    const input: OcspResponseInput = {
      producedAt: now,
      responses: [{ certId, status: good, thisUpdate: now }],
      ...changes,
    };
    await expect(responder.respond(input)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('refuses a responder certificate that is not DER with MALFORMED_CERTIFICATE', () => {
    expect(() =>
      createOcspResponder({
        responderCertificate: Uint8Array.of(1, 2),
        signer: pemSigner(pki.ocsp.keyPem),
      }),
    ).toThrow(expect.objectContaining({ code: 'MALFORMED_CERTIFICATE' }));
  });
});

describe('parseOcspResponse of what is not an OCSP response', () => {
  it.each([
    ['garbage', Uint8Array.from(Buffer.from('<html>'))],
    ['an empty body', new Uint8Array(0)],
    ['an OCSP request', Uint8Array.of(0x30, 0x03, 0x30, 0x01, 0x00)],
  ])('refuses %s with MALFORMED_RESPONSE', (_what, der) => {
    expect(() => parseOcspResponse(der)).toThrow(OcspError);
    expect(() => parseOcspResponse(der)).toThrow(
      expect.objectContaining({ code: 'MALFORMED_RESPONSE' }),
    );
  });
});
