import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OCSPRequest, Request, CertID, TBSRequest } from '@peculiar/asn1-ocsp';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, Extension } from '@peculiar/asn1-x509';
import {
  certIdMatchesIssuer,
  OcspError,
  parseOcspRequest,
  type OcspRequestSummary,
} from '../../../src/core/ocsp';
import * as oid from '../../../src/core/oid';
import { makeOpensslPki, mustOpenssl, type TestPki } from '../../helpers/openssl';

function serialOf(certDer: Uint8Array): Buffer {
  return Buffer.from(AsnConvert.parse(certDer, Certificate).tbsCertificate.serialNumber);
}

/** Has OpenSSL write an OCSP request with these options; returns its DER. */
function opensslRequest(pki: TestPki, name: string, options: string[]): Buffer {
  const out = join(pki.dir, `${name}.req`);
  mustOpenssl(['ocsp', '-issuer', pki.issuing.certPath, ...options, '-reqout', out]);
  return readFileSync(out);
}

/** The same request read by @peculiar/asn1-ocsp, as an independent check of the DER reader. */
function libraryReading(der: Uint8Array): OcspRequestSummary['requests'] {
  const tbs = AsnConvert.parse(der, OCSPRequest).tbsRequest;
  return tbs.requestList.map((r) => ({
    certId: {
      hash: r.reqCert.hashAlgorithm.algorithm === oid.OID_SHA1 ? 'sha1' : 'sha256',
      issuerNameHash: new Uint8Array(r.reqCert.issuerNameHash.buffer),
      issuerKeyHash: new Uint8Array(r.reqCert.issuerKeyHash.buffer),
      serialNumber: new Uint8Array(r.reqCert.serialNumber),
      hashParameters: r.reqCert.hashAlgorithm.parameters === null ? 'null' : 'absent',
    },
  }));
}

function expectMalformed(der: Uint8Array): void {
  expect(() => parseOcspRequest(der)).toThrow(OcspError);
  expect(() => parseOcspRequest(der)).toThrow(
    expect.objectContaining({ code: 'MALFORMED_REQUEST' }),
  );
}

/** A request made with the library, for shapes OpenSSL will not write. */
function libraryRequest(changes: {
  requestList?: Request[];
  extensions?: Extension[];
}): Uint8Array {
  const certId = new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: oid.OID_SHA1, parameters: null }),
    issuerNameHash: new OctetString(new Uint8Array(20)),
    issuerKeyHash: new OctetString(new Uint8Array(20)),
    serialNumber: Uint8Array.of(1).buffer,
  });
  return new Uint8Array(
    AsnConvert.serialize(
      new OCSPRequest({
        tbsRequest: new TBSRequest({
          requestList: changes.requestList ?? [new Request({ reqCert: certId })],
          requestExtensions: changes.extensions,
        }),
      }),
    ),
  );
}

function nonceExtension(nonce: Uint8Array, critical = false): Extension {
  return new Extension({
    extnID: oid.OID_PKIX_OCSP_NONCE,
    critical,
    extnValue: new OctetString(AsnConvert.serialize(new OctetString(nonce))),
  });
}

