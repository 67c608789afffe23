import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { buildCrl, CrlError, parseCrl, type BuildCrlInput } from '../../../src/core/crl';
import { serialToHex } from '../../../src/core/encoding';
import { makeOpensslPki, mustOpenssl, openssl, type TestPki } from '../../helpers/openssl';
import { pemSigner } from '../../helpers/pem-signer';

/** Content octets of a certificate's serialNumber, as the CA's store keeps them. */
function serialOf(certDer: Uint8Array): Uint8Array {
  return new Uint8Array(AsnConvert.parse(certDer, Certificate).tbsCertificate.serialNumber);
}

function subjectOf(certDer: Uint8Array): Uint8Array {
  const cert = AsnConvert.parse(certDer, Certificate);
  return new Uint8Array(AsnConvert.serialize(cert.tbsCertificate.subject));
}

const HOUR = 3600_000;
// The test clock: the OpenSSL PKI is valid from yesterday, so OpenSSL's own clock must accept it.
const now = new Date(Math.floor(Date.now() / 1000) * 1000);
const otherSerial = Uint8Array.from([0x01, 0x23, 0x45, 0x67, 0x89]);
const unspecifiedSerial = Uint8Array.from([0x00, 0x9a, 0xbc]);

describe.each(['ec', 'rsa'] as const)('buildCrl, issued by an OpenSSL %s issuing CA', (spec) => {
  let pki: TestPki;
  let chainPath: string;
  let input: BuildCrlInput;
  let crl: Uint8Array;

  /** Writes a CRL as DER and PEM; returns the paths. */
  function writeCrl(name: string, der: Uint8Array): { der: string; pem: string } {
    const paths = { der: join(pki.dir, `${name}.crl`), pem: join(pki.dir, `${name}.crl.pem`) };
    writeFileSync(paths.der, der);
    mustOpenssl(['crl', '-inform', 'DER', '-in', paths.der, '-out', paths.pem]);
    return paths;
  }

  function verifyCertificate(crlPem: string, certPath: string) {
    return openssl([
      'verify',
      '-crl_check',
      '-CRLfile',
      crlPem,
      '-CAfile',
      pki.root.certPath,
      '-untrusted',
      pki.issuing.certPath,
      certPath,
    ]);
  }

  beforeAll(async () => {
    pki = makeOpensslPki(spec);
    chainPath = join(pki.dir, 'chain.pem');
    writeFileSync(chainPath, pki.issuing.certPem + pki.root.certPem);
    input = {
      issuerCertificate: pki.issuing.certDer,
      signer: pemSigner(pki.issuing.keyPem),
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + 24 * HOUR),
      crlNumber: 42n,
      entries: [
        {
          serial: serialOf(pki.signer.certDer),
          revocationDate: new Date(now.getTime() - HOUR),
          reason: 'keyCompromise',
        },
        {
          serial: otherSerial,
          revocationDate: new Date(now.getTime() - 2 * HOUR),
          reason: 'superseded',
        },
        { serial: unspecifiedSerial, revocationDate: now, reason: 'unspecified' },
      ],
    };
    crl = await buildCrl(input);
  });

  describe('when OpenSSL reads the CRL', () => {
    it('verifies its signature with the issuing CA', () => {
      const r = openssl([
        'crl',
        '-inform',
        'DER',
        '-in',
        writeCrl('ok', crl).der,
        '-CAfile',
        chainPath,
        '-noout',
      ]);
      expect(r.status).toBe(0);
      expect(r.stdout + r.stderr).toContain('verify OK');
    });

    it('lists each serial with its reason code, and the CRL number', () => {
      const text = mustOpenssl([
        'crl',
        '-inform',
        'DER',
        '-in',
        writeCrl('text', crl).der,
        '-noout',
        '-text',
      ]);
      expect(text).toContain('Version 2 (0x1)');
      expect(text).toMatch(/X509v3 CRL Number:\s+42\b/);
      expect(text).toContain('X509v3 Authority Key Identifier');
      const signerHex = serialToHex(serialOf(pki.signer.certDer));
      expect(text).toMatch(
        new RegExp(
          `Serial Number: ${signerHex}\\s+Revocation Date:[^\\n]+\\s+CRL entry extensions:\\s+X509v3 CRL Reason Code:\\s+Key Compromise`,
        ),
      );
      expect(text).toMatch(
        /Serial Number: 0123456789\s+Revocation Date:[^\n]+\s+CRL entry extensions:\s+X509v3 CRL Reason Code:\s+Superseded/,
      );
      // RFC 5280 5.3.1: an unspecified reason is left out, not written as unspecified (0).
      expect(text).toMatch(
        /Serial Number: 9ABC\s+Revocation Date:[^\n]+\n(?!\s+CRL entry extensions)/,
      );
    });

    it("names the same AKI as the issuing certificate's SKI", () => {
      const crlText = mustOpenssl([
        'crl',
        '-inform',
        'DER',
        '-in',
        writeCrl('aki', crl).der,
        '-noout',
        '-text',
      ]);
      const certText = mustOpenssl([
        'x509',
        '-in',
        pki.issuing.certPath,
        '-noout',
        '-ext',
        'subjectKeyIdentifier',
      ]);
      const ski = certText.split('\n')[1]?.trim() ?? 'missing';
      expect(crlText).toContain(ski);
    });
  });

  describe('when OpenSSL checks certificates against the CRL (openssl verify -crl_check)', () => {
    it('reports the revoked signer certificate as revoked', () => {
      const r = verifyCertificate(writeCrl('revoking', crl).pem, pki.signer.certPath);
      expect(r.status).not.toBe(0);
      expect(r.stdout + r.stderr).toContain('certificate revoked');
    });

    it('reports a certificate that is not listed as OK', () => {
      const r = verifyCertificate(writeCrl('revoking2', crl).pem, pki.tsa.certPath);
      expect(r.stdout + r.stderr).toContain(`${pki.tsa.certPath}: OK`);
      expect(r.status).toBe(0);
    });

    it('accepts an empty CRL, which has no revokedCertificates list', async () => {
      const empty = await buildCrl({ ...input, entries: [] });
      const paths = writeCrl('empty', empty);
      expect(mustOpenssl(['crl', '-in', paths.pem, '-noout', '-text'])).toContain(
        'No Revoked Certificates',
      );
      const r = verifyCertificate(paths.pem, pki.signer.certPath);
      expect(r.stdout + r.stderr).toContain(`${pki.signer.certPath}: OK`);
    });
  });

  describe('when one byte of the CRL is changed', () => {
    it('fails OpenSSL signature verification', () => {
      const tampered = Buffer.from(crl);
      const at = tampered.indexOf(Buffer.from(otherSerial));
      expect(at).toBeGreaterThan(0);
      tampered[at + otherSerial.length - 1] ^= 0x01;
      const r = openssl([
        'crl',
        '-inform',
        'DER',
        '-in',
        writeCrl('tampered', tampered).der,
        '-CAfile',
        chainPath,
        '-noout',
      ]);
      expect(r.stdout + r.stderr).not.toContain('verify OK');
      expect(r.stdout + r.stderr).toContain('verify failure');
    });
  });

  describe('parseCrl', () => {
    it('reads back the issuer, times, CRL number and entries', () => {
      const summary = parseCrl(crl);
      expect(Buffer.from(summary.issuer)).toEqual(Buffer.from(subjectOf(pki.issuing.certDer)));
      expect(summary.thisUpdate).toEqual(now);
      expect(summary.nextUpdate).toEqual(input.nextUpdate);
      expect(summary.crlNumber).toBe(42n);
      expect(summary.entries).toEqual([
        {
          serial: serialToHex(serialOf(pki.signer.certDer)),
          revocationDate: new Date(now.getTime() - HOUR),
          reason: 'keyCompromise',
        },
        {
          serial: '0123456789',
          revocationDate: new Date(now.getTime() - 2 * HOUR),
          reason: 'superseded',
        },
        { serial: '9ABC', revocationDate: now, reason: undefined },
      ]);
    });
  });

  describe("when the signer is not the issuing CA's key", () => {
    it('refuses with SIGNER_MISMATCH', async () => {
      await expect(
        buildCrl({ ...input, signer: pemSigner(pki.root.keyPem) }),
      ).rejects.toMatchObject({
        code: 'SIGNER_MISMATCH',
      });
    });
  });

  describe('when the issuer certificate may not sign CRLs', () => {
    it('refuses with ISSUER_NOT_CRL_SIGNER', async () => {
      const signerAsIssuer = {
        ...input,
        issuerCertificate: pki.signer.certDer,
        signer: pemSigner(pki.signer.keyPem),
      };
      await expect(buildCrl(signerAsIssuer)).rejects.toMatchObject({
        code: 'ISSUER_NOT_CRL_SIGNER',
      });
    });
  });
});

