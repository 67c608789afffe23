import { createHash } from 'node:crypto';
import { OctetString } from '@peculiar/asn1-schema';
import type { SignatureScheme } from '../../../src/core/algorithms';
import { SignerInfo } from '../../../src/core/asn1/cms';
import { DerElement, derSetOf } from '../../../src/core/asn1/der-element';
import {
  CmsError,
  contentTypeAttribute,
  encodeSignedData,
  messageDigestAttribute,
  parseSignedData,
  signCadesBaselineB,
  signingCertificateV2Attribute,
  signingTimeAttribute,
  type CadesBaselineBInput,
} from '../../../src/core/cms';
import {
  digestAlgorithmDer,
  signatureAlgorithmDer,
} from '../../../src/core/cms/algorithm-identifiers';
import { buildSignerInfo } from '../../../src/core/cms/signer-info';
import { signerIdentity } from '../../../src/core/cms/signer-identity';
import { toDer } from '../../../src/core/encoding';
import { FormatError } from '../../../src/core/errors';
import * as oid from '../../../src/core/oid';
import { opensslCmsPrint, opensslCmsVerify, writeTemp } from '../../helpers/cms-interop';
import { nodeSigner } from '../../helpers/node-signer';
import { makeOpensslPki, openssl, type TestPki } from '../../helpers/openssl';

const documentBytes = new TextEncoder().encode('Notice No. 42 of the Finance Bureau.\n');
const signingTime = new Date('2025-03-01T10:00:00.000Z');

function changedByte(bytes: Uint8Array, index = 7): Uint8Array {
  const copy = new Uint8Array(bytes);
  copy[index] = (copy[index] ?? 0) ^ 0x01;
  return copy;
}

