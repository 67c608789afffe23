import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { MAX_RSA_MODULUS_BITS, publicKeyFromSpki } from '../core/algorithms';
import { decodeDer } from '../core/asn1/decode';
import { isSm2Spki, sm2PublicKeyFromSpki } from '../core/sm2/public-key';
import { CaError } from './errors';

const ALLOWED_CURVES = new Set(['prime256v1', 'secp384r1']);
const MIN_RSA_BITS = 2048;

/**
 * Refuses keys a document-signing certificate must not certify: curves other than P-256/P-384 and
 * SM2's sm2p256v1, RSA under 2048 bits (NIST SP 800-131A) or absurdly large, and any other key type.
 */
export function checkKeyAllowed(spkiDer: Uint8Array): string {
  if (isSm2Spki(decodeDer(spkiDer, SubjectPublicKeyInfo, 'SubjectPublicKeyInfo'))) {
    // A point of the curve, not the identity (GB/T 32918.1 6.2); throws a FormatError otherwise.
    sm2PublicKeyFromSpki(spkiDer);
    return 'sm2';
  }
  const key = publicKeyFromSpki(spkiDer);
  const details = key.asymmetricKeyDetails ?? {};
  if (
    key.asymmetricKeyType === 'ec' &&
    details.namedCurve &&
    ALLOWED_CURVES.has(details.namedCurve)
  ) {
    return details.namedCurve === 'prime256v1' ? 'ecdsa-p256' : 'ecdsa-p384';
  }
  const bits = details.modulusLength ?? 0;
  if (key.asymmetricKeyType === 'rsa' && bits >= MIN_RSA_BITS && bits <= MAX_RSA_MODULUS_BITS) {
    return `rsa-${bits}`;
  }
  throw new CaError(
    'KEY_NOT_ALLOWED',
    'The key is not one Signet certifies: use ECDSA P-256/P-384, SM2, or RSA of 2048 bits or more.',
  );
}
