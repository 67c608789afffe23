/**
 * SM2 private keys in the file vault. Node 20 cannot be the key's holder: a key it generates signs
 * plain ECDSA, a key it imports from PKCS#8 becomes OpenSSL's EVP_PKEY_SM2, which signs only under
 * the empty default ID and aborts the process when exported (`EVP_PKEY_get_id(pkey) == 408`
 * assertion in crypto_keys.cc). So the file keeps the PKCS#8 Node wrote at generation, and in
 * memory the key is its private scalar d in a secret KeyObject, which core/sm2 signs with.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import { ECParameters, ECPrivateKey } from '@peculiar/asn1-ecc';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { PrivateKeyInfo } from '../core/asn1/pkcs8';
import { decodeDer } from '../core/asn1/decode';
import { OID_CURVE_SM2, OID_EC_PUBLIC_KEY } from '../core/oid';
import { SM2_P256 } from '../core/sm2/curve';
import { sm2Spki } from '../core/sm2/public-key';
import { isSm2PrivateKey } from '../core/sm2/sign';

/** The secret KeyObject holding d (32 octets) of an SM2 PKCS#8 key, or undefined if it is none. */
export function sm2KeyFromPkcs8(der: Uint8Array): KeyObject | undefined {
  const info = decodeDer(der, PrivateKeyInfo, 'PKCS#8 private key');
  if (info.privateKeyAlgorithm.algorithm !== OID_EC_PUBLIC_KEY) return undefined;
  const params = info.privateKeyAlgorithm.parameters;
  if (!params || decodeDer(params, ECParameters, 'EC parameters').namedCurve !== OID_CURVE_SM2) {
    return undefined;
  }
  const ec = decodeDer(info.privateKey.buffer, ECPrivateKey, 'EC private key');
  const octets = new Uint8Array(ec.privateKey.buffer);
  if (octets.length !== SM2_P256.byteLength) return undefined;
  if (!isSm2PrivateKey(SM2_P256, bytesToNumberBE(octets))) return undefined;
  return createSecretKey(octets);
}

/** True when the KeyObject is the in-memory form made by sm2KeyFromPkcs8. */
export function isSm2Key(key: KeyObject): boolean {
  return key.type === 'secret' && key.symmetricKeySize === SM2_P256.byteLength;
}

/** The private scalar d, for core/sm2's signing. */
export function sm2Scalar(key: KeyObject): bigint {
  return bytesToNumberBE(new Uint8Array(key.export()));
}

/** SubjectPublicKeyInfo DER of the key's public point [d]G. */
export function sm2PublicSpki(key: KeyObject): Uint8Array {
  return sm2Spki(SM2_P256.Point.BASE.multiply(sm2Scalar(key)));
}
