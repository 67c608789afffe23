/**
 * verifyTimeStampToken (RFC 3161 2.4.2) over tokens OpenSSL's TSA made (`openssl ts -reply`), the
 * independent producer: a token over the data passes, and each check refuses what it is for.
 */
import { createHash } from 'node:crypto';
import { OID_SIGNET_TSA_POLICY } from '../../../src/core/oid';
import {
  createTimeStampToken,
  verifyTimeStampToken,
  type TokenVerificationInput,
} from '../../../src/core/tsp';
import { DEFAULT_WORK_LIMITS, parseCertificates, WorkBudget } from '../../../src/core/validation';
import { nodeSigner } from '../../helpers/node-signer';
import { makeOpensslPki, type TestPki } from '../../helpers/openssl';
import { opensslTimestampToken } from '../../helpers/openssl-tsa';

const data = new TextEncoder().encode('Procurement result notice.\n');
const sha256 = (bytes: Uint8Array): Uint8Array => createHash('sha256').update(bytes).digest();

describe('verifyTimeStampToken', () => {
  let pki: TestPki;
  let token: Uint8Array;
  const over = (bytes: Uint8Array, now = new Date()): TokenVerificationInput => ({
    digestUnder: (hash) => createHash(hash).update(bytes).digest(),
    certificates: [],
    now,
  });

  beforeAll(() => {
    pki = makeOpensslPki();
    token = opensslTimestampToken(pki, sha256(data));
  });

  it('passes a token over the data, naming the TSA certificate it carries', () => {
    const result = verifyTimeStampToken(token, over(data));
    expect(result.problem).toBeUndefined();
    expect(Buffer.from(result.tsa?.der ?? [])).toEqual(Buffer.from(pki.tsa.certDer));
    expect(result.token?.tstInfo.hash).toBe('sha256');
  });

  it('refuses a token over other data (IMPRINT_MISMATCH)', () => {
    const other = new TextEncoder().encode('Another notice.\n');
    expect(verifyTimeStampToken(token, over(other)).problem).toEqual({ code: 'IMPRINT_MISMATCH' });
  });

  it('refuses a token whose TSA signature was changed (BAD_SIGNATURE)', () => {
    const tampered = Uint8Array.from(token);
    tampered[tampered.length - 5] ^= 0x01; // inside the SignerInfo's signature, the token's end
    const result = verifyTimeStampToken(tampered, over(data));
    expect(result.problem).toEqual({ code: 'BAD_SIGNATURE' });
  });

  it('refuses a token dated after the time of the check (FUTURE)', () => {
    const result = verifyTimeStampToken(token, over(data, new Date('2001-01-01T00:00:00Z')));
    expect(result.problem).toEqual({ code: 'FUTURE' });
  });

  describe('for a token that does not carry its TSA certificate (certReq false)', () => {
    let bare: Uint8Array;
    beforeAll(async () => {
      bare = await createTimeStampToken({
        hash: 'sha256',
        messageImprint: sha256(data),
        serialNumber: new Uint8Array([0x01]),
        genTime: new Date(),
        policy: OID_SIGNET_TSA_POLICY,
        signer: nodeSigner(pki.tsa.keyPem, { keyType: 'ec', hash: 'sha256' }),
        tsaCertificate: pki.tsa.certDer,
        includeCertificate: false,
      });
    });

    it('finds none when only another certificate is at hand (NO_TSA_CERTIFICATE)', () => {
      const result = verifyTimeStampToken(bare, {
        ...over(data),
        certificates: parseCertificates([pki.issuing.certDer, pki.signer.certDer]),
      });
      expect(result.problem).toEqual({ code: 'NO_TSA_CERTIFICATE' });
    });

    it('passes with the TSA certificate given beside it', () => {
      const result = verifyTimeStampToken(bare, {
        ...over(data),
        certificates: parseCertificates([pki.signer.certDer, pki.tsa.certDer]),
      });
      expect(result.problem).toBeUndefined();
    });
  });

  describe("with the verification request's work budget", () => {
    it("draws one signature check for the TSA's signature", () => {
      const budget = new WorkBudget();
      expect(verifyTimeStampToken(token, { ...over(data), budget }).problem).toBeUndefined();
      expect(budget.usedOf('signatureChecks')).toBe(1);
    });

    it('refuses to check the signature once the budget allows no more (WORK_LIMIT)', () => {
      const budget = new WorkBudget({ ...DEFAULT_WORK_LIMITS, signatureChecks: 0 });
      const result = verifyTimeStampToken(token, { ...over(data), budget });
      expect(result.problem).toEqual({ code: 'WORK_LIMIT' });
      expect(result.tsa).toBeDefined();
    });
  });

  it('gives UNREADABLE for bytes that are not a token', () => {
    expect(verifyTimeStampToken(data, over(data)).problem?.code).toBe('UNREADABLE');
  });
});
