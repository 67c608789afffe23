/**
 * RSA public keys Signet refuses to compute with (issue 14): an exponent that is not a small odd
 * number (even, below 3, above 2^32) or a modulus over 8192 bits. The refusal comes at import
 * (publicKeyFromSpki, which every signature check goes through) and as the key policy's reason
 * (verificationKeyProblem); keys are written by hand, since Node generates none of them.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { RSAPublicKey } from '@peculiar/asn1-rsa';
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import {
  MAX_RSA_MODULUS_BITS,
  publicKeyFromSpki,
  verificationKeyProblem,
} from '../../../src/core/algorithms';
import { FormatError } from '../../../src/core/errors';
import * as oid from '../../../src/core/oid';

const modulus3072 = Buffer.from(
  generateKeyPairSync('rsa', { modulusLength: 3072 }).publicKey.export({ format: 'jwk' }).n ?? '',
  'base64url',
);

/** An RSA SubjectPublicKeyInfo with this modulus and exponent (big-endian magnitudes). */
function rsaSpki(
  modulus: Buffer,
  exponent: bigint,
): { spki: SubjectPublicKeyInfo; der: Uint8Array } {
  const hex = exponent.toString(16);
  const positive = (b: Buffer): ArrayBuffer =>
    new Uint8Array(Buffer.concat([Buffer.alloc(1), b])).buffer;
  const key = new RSAPublicKey({
    modulus: positive(modulus),
    publicExponent: positive(Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex')),
  });
  const spki = new SubjectPublicKeyInfo({
    algorithm: new AlgorithmIdentifier({ algorithm: oid.OID_RSA_ENCRYPTION, parameters: null }),
    subjectPublicKey: AsnConvert.serialize(key),
  });
  return { spki, der: new Uint8Array(AsnConvert.serialize(spki)) };
}

function refusal(der: Uint8Array): string {
  try {
    publicKeyFromSpki(der);
  } catch (error) {
    expect(error).toBeInstanceOf(FormatError);
    expect((error as FormatError).code).toBe('UNSUPPORTED_ALGORITHM');
    return (error as FormatError).message;
  }
  throw new Error('the key was accepted');
}

describe('RSA public keys', () => {
  describe('with a small odd exponent', () => {
    it.each([3n, 65537n, 2n ** 32n - 1n])('are accepted (e = %s)', (e) => {
      const { spki, der } = rsaSpki(modulus3072, e);
      expect(publicKeyFromSpki(der).asymmetricKeyDetails?.publicExponent).toBe(e);
      expect(verificationKeyProblem(spki, der)).toBeUndefined();
    });
  });

  describe('with an exponent that is huge, even or below 3', () => {
    const huge = BigInt(`0x${randomBytes(375).toString('hex')}`) | (1n << 2999n) | 1n;
    it.each([
      ['a 3000-bit exponent', huge, '3000 bits'],
      ['2^32 + 1', 2n ** 32n + 1n, '33 bits'],
      ['an even exponent', 65536n, '17 bits'],
      ['1', 1n, '1 bits'],
    ])('refuses %s before any computation', (_, e, bits) => {
      const { spki, der } = rsaSpki(modulus3072, e);
      expect(refusal(der)).toContain(`public exponent (${bits})`);
      expect(verificationKeyProblem(spki, der)).toContain('is not a small odd number');
    });
  });

  describe('with a modulus over 8192 bits', () => {
    it('refuses it, and accepts 8192 bits', () => {
      const big = randomBytes((MAX_RSA_MODULUS_BITS + 8) / 8);
      big[0] = (big[0] ?? 0) | 0x80;
      big[1] = (big[1] ?? 0) | 0x80;
      big[big.length - 1] = (big[big.length - 1] ?? 0) | 1;
      const { spki, der } = rsaSpki(big, 65537n);
      expect(refusal(der)).toContain(`8200 bits, more than ${MAX_RSA_MODULUS_BITS}`);
      expect(verificationKeyProblem(spki, der)).toContain('more than 8192');
      const fits = rsaSpki(big.subarray(1), 65537n);
      expect(publicKeyFromSpki(fits.der).asymmetricKeyDetails?.modulusLength).toBe(8192);
    });
  });
});
