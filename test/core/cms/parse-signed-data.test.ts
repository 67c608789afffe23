import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { OctetString } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { ContentInfo } from '../../../src/core/asn1/cms';
import { DerElement } from '../../../src/core/asn1/der-element';
import {
  addSignatureTimestamp,
  CmsError,
  contentTypeAttribute,
  encodeAttribute,
  encodeSignedData,
  messageDigestAttribute,
  parseSignedData,
  signCadesBaselineB,
} from '../../../src/core/cms';
import { buildSignerInfo } from '../../../src/core/cms/signer-info';
import { decodeDer } from '../../../src/core/asn1/decode';
import { toDer } from '../../../src/core/encoding';
import { FormatError, SignetError } from '../../../src/core/errors';
import * as oid from '../../../src/core/oid';
import { testTsa, writeTemp } from '../../helpers/cms-interop';
import { nodeSigner } from '../../helpers/node-signer';
import { makeOpensslPki, mustOpenssl, type TestPki } from '../../helpers/openssl';

const documentBytes = new TextEncoder().encode('Circular on archive retention periods.\n');

describe('parseSignedData', () => {
  let pki: TestPki;
  let baselineT: Uint8Array;

  beforeAll(async () => {
    pki = makeOpensslPki('ec');
    const b = await signCadesBaselineB({
      digest: createHash('sha256').update(documentBytes).digest(),
      hash: 'sha256',
      signer: nodeSigner(pki.signer.keyPem, { keyType: 'ec', hash: 'sha256' }),
      signerCertificate: pki.signer.certDer,
      certificates: [pki.issuing.certDer],
      signingTime: new Date('2025-03-01T10:00:00Z'),
    });
    baselineT = await addSignatureTimestamp(b, testTsa(pki, { keyType: 'ec', hash: 'sha256' }));
  });

  function opensslSign(extra: string[]): Uint8Array {
    const out = writeTemp(pki, 'openssl.p7s', '');
    mustOpenssl([
      'cms',
      '-sign',
      '-binary',
      '-in',
      writeTemp(pki, 'doc', documentBytes),
      '-signer',
      pki.signer.certPath,
      '-inkey',
      pki.signer.keyPath,
      '-certfile',
      pki.issuing.certPath,
      '-md',
      'sha256',
      '-outform',
      'DER',
      '-out',
      out,
      ...extra,
    ]);
    return readFileSync(out);
  }

  describe('with a CAdES signature made by openssl cms -sign -cades', () => {
    it('reads the signer, its signed attributes and the certificates', () => {
      const view = parseSignedData(opensslSign(['-cades']));
      const signerInfo = view.signerInfos[0];
      const certificate = decodeDer(pki.signer.certDer, Certificate, 'certificate');
      expect(view.signerInfos).toHaveLength(1);
      expect(view.content).toBeUndefined();
      expect(view.certificates.map((c) => Buffer.from(c))).toEqual(
        expect.arrayContaining([pki.signer.certDer, pki.issuing.certDer]),
      );
      expect(signerInfo?.digestHash).toBe('sha256');
      expect(signerInfo?.contentType).toBe(oid.OID_CT_DATA);
      expect(signerInfo?.messageDigest).toEqual(
        new Uint8Array(createHash('sha256').update(documentBytes).digest()),
      );
      expect(signerInfo?.signingTime).toBeInstanceOf(Date);
      const essCertId = signerInfo?.signingCertificateV2?.certs[0];
      expect(Buffer.from(essCertId?.certHash.buffer ?? new ArrayBuffer(0))).toEqual(
        createHash('sha256').update(pki.signer.certDer).digest(),
      );
      expect(signerInfo?.sid).toEqual({
        kind: 'issuerAndSerialNumber',
        issuer: toDer(certificate.tbsCertificate.issuer),
        serialNumber: new Uint8Array(certificate.tbsCertificate.serialNumber),
      });
    });

    it('gives the signed attributes exactly as OpenSSL signed them (RFC 5652 5.4)', () => {
      const signerInfo = parseSignedData(opensslSign(['-cades'])).signerInfos[0];
      const signedAttributes = signerInfo?.signedAttributesDer ?? new Uint8Array(0);
      expect(signedAttributes[0]).toBe(0x31); // SET OF, no longer [0] IMPLICIT
      const publicKey = createPublicKey(pki.signer.certPem);
      const signature = signerInfo?.signature ?? new Uint8Array(0);
      expect(verify('sha256', signedAttributes, publicKey, signature)).toBe(true);
    });
  });

  describe('with an indefinite-length (BER) signature carrying its content, from -stream', () => {
    it('reads the encapsulated content', () => {
      const view = parseSignedData(opensslSign(['-nodetach', '-stream']));
      expect(Buffer.from(view.content ?? new Uint8Array(0))).toEqual(Buffer.from(documentBytes));
    });
  });

  describe('with Signet CAdES-B-T', () => {
    it('returns the signature time-stamp token', () => {
      expect(parseSignedData(baselineT).signerInfos[0]?.signatureTimestamps).toHaveLength(1);
    });
  });

  describe('with malformed input', () => {
    const cases: Array<[string, () => Uint8Array, string]> = [
      [
        'random bytes',
        () => new Uint8Array(64).map((_, i) => (i * 37 + 11) & 0xff),
        'MALFORMED_DER',
      ],
      ['no bytes', () => new Uint8Array(0), 'MALFORMED_DER'],
      [
        'a truncated DER signature',
        () => baselineT.subarray(0, baselineT.length - 10),
        'MALFORMED_DER',
      ],
      [
        'a signature with bytes after it',
        () => Buffer.concat([baselineT, Buffer.from([0])]),
        'MALFORMED_DER',
      ],
      ['a certificate', () => pki.signer.certDer, 'MALFORMED_DER'],
      [
        'the PEM form of a signature',
        () =>
          Buffer.from(
            mustOpenssl([
              'cms',
              '-cmsout',
              '-inform',
              'DER',
              '-outform',
              'PEM',
              '-in',
              writeTemp(pki, 's.p7s', baselineT),
            ]),
          ),
        'MALFORMED_DER',
      ],
    ];
    it.each(cases)('gives a FormatError for %s', (_name, bytes, code) => {
      expect(() => parseSignedData(bytes())).toThrow(
        expect.objectContaining({ constructor: FormatError, code }),
      );
    });

    it('says so when PEM is given instead of DER', () => {
      const pem = new TextEncoder().encode('-----BEGIN CMS-----\nMAA=\n-----END CMS-----\n');
      expect(() => parseSignedData(pem)).toThrow(/PEM/);
    });

    it('gives NOT_SIGNED_DATA for another content type', () => {
      const data = toDer(
        new ContentInfo({
          contentType: oid.OID_CT_DATA,
          content: new DerElement(toDer(new OctetString(documentBytes))),
        }),
      );
      expect(() => parseSignedData(data)).toThrow(
        expect.objectContaining({ constructor: CmsError, code: 'NOT_SIGNED_DATA' }),
      );
    });

    it('gives NO_SIGNER_INFO for a certificates-only SignedData (openssl crl2pkcs7)', () => {
      const out = writeTemp(pki, 'degenerate.p7b', '');
      mustOpenssl([
        'crl2pkcs7',
        '-nocrl',
        '-certfile',
        pki.signer.certPath,
        '-outform',
        'DER',
        '-out',
        out,
      ]);
      const bytes = readFileSync(out);
      expect(() => parseSignedData(bytes)).toThrow(
        expect.objectContaining({ constructor: CmsError, code: 'NO_SIGNER_INFO' }),
      );
    });

    async function signedWith(signedAttributes: Uint8Array[]): Promise<Uint8Array> {
      const signerInfo = await buildSignerInfo({
        signer: nodeSigner(pki.signer.keyPem, { keyType: 'ec', hash: 'sha256' }),
        certificate: pki.signer.certDer,
        signedAttributes,
      });
      return encodeSignedData({
        contentType: oid.OID_CT_DATA,
        certificates: [pki.signer.certDer],
        crls: [],
        signerInfos: [signerInfo],
      });
    }

    it('gives INVALID_ATTRIBUTE for two content-type attributes (RFC 5652 11.1)', async () => {
      const cms = await signedWith([
        contentTypeAttribute(oid.OID_CT_DATA),
        contentTypeAttribute(oid.OID_CT_TST_INFO),
        messageDigestAttribute(new Uint8Array(32)),
      ]);
      expect(() => parseSignedData(cms)).toThrow(
        expect.objectContaining({ constructor: CmsError, code: 'INVALID_ATTRIBUTE' }),
      );
    });

    it('gives INVALID_ATTRIBUTE for a message-digest that is not an OCTET STRING', async () => {
      const cms = await signedWith([
        contentTypeAttribute(oid.OID_CT_DATA),
        encodeAttribute(oid.OID_AA_MESSAGE_DIGEST, [new Uint8Array([0x02, 0x01, 0x05])]),
      ]);
      expect(() => parseSignedData(cms)).toThrow(
        expect.objectContaining({ constructor: CmsError, code: 'INVALID_ATTRIBUTE' }),
      );
    });

    it('gives a typed error, never a TypeError, for truncations of a B-T signature at every third byte', () => {
      for (let length = 0; length < baselineT.length; length += 3) {
        expect(() => parseSignedData(baselineT.subarray(0, length))).toThrow(
          expect.any(SignetError),
        );
      }
    });

    it('parses or gives a typed error, never a TypeError, when a byte (every seventh) is corrupted', () => {
      for (let index = 0; index < baselineT.length; index += 7) {
        const corrupted = new Uint8Array(baselineT);
        corrupted[index] = (corrupted[index] ?? 0) ^ 0xa5;
        try {
          parseSignedData(corrupted);
        } catch (error) {
          expect(error).toBeInstanceOf(SignetError);
        }
      }
    });
  });
});
