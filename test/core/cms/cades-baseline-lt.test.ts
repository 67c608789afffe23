import { createHash } from 'node:crypto';
import {
  addSignatureTimestamp,
  addValidationData,
  CmsError,
  parseSignedData,
  signCadesBaselineB,
} from '../../../src/core/cms';
import { FormatError } from '../../../src/core/errors';
import { opensslCmsPrint, opensslCmsVerify, testTsa, writeTemp } from '../../helpers/cms-interop';
import { nodeSigner } from '../../helpers/node-signer';
import { makeOpensslPki, openssl, type TestPki } from '../../helpers/openssl';
import { makeRevocationData, type RevocationData } from '../../helpers/openssl-revocation';

const documentBytes = new TextEncoder().encode('Permit 2025-118, Water Resources Bureau.\n');

describe('addValidationData (CAdES-B-LT)', () => {
  let pki: TestPki;
  let revocation: RevocationData;
  let baselineB: Uint8Array;
  let baselineT: Uint8Array;
  let baselineLT: Uint8Array;

  beforeAll(async () => {
    pki = makeOpensslPki('ec');
    revocation = makeRevocationData(pki);
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
    baselineLT = addValidationData(baselineT, {
      certificates: [pki.root.certDer, pki.issuing.certDer, pki.tsa.certDer, pki.ocsp.certDer],
      crls: [revocation.crlDer],
      ocspResponses: [revocation.ocspResponseDer],
    });
  });

  it('carries the given certificates once each, with those it had', () => {
    const certificates = parseSignedData(baselineLT).certificates.map((c) => Buffer.from(c));
    expect(certificates).toHaveLength(5);
    expect(certificates).toEqual(
      expect.arrayContaining([
        pki.root.certDer,
        pki.issuing.certDer,
        pki.signer.certDer,
        pki.tsa.certDer,
        pki.ocsp.certDer,
      ]),
    );
  });

  it('carries the CRL and the OCSP response as given', () => {
    const view = parseSignedData(baselineLT);
    expect(view.crls.map((c) => Buffer.from(c))).toEqual([revocation.crlDer]);
    expect(view.ocspResponses.map((r) => Buffer.from(r))).toEqual([revocation.ocspResponseDer]);
  });

  it('is SignedData version 5, as an `other` revocation format requires (RFC 5652 5.1)', () => {
    expect(parseSignedData(baselineLT).version).toBe(5);
  });

  it('shows the OCSP response to openssl as id-ri-ocsp-response (RFC 5940)', () => {
    const printed = opensslCmsPrint(pki, baselineLT);
    expect(printed).toMatch(
      /d\.other:\s+otherRevInfoFormat: .*\(1\.3\.6\.1\.5\.5\.7\.16\.2\)\s+otherRevInfo: SEQUENCE:[\s\S]*Basic OCSP Response/,
    );
    expect(opensslCmsPrint(pki, baselineT)).not.toContain('d.other:');
  });

  it('gives openssl ocsp an embedded response it reads as good for the signer', () => {
    const embedded = parseSignedData(baselineLT).ocspResponses[0] ?? new Uint8Array(0);
    const result = openssl([
      'ocsp',
      '-respin',
      writeTemp(pki, 'resp.der', embedded),
      '-issuer',
      pki.issuing.certPath,
      '-cert',
      pki.signer.certPath,
      '-CAfile',
      pki.root.certPath,
      '-no_nonce',
    ]);
    expect(result.stdout).toMatch(/: good/);
    expect(result.status).toBe(0);
  });

  it('still verifies with openssl cms -verify, the time-stamp kept', () => {
    expect(parseSignedData(baselineLT).signerInfos[0]?.signatureTimestamps).toHaveLength(1);
    expect(opensslCmsVerify(pki, baselineLT, documentBytes, ['-cades']).status).toBe(0);
  });

  it('lets openssl cms -verify -crl_check find the CRL inside the signature', () => {
    expect(opensslCmsVerify(pki, baselineLT, documentBytes, ['-crl_check']).status).toBe(0);
  });

  it('(without the CRL, the same openssl cms -verify -crl_check fails)', () => {
    const result = opensslCmsVerify(pki, baselineT, documentBytes, ['-crl_check']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/unable to get certificate CRL/i);
  });

  it('adds nothing when given the same data again', () => {
    const again = addValidationData(baselineLT, {
      certificates: [pki.issuing.certDer],
      crls: [revocation.crlDer],
      ocspResponses: [revocation.ocspResponseDer],
    });
    expect(Buffer.from(again)).toEqual(Buffer.from(baselineLT));
  });

  describe('on a signature without a signature time-stamp', () => {
    it('throws NOT_BASELINE_T: B-LT builds on B-T', () => {
      expect(() => addValidationData(baselineB, { crls: [revocation.crlDer] })).toThrow(
        expect.objectContaining({ constructor: CmsError, code: 'NOT_BASELINE_T' }),
      );
    });
  });

  describe('with revocation data that is not DER', () => {
    it('throws MALFORMED_DER', () => {
      expect(() => addValidationData(baselineT, { ocspResponses: [Buffer.from('no')] })).toThrow(
        expect.objectContaining({ constructor: FormatError, code: 'MALFORMED_DER' }),
      );
    });
  });
});
