import type { HashName } from '../../../src/core/algorithms';
import { createHash } from 'node:crypto';
import {
  addSignatureTimestamp,
  CmsError,
  parseSignedData,
  signCadesBaselineB,
} from '../../../src/core/cms';
import { OID_SIGNET_TSA_POLICY } from '../../../src/core/oid';
import { createTimeStampToken, parseTimeStampToken } from '../../../src/core/tsp';
import { opensslCmsVerify, testTsa, tsaUntrusted, writeTemp } from '../../helpers/cms-interop';
import { nodeSigner } from '../../helpers/node-signer';
import { makeOpensslPki, openssl, type TestPki } from '../../helpers/openssl';

const documentBytes = new TextEncoder().encode('Decision 7/2025 of the Land Bureau.\n');

describe('addSignatureTimestamp (CAdES-B-T)', () => {
  let pki: TestPki;
  let baselineB: Uint8Array;
  let baselineT: Uint8Array;
  let signatureValue: Uint8Array;
  let token: Uint8Array;

  beforeAll(async () => {
    pki = makeOpensslPki('ec');
    baselineB = await signCadesBaselineB({
      digest: createHash('sha256').update(documentBytes).digest(),
      hash: 'sha256',
      signer: nodeSigner(pki.signer.keyPem, { keyType: 'ec', hash: 'sha256' }),
      signerCertificate: pki.signer.certDer,
      certificates: [pki.issuing.certDer],
      signingTime: new Date('2025-03-01T10:00:00Z'),
    });
    baselineT = await addSignatureTimestamp(
      baselineB,
      testTsa(pki, { keyType: 'ec', hash: 'sha256' }),
    );
    const signerInfo = parseSignedData(baselineT).signerInfos[0];
    signatureValue = signerInfo?.signature ?? new Uint8Array(0);
    token = signerInfo?.signatureTimestamps[0] ?? new Uint8Array(0);
  });

  function opensslTsVerifyDigest(digestHex: string): ReturnType<typeof openssl> {
    return openssl([
      'ts',
      '-verify',
      '-digest',
      digestHex,
      '-in',
      writeTemp(pki, 'token.der', token),
      '-token_in',
      '-CAfile',
      pki.root.certPath,
      '-untrusted',
      tsaUntrusted(pki),
    ]);
  }

  it('puts one signature-time-stamp token in the unsigned attributes', () => {
    const signerInfo = parseSignedData(baselineT).signerInfos[0];
    expect(signerInfo?.signatureTimestamps).toHaveLength(1);
    expect(parseTimeStampToken(token).tstInfo.policy).toBe(OID_SIGNET_TSA_POLICY);
  });

  it('keeps the signed attributes and signature value: only unsigned attributes were added', () => {
    const before = parseSignedData(baselineB).signerInfos[0];
    const after = parseSignedData(baselineT).signerInfos[0];
    expect(before?.signature).toEqual(signatureValue);
    expect(after?.signedAttributesDer).toEqual(before?.signedAttributesDer);
  });

  it('gives a token that openssl ts -verify accepts for the SHA-256 of the signature value', () => {
    const result = opensslTsVerifyDigest(createHash('sha256').update(signatureValue).digest('hex'));
    expect(result.stdout).toContain('Verification: OK');
    expect(result.status).toBe(0);
  });

  it('gives a token that openssl ts -verify rejects for the SHA-256 of anything else', () => {
    const result = opensslTsVerifyDigest(createHash('sha256').update(documentBytes).digest('hex'));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/message imprint mismatch/i);
  });

  it('still verifies with openssl cms -verify', () => {
    expect(opensslCmsVerify(pki, baselineT, documentBytes, ['-cades']).status).toBe(0);
  });

  it('fails openssl cms -verify when the document changes', () => {
    const changed = new Uint8Array(documentBytes);
    changed[0] = (changed[0] ?? 0) ^ 0x20;
    expect(opensslCmsVerify(pki, baselineT, changed).status).not.toBe(0);
  });

  it('adds a second token beside the first when called again', async () => {
    const twice = await addSignatureTimestamp(
      baselineT,
      testTsa(pki, { keyType: 'ec', hash: 'sha256' }, new Date('2025-03-01T10:05:00Z')),
    );
    expect(parseSignedData(twice).signerInfos[0]?.signatureTimestamps).toHaveLength(2);
    expect(opensslCmsVerify(pki, twice, documentBytes).status).toBe(0);
  });

  describe('when the TSA answers for another imprint', () => {
    it('throws TIMESTAMP_MISMATCH', async () => {
      const wrongTsa = (_imprint: Uint8Array, hash: HashName) =>
        createTimeStampToken({
          hash,
          messageImprint: createHash(hash).update('something else').digest(),
          serialNumber: new Uint8Array([9]),
          genTime: new Date('2025-03-01T10:00:02Z'),
          policy: OID_SIGNET_TSA_POLICY,
          signer: nodeSigner(pki.tsa.keyPem, { keyType: 'ec', hash: 'sha256' }),
          tsaCertificate: pki.tsa.certDer,
          includeCertificate: true,
        });
      await expect(addSignatureTimestamp(baselineB, wrongTsa)).rejects.toMatchObject({
        constructor: CmsError,
        code: 'TIMESTAMP_MISMATCH',
      });
    });
  });
});