describe('parseOcspRequest', () => {
  let pki: TestPki;
  beforeAll(() => {
    pki = makeOpensslPki('ec');
  });

  describe('when OpenSSL asks about one certificate, without a nonce', () => {
    it('reads a SHA-1 CertID (OpenSSL default) with the serial and the issuing CA hashes', () => {
      const der = opensslRequest(pki, 'plain', ['-cert', pki.signer.certPath, '-no_nonce']);
      const parsed = parseOcspRequest(der);
      expect(parsed.nonce).toBeUndefined();
      expect(parsed.requests).toHaveLength(1);
      const certId = parsed.requests[0]?.certId;
      expect(certId?.hash).toBe('sha1');
      expect(Buffer.from(certId?.serialNumber ?? [])).toEqual(serialOf(pki.signer.certDer));
      expect(parsed.requests).toEqual(libraryReading(der));
    });

    it('matches the issuing CA by its name and key hashes, and not the root', () => {
      const der = opensslRequest(pki, 'match', ['-cert', pki.signer.certPath, '-no_nonce']);
      const certId = parseOcspRequest(der).requests[0]?.certId;
      if (!certId) throw new Error('no CertID');
      expect(certIdMatchesIssuer(certId, pki.issuing.certDer)).toBe(true);
      expect(certIdMatchesIssuer(certId, pki.root.certDer)).toBe(false);
    });
  });

  describe('when OpenSSL asks with a nonce', () => {
    it('reads the nonce OpenSSL prints', () => {
      const der = opensslRequest(pki, 'nonce', ['-cert', pki.signer.certPath]);
      const text = mustOpenssl(['ocsp', '-reqin', join(pki.dir, 'nonce.req'), '-req_text']);
      const printed = /OCSP Nonce:\s*\n\s*0410([0-9A-F]{32})/.exec(text)?.[1];
      // A 16-octet nonce (OpenSSL's default length), as 32 hex digits.
      expect(printed).toHaveLength(32);
      expect(
        Buffer.from(parseOcspRequest(der).nonce ?? [])
          .toString('hex')
          .toUpperCase(),
      ).toBe(printed);
    });
  });

  describe('when OpenSSL asks with SHA-256 CertIDs about two certificates', () => {
    it('reads both, in order, as @peculiar/asn1-ocsp does', () => {
      const der = opensslRequest(pki, 'two', [
        '-sha256',
        '-cert',
        pki.signer.certPath,
        '-cert',
        pki.tsa.certPath,
      ]);
      const parsed = parseOcspRequest(der);
      expect(parsed.requests.map((r) => r.certId.hash)).toEqual(['sha256', 'sha256']);
      expect(Buffer.from(parsed.requests[1]?.certId.serialNumber ?? [])).toEqual(
        serialOf(pki.tsa.certDer),
      );
      expect(parsed.requests).toEqual(libraryReading(der));
      const certId = parsed.requests[0]?.certId;
      expect(certId && certIdMatchesIssuer(certId, pki.issuing.certDer)).toBe(true);
    });
  });

  describe('when the request is signed (RFC 6960 4.1.2)', () => {
    it('accepts it without requiring the signature', () => {
      const der = opensslRequest(pki, 'signed', [
        '-cert',
        pki.signer.certPath,
        '-signer',
        pki.signer.certPath,
        '-signkey',
        pki.signer.keyPath,
      ]);
      const parsed = parseOcspRequest(der);
      expect(parsed.requests).toHaveLength(1);
      expect(parsed.nonce).toHaveLength(16);
    });
  });

  describe('when the request is not a well-formed OCSP request', () => {
    it.each([
      ['garbage', Uint8Array.from(Buffer.from('GET / HTTP/1.1\r\n'))],
      ['an empty body', new Uint8Array(0)],
      ['a SEQUENCE that is no OCSPRequest', Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x01])],
    ])('refuses %s with MALFORMED_REQUEST', (_what, der) => expectMalformed(der));

    it('refuses every truncation of a real request with MALFORMED_REQUEST', () => {
      const der = opensslRequest(pki, 'cut', ['-cert', pki.signer.certPath]);
      for (let length = 0; length < der.length; length++) expectMalformed(der.subarray(0, length));
    });

    it('refuses trailing data after the request', () => {
      const der = opensslRequest(pki, 'trail', ['-cert', pki.signer.certPath, '-no_nonce']);
      expectMalformed(Buffer.concat([der, Buffer.of(0)]));
    });

    it('never fails with anything but an OcspError when a byte is changed', () => {
      const der = opensslRequest(pki, 'flip', ['-cert', pki.signer.certPath]);
      for (let i = 0; i < der.length; i++) {
        for (const mask of [0x01, 0x80, 0xff]) {
          const changed = Buffer.from(der);
          changed[i] = (changed[i] ?? 0) ^ mask;
          try {
            parseOcspRequest(changed);
          } catch (error) {
            expect(error).toBeInstanceOf(OcspError);
          }
        }
      }
    });

    it('refuses a request naming no certificate', () => {
      expectMalformed(libraryRequest({ requestList: [] }));
    });

    it('refuses a CertID hashed with MD5', () => {
      expectMalformed(opensslRequest(pki, 'md5', ['-md5', '-cert', pki.signer.certPath]));
    });

    it.each([
      ['empty', 0],
      ['longer than 128 octets (RFC 9654 2.1)', 129],
    ])('refuses a nonce that is %s', (_what, length) => {
      expectMalformed(libraryRequest({ extensions: [nonceExtension(new Uint8Array(length))] }));
    });

    it('accepts a nonce of 128 octets', () => {
      const nonce = new Uint8Array(128).fill(7);
      expect(
        parseOcspRequest(libraryRequest({ extensions: [nonceExtension(nonce)] })).nonce,
      ).toEqual(nonce);
    });

    it('refuses a critical extension it does not know (RFC 6960 4.4)', () => {
      const unknown = new Extension({
        extnID: oid.OID_SIGNET_TSA_POLICY,
        critical: true,
        extnValue: new OctetString(Uint8Array.of(5, 0)),
      });
      expectMalformed(libraryRequest({ extensions: [unknown] }));
      const nonCritical = new Extension({ ...unknown, critical: false });
      expect(parseOcspRequest(libraryRequest({ extensions: [nonCritical] })).requests).toHaveLength(
        1,
      );
    });
  });
});