describe('buildCrl input checks', () => {
  let pki: TestPki;
  let input: BuildCrlInput;

  beforeAll(() => {
    pki = makeOpensslPki('ec');
    input = {
      issuerCertificate: pki.issuing.certDer,
      signer: pemSigner(pki.issuing.keyPem),
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + HOUR),
      crlNumber: 1n,
      entries: [],
    };
  });

  const refused = (changes: Partial<BuildCrlInput>) => buildCrl({ ...input, ...changes });
  const entry = { serial: otherSerial, revocationDate: now };

  it.each([
    [
      'a nextUpdate before thisUpdate',
      { nextUpdate: new Date(now.getTime() - HOUR) },
      'INVALID_TIME',
    ],
    ['an invalid date', { thisUpdate: new Date(Number.NaN) }, 'INVALID_TIME'],
    ['a negative CRL number', { crlNumber: -1n }, 'INVALID_CRL_NUMBER'],
    ['a CRL number longer than 20 octets', { crlNumber: 1n << 159n }, 'INVALID_CRL_NUMBER'],
    [
      'a negative serial',
      { entries: [{ ...entry, serial: Uint8Array.from([0x80]) }] },
      'INVALID_ENTRY',
    ],
    [
      'a serial with a needless leading zero',
      { entries: [{ ...entry, serial: Uint8Array.from([0, 1]) }] },
      'INVALID_ENTRY',
    ],
    ['an empty serial', { entries: [{ ...entry, serial: new Uint8Array(0) }] }, 'INVALID_ENTRY'],
    ['a serial listed twice', { entries: [entry, entry] }, 'INVALID_ENTRY'],
    [
      'removeFromCRL, which belongs to delta CRLs',
      { entries: [{ ...entry, reason: 'removeFromCRL' as const }] },
      'INVALID_ENTRY',
    ],
    [
      'an issuer certificate that is not DER',
      { issuerCertificate: Uint8Array.from([1, 2, 3]) },
      'MALFORMED_ISSUER_CERTIFICATE',
    ],
  ])('refuses %s', async (_what, changes, code) => {
    const failure = refused(changes);
    await expect(failure).rejects.toBeInstanceOf(CrlError);
    await expect(failure).rejects.toMatchObject({ code });
  });

  it('writes GeneralizedTime from 2050 and UTCTime before (RFC 5280 5.1.2.4), which OpenSSL reads', async () => {
    const crl = await buildCrl({ ...input, nextUpdate: new Date('2051-01-01T00:00:00Z') });
    const der = Buffer.from(crl);
    expect(der.includes(Buffer.from('\x18\x0f20510101000000Z', 'latin1'))).toBe(true);
    const utc = `\x17\x0d${now.toISOString().slice(2, 19).replace(/[-T:]/g, '')}Z`;
    expect(der.includes(Buffer.from(utc, 'latin1'))).toBe(true);
    const text = mustOpenssl(['crl', '-inform', 'DER', '-noout', '-text'], der);
    expect(text).toContain('Next Update: Jan  1 00:00:00 2051 GMT');
    expect(parseCrl(crl).nextUpdate).toEqual(new Date('2051-01-01T00:00:00Z'));
  });

  it('writes a CRL number of 20 octets, which OpenSSL reads', async () => {
    const big = (1n << 159n) - 1n;
    const crl = await buildCrl({ ...input, crlNumber: big });
    expect(parseCrl(crl).crlNumber).toBe(big);
    const text = mustOpenssl(['crl', '-inform', 'DER', '-noout', '-text'], Buffer.from(crl));
    expect(text.replace(/[\s:]/g, '').toUpperCase()).toContain(`7F${'FF'.repeat(19)}`);
  });
});

describe('parseCrl', () => {
  describe('when the input is not a CRL', () => {
    it.each([
      ['garbage', Uint8Array.from([0xde, 0xad, 0xbe, 0xef])],
      ['an empty input', new Uint8Array(0)],
    ])('throws MALFORMED_CRL for %s', (_what, der) => {
      expect(() => parseCrl(der)).toThrow(expect.objectContaining({ code: 'MALFORMED_CRL' }));
    });
  });
});
