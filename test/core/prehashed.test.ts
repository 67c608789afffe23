/**
 * The prehashed verification that checks CMS signatures without signed attributes against a
 * streamed document's digest, against signatures made by Node's crypto (OpenSSL) over the data.
 */
import { constants, createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { HashName, SignatureScheme } from '../../src/core/algorithms';
import { verifyDigestSignature } from '../../src/core/prehashed';

const data = Buffer.from('The official text of a notice.\n');
const digestOf = (hash: HashName, bytes: Uint8Array = data): Uint8Array =>
  new Uint8Array(createHash(hash).update(bytes).digest());

function flip(bytes: Uint8Array, at: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}

type Case = [string, SignatureScheme, () => { publicKey: KeyObject; privateKey: KeyObject }];

const cases: Case[] = [
  [
    'ECDSA P-256 SHA-256',
    { keyType: 'ec', hash: 'sha256' },
    () => generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  ],
  [
    'ECDSA P-256 SHA-512 (digest truncated)',
    { keyType: 'ec', hash: 'sha512' },
    () => generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  ],
  [
    'ECDSA P-384 SHA-384',
    { keyType: 'ec', hash: 'sha384' },
    () => generateKeyPairSync('ec', { namedCurve: 'P-384' }),
  ],
  [
    'ECDSA P-521 SHA-512',
    { keyType: 'ec', hash: 'sha512' },
    () => generateKeyPairSync('ec', { namedCurve: 'P-521' }),
  ],
  [
    'RSA PKCS#1 v1.5 SHA-256',
    { keyType: 'rsa', hash: 'sha256', padding: 'pkcs1' },
    () => generateKeyPairSync('rsa', { modulusLength: 2048 }),
  ],
  [
    'RSA-PSS SHA-384',
    { keyType: 'rsa', hash: 'sha384', padding: 'pss' },
    () => generateKeyPairSync('rsa', { modulusLength: 2049 }),
  ],
  [
    'RSA-PSS SHA-256 salt 20',
    { keyType: 'rsa', hash: 'sha256', padding: 'pss', saltLength: 20 },
    () => generateKeyPairSync('rsa', { modulusLength: 3072 }),
  ],
];

function signWith(scheme: SignatureScheme, privateKey: KeyObject): Uint8Array {
  const options =
    scheme.keyType === 'ec'
      ? { key: privateKey, dsaEncoding: 'der' as const }
      : scheme.padding === 'pss'
        ? {
            key: privateKey,
            padding: constants.RSA_PKCS1_PSS_PADDING,
            saltLength: scheme.saltLength ?? createHash(scheme.hash).digest().length,
          }
        : { key: privateKey, padding: constants.RSA_PKCS1_PADDING };
  return new Uint8Array(sign(scheme.hash, data, options));
}

describe('verifyDigestSignature', () => {
  describe.each(cases)('with %s', (_name, scheme, keys) => {
    const { publicKey, privateKey } = keys();
    const signature = signWith(scheme, privateKey);

    it('accepts the signature over the digest of the signed data', () => {
      for (let i = 0; i < 3; i += 1) {
        const again = signWith(scheme, privateKey);
        expect(verifyDigestSignature(scheme, publicKey, digestOf(scheme.hash), again)).toBe(true);
      }
      expect(verifyDigestSignature(scheme, publicKey, digestOf(scheme.hash), signature)).toBe(true);
    });

    it('refuses the digest of other data', () => {
      const other = digestOf(scheme.hash, Buffer.from('Another text.\n'));
      expect(verifyDigestSignature(scheme, publicKey, other, signature)).toBe(false);
    });

    it('refuses a changed signature value', () => {
      for (const at of [0, 5, Math.floor(signature.length / 2), signature.length - 1]) {
        expect(
          verifyDigestSignature(scheme, publicKey, digestOf(scheme.hash), flip(signature, at)),
        ).toBe(false);
      }
    });

    it('refuses the signature under another key of the same kind', () => {
      const other = keys().publicKey;
      expect(verifyDigestSignature(scheme, other, digestOf(scheme.hash), signature)).toBe(false);
    });
  });

  describe('when the digest has the wrong length or the value is garbage', () => {
    it('answers false without throwing', () => {
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const scheme: SignatureScheme = { keyType: 'ec', hash: 'sha256' };
      expect(verifyDigestSignature(scheme, publicKey, new Uint8Array(31), new Uint8Array(70))).toBe(
        false,
      );
      expect(verifyDigestSignature(scheme, publicKey, digestOf('sha256'), new Uint8Array(0))).toBe(
        false,
      );
      const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
      expect(
        verifyDigestSignature(
          { keyType: 'rsa', hash: 'sha256', padding: 'pkcs1' },
          rsa,
          digestOf('sha256'),
          new Uint8Array(300).fill(0xff),
        ),
      ).toBe(false);
      expect(
        verifyDigestSignature(
          { keyType: 'rsa', hash: 'sha256', padding: 'pss' },
          rsa,
          digestOf('sha256'),
          new Uint8Array(256),
        ),
      ).toBe(false);
    });
  });
});