function signedAttributeNames(printed: string): string[] {
  const section = printed.split('signedAttrs:')[1]?.split('signatureAlgorithm:')[0] ?? '';
  return [...section.matchAll(/object: (\S+) \(/g)].map((m) => m[1] ?? '');
}

const pkis: Record<'ec' | 'rsa', TestPki | undefined> = { ec: undefined, rsa: undefined };
function pki(kind: 'ec' | 'rsa'): TestPki {
  const made = pkis[kind] ?? makeOpensslPki(kind);
  pkis[kind] = made;
  return made;
}

function input(p: TestPki, scheme: SignatureScheme): CadesBaselineBInput {
  return {
    digest: createHash(scheme.hash).update(documentBytes).digest(),
    hash: scheme.hash,
    signer: nodeSigner(p.signer.keyPem, scheme),
    signerCertificate: p.signer.certDer,
    certificates: [p.issuing.certDer],
    signingTime,
  };
}

describe('signCadesBaselineB', () => {
  describe.each([
    ['ECDSA P-256', 'ec', { keyType: 'ec', hash: 'sha256' }],
    ['RSA PKCS#1 v1.5', 'rsa', { keyType: 'rsa', hash: 'sha256', padding: 'pkcs1' }],
    ['RSASSA-PSS', 'rsa', { keyType: 'rsa', hash: 'sha256', padding: 'pss' }],
  ] as const)('with a %s signer', (_name, kind, scheme) => {
    let signature: Uint8Array;
    beforeAll(async () => {
      signature = await signCadesBaselineB(input(pki(kind), scheme));
    });

    it('verifies with openssl cms -verify against the root, with and without -cades', () => {
      const result = opensslCmsVerify(pki(kind), signature, documentBytes);
      expect(result.stderr).toContain('Verification successful');
      expect(result.status).toBe(0);
      expect(opensslCmsVerify(pki(kind), signature, documentBytes, ['-cades']).status).toBe(0);
    });

    it('fails openssl cms -verify when one byte of the document changes', () => {
      const result = opensslCmsVerify(pki(kind), signature, changedByte(documentBytes));
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/digest failure|verification failure/i);
    });

    it('shows the four signed attributes in DER order in openssl cms -print', () => {
      expect(signedAttributeNames(opensslCmsPrint(pki(kind), signature))).toEqual([
        'contentType',
        'signingTime',
        'messageDigest',
        'id-smime-aa-signingCertificateV2',
      ]);
    });
  });

  describe('when the signed attributes are signed in insertion order instead of DER order', () => {
    it('openssl cms -print shows them in that order, so the DER order above is ours', async () => {
      const p = pki('ec');
      const scheme: SignatureScheme = { keyType: 'ec', hash: 'sha256' };
      const digest = createHash('sha256').update(documentBytes).digest();
      const unsorted = derSetOf([
        contentTypeAttribute(oid.OID_CT_DATA),
        messageDigestAttribute(digest),
        signingTimeAttribute(signingTime),
        signingCertificateV2Attribute(p.signer.certDer, 'sha256'),
      ]);
      const signerInfo = new SignerInfo({
        version: 1,
        sid: new DerElement(signerIdentity(p.signer.certDer).sid),
        digestAlgorithm: new DerElement(digestAlgorithmDer('sha256')),
        signedAttrs: unsorted,
        signatureAlgorithm: new DerElement(signatureAlgorithmDer(scheme)),
        signature: new OctetString(await nodeSigner(p.signer.keyPem, scheme).sign(toDer(unsorted))),
      });
      const cms = encodeSignedData({
        contentType: oid.OID_CT_DATA,
        certificates: [p.signer.certDer, p.issuing.certDer],
        crls: [],
        signerInfos: [signerInfo],
      });
      expect(signedAttributeNames(opensslCmsPrint(p, cms))).toEqual([
        'contentType',
        'messageDigest',
        'signingTime',
        'id-smime-aa-signingCertificateV2',
      ]);
    });
  });

  describe('signing-certificate-v2 (RFC 5035)', () => {
    it('passes the CAdES check of openssl cms -verify -cades', async () => {
      const p = pki('ec');
      const cms = await signCadesBaselineB(input(p, { keyType: 'ec', hash: 'sha256' }));
      expect(opensslCmsVerify(p, cms, documentBytes, ['-cades']).status).toBe(0);
    });

    it('fails that check when it names another certificate than the signer', async () => {
      const p = pki('ec');
      const signer = nodeSigner(p.signer.keyPem, { keyType: 'ec', hash: 'sha256' });
      const signerInfo = await buildSignerInfo({
        signer,
        certificate: p.signer.certDer,
        signedAttributes: [
          contentTypeAttribute(oid.OID_CT_DATA),
          messageDigestAttribute(createHash('sha256').update(documentBytes).digest()),
          signingCertificateV2Attribute(p.tsa.certDer, 'sha256'),
        ],
      });
      const cms = encodeSignedData({
        contentType: oid.OID_CT_DATA,
        certificates: [p.signer.certDer, p.issuing.certDer, p.tsa.certDer],
        crls: [],
        signerInfos: [signerInfo],
      });
      expect(opensslCmsVerify(p, cms, documentBytes).status).toBe(0);
      expect(opensslCmsVerify(p, cms, documentBytes, ['-cades']).status).not.toBe(0);
    });
  });

  describe('ESSCertIDv2.hashAlgorithm (RFC 5035: DEFAULT id-sha256)', () => {
    async function essCertIdDump(scheme: SignatureScheme): Promise<string> {
      const p = pki('ec');
      const view = parseSignedData(await signCadesBaselineB(input(p, scheme)));
      const attribute = view.signerInfos[0]?.signedAttributes.find(
        (a) => a.type === oid.OID_AA_SIGNING_CERTIFICATE_V2,
      );
      const value = attribute?.values[0] ?? new Uint8Array(0);
      return openssl(['asn1parse', '-inform', 'DER', '-in', writeTemp(p, 'ess.der', value)]).stdout;
    }

    // Lines 0-2 are SigningCertificateV2, certs and the ESSCertIDv2; line 3 is its first field.
    it('is left out for SHA-256: openssl asn1parse finds certHash first', async () => {
      const firstField = (await essCertIdDump({ keyType: 'ec', hash: 'sha256' })).split('\n')[3];
      expect(firstField).toMatch(/d=3 .*prim: OCTET STRING/);
    });

    it('is written for SHA-384: openssl asn1parse finds the AlgorithmIdentifier first', async () => {
      const lines = (await essCertIdDump({ keyType: 'ec', hash: 'sha384' })).split('\n');
      expect(lines[3]).toMatch(/d=3 .*cons: SEQUENCE/);
      expect(lines[4]).toMatch(/OBJECT +:sha384/);
    });
  });

  describe('without a signing time (PAdES, ETSI EN 319 142-1)', () => {
    it('signs content-type, message-digest and signing-certificate-v2 only, and verifies', async () => {
      const p = pki('ec');
      const cms = await signCadesBaselineB({
        ...input(p, { keyType: 'ec', hash: 'sha256' }),
        signingTime: undefined,
      });
      expect(signedAttributeNames(opensslCmsPrint(p, cms))).toEqual([
        'contentType',
        'messageDigest',
        'id-smime-aa-signingCertificateV2',
      ]);
      expect(opensslCmsVerify(p, cms, documentBytes).status).toBe(0);
    });
  });

  describe('the SignedData', () => {
    it('is detached version 1 with the signer certificate and chain (RFC 5652 5.1)', async () => {
      const p = pki('ec');
      const view = parseSignedData(
        await signCadesBaselineB(input(p, { keyType: 'ec', hash: 'sha256' })),
      );
      expect(view.version).toBe(1);
      expect(view.content).toBeUndefined();
      expect(view.contentType).toBe(oid.OID_CT_DATA);
      expect(view.certificates.map((c) => Buffer.from(c))).toEqual(
        expect.arrayContaining([p.signer.certDer, p.issuing.certDer]),
      );
      const signerInfo = view.signerInfos[0];
      expect(signerInfo?.signingTime).toEqual(signingTime);
      expect(signerInfo?.sid).toMatchObject({ kind: 'issuerAndSerialNumber' });
    });
  });

  describe('with a digest made with another hash than the signer signs with', () => {
    it('throws ALGORITHM_MISMATCH', async () => {
      const p = pki('ec');
      const request = { ...input(p, { keyType: 'ec', hash: 'sha384' }), hash: 'sha256' as const };
      await expect(signCadesBaselineB(request)).rejects.toMatchObject({
        constructor: CmsError,
        code: 'ALGORITHM_MISMATCH',
      });
    });
  });

  describe('with a digest of the wrong length', () => {
    it('throws INVALID_VALUE', async () => {
      const p = pki('ec');
      const request = {
        ...input(p, { keyType: 'ec', hash: 'sha256' }),
        digest: new Uint8Array(20),
      };
      await expect(signCadesBaselineB(request)).rejects.toMatchObject({
        constructor: FormatError,
        code: 'INVALID_VALUE',
      });
    });
  });

  describe('with a chain certificate that is not DER', () => {
    it('throws MALFORMED_DER', async () => {
      const p = pki('ec');
      const request = {
        ...input(p, { keyType: 'ec', hash: 'sha256' }),
        certificates: [Buffer.from('junk')],
      };
      await expect(signCadesBaselineB(request)).rejects.toMatchObject({
        constructor: FormatError,
        code: 'MALFORMED_DER',
      });
    });
  });
});
