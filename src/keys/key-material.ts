/**
 * Private keys as Node KeyObjects: generation per KEY_ALGORITHMS and the checks that a key is what
 * its file says and fits the scheme a caller asks for. KeyObjects never leave src/keys/.
 */
import { generateKeyPair, type KeyObject } from 'node:crypto';
import {
  isHashName,
  type KeyAlgorithm,
  type KeyType,
  type SignatureScheme,
} from '../core/algorithms';
import { KeyVaultError } from './errors';
import { isSm2Key } from './sm2-key';

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** OpenSSL's names for the NIST curves, as KeyObject.asymmetricKeyDetails reports them. */
const OPENSSL_CURVES: Record<'P-256' | 'P-384', string> = {
  'P-256': 'prime256v1',
  'P-384': 'secp384r1',
};

/** Generates on the libuv pool (an RSA-3072 key can take a second); the event loop stays free. */
export function generateKeyObjects(alg: KeyAlgorithm): Promise<KeyPair> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, publicKey: KeyObject, privateKey: KeyObject): void => {
      if (err) reject(err);
      else resolve({ privateKey, publicKey });
    };
    if (alg.type === 'ec' && alg.namedCurve) {
      generateKeyPair('ec', { namedCurve: alg.namedCurve }, done);
    } else if (alg.type === 'sm2') {
      // OpenSSL's generator and CSPRNG; the vault keeps the result as PKCS#8 (sm2-key.ts).
      generateKeyPair('ec', { namedCurve: 'SM2' }, done);
    } else if (alg.type === 'rsa' && alg.modulusLength) {
      generateKeyPair('rsa', { modulusLength: alg.modulusLength, publicExponent: 0x10001 }, done);
    } else {
      reject(
        new KeyVaultError('UNSUPPORTED_ALGORITHM', `The key algorithm ${alg.name} is incomplete.`),
      );
    }
  });
}

/** True when the key is a private key of exactly this algorithm (type, curve or modulus size). */
export function keyMatchesAlgorithm(key: KeyObject, alg: KeyAlgorithm): boolean {
  if (alg.type === 'sm2') return isSm2Key(key);
  if (key.type !== 'private' || key.asymmetricKeyType !== alg.type) return false;
  const details = key.asymmetricKeyDetails ?? {};
  if (alg.type === 'ec') {
    return alg.namedCurve !== undefined && details.namedCurve === OPENSSL_CURVES[alg.namedCurve];
  }
  return details.modulusLength === alg.modulusLength;
}

const KEY_TYPE_NAMES: Record<KeyType, string> = { ec: 'ECDSA', rsa: 'RSA', sm2: 'SM2' };

function keyTypeOf(key: KeyObject): KeyType | undefined {
  if (isSm2Key(key)) return 'sm2';
  const t = key.asymmetricKeyType;
  if (t === 'ec') return 'ec';
  if (t === 'rsa' || t === 'rsa-pss') return 'rsa';
  return undefined;
}

/**
 * Refuses a scheme that does not fit the key before OpenSSL sees it: Node would sign an ECDSA
 * scheme with an RSA key as PKCS#1, giving a value under the wrong AlgorithmIdentifier.
 */
export function assertSchemeFits(key: KeyObject, scheme: SignatureScheme): void {
  assertSchemeFitsKeyType(keyTypeOf(key), scheme);
}

/** The same check for a key known by its type only (a PKCS#11 object's CKA_KEY_TYPE). */
export function assertSchemeFitsKeyType(
  keyType: KeyType | undefined,
  scheme: SignatureScheme,
): void {
  if (!isHashName(scheme.hash)) {
    throw new KeyVaultError(
      'UNSUPPORTED_ALGORITHM',
      'The signature scheme names an unsupported hash.',
    );
  }
  if (scheme.keyType !== keyType) {
    throw new KeyVaultError(
      'SCHEME_MISMATCH',
      `An ${KEY_TYPE_NAMES[scheme.keyType] ?? 'unknown'} signature scheme does not fit this ${keyType ? KEY_TYPE_NAMES[keyType] : 'unknown'} key.`,
    );
  }
  if (keyType === 'ec' && scheme.padding !== undefined) {
    throw new KeyVaultError('SCHEME_MISMATCH', 'An ECDSA signature scheme takes no RSA padding.');
  }
  if (
    keyType === 'rsa' &&
    scheme.padding !== undefined &&
    scheme.padding !== 'pkcs1' &&
    scheme.padding !== 'pss'
  ) {
    throw new KeyVaultError(
      'UNSUPPORTED_ALGORITHM',
      'The signature scheme names an unsupported RSA padding.',
    );
  }
  if (
    scheme.saltLength !== undefined &&
    (scheme.padding !== 'pss' || !Number.isInteger(scheme.saltLength) || scheme.saltLength < 0)
  ) {
    throw new KeyVaultError(
      'SCHEME_MISMATCH',
      'A salt length applies only to RSASSA-PSS and must be a whole number.',
    );
  }
}
