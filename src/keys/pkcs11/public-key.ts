/**
 * The SubjectPublicKeyInfo of a token's public-key object, read from its attributes: an EC key's
 * CKA_EC_PARAMS and CKA_EC_POINT (a DER OCTET STRING around the uncompressed point, PKCS#11 v2.40
 * curr. 2.3.3), an RSA key's CKA_MODULUS and CKA_PUBLIC_EXPONENT. Node builds the DER from a JWK.
 */
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import * as pkcs11js from 'pkcs11js';
import { OctetString } from '@peculiar/asn1-schema';
import { ECParameters } from '@peculiar/asn1-ecc';
import { decodeDer } from '../../core/asn1/decode';
import { OID_CURVE_P256, OID_CURVE_P384 } from '../../core/oid';
import { KeyVaultError } from '../errors';

const JWK_CURVES: Record<string, { crv: string; size: number }> = {
  [OID_CURVE_P256]: { crv: 'P-256', size: 32 },
  [OID_CURVE_P384]: { crv: 'P-384', size: 48 },
};

export function readSpki(
  lib: pkcs11js.PKCS11,
  session: pkcs11js.Handle,
  object: pkcs11js.Handle,
  keyType: number,
): Uint8Array {
  const jwk =
    keyType === pkcs11js.CKK_EC ? ecJwk(lib, session, object) : rsaJwk(lib, session, object);
  return new Uint8Array(
    createPublicKey({ key: jwk, format: 'jwk' }).export({ format: 'der', type: 'spki' }),
  );
}

function attributes(
  lib: pkcs11js.PKCS11,
  session: pkcs11js.Handle,
  object: pkcs11js.Handle,
  types: number[],
): Buffer[] {
  return lib
    .C_GetAttributeValue(
      session,
      object,
      types.map((type) => ({ type })),
    )
    .map((a) => (Buffer.isBuffer(a.value) ? a.value : Buffer.alloc(0)));
}

function ecJwk(
  lib: pkcs11js.PKCS11,
  session: pkcs11js.Handle,
  object: pkcs11js.Handle,
): JsonWebKey {
  const [params = Buffer.alloc(0), pointDer = Buffer.alloc(0)] = attributes(lib, session, object, [
    pkcs11js.CKA_EC_PARAMS,
    pkcs11js.CKA_EC_POINT,
  ]);
  // PKCS#11 3.0 2.3.3: CKA_EC_PARAMS and CKA_EC_POINT are DER (the point an OCTET STRING).
  const corrupted = (message: string, cause?: unknown): never => {
    throw new KeyVaultError('KEY_CORRUPTED', `A token key: ${message}`, { cause });
  };
  const named = decodeDer(params, ECParameters, 'EC parameters', { fail: corrupted }).namedCurve;
  const curve = JWK_CURVES[named ?? ''];
  const point = Buffer.from(
    decodeDer(pointDer, OctetString, 'EC point', { fail: corrupted }).buffer,
  );
  if (!curve || point.length !== 1 + 2 * curve.size || point[0] !== 0x04) {
    throw new KeyVaultError(
      'KEY_CORRUPTED',
      'A token key is not an uncompressed P-256 or P-384 point.',
    );
  }
  return {
    kty: 'EC',
    crv: curve.crv,
    x: point.subarray(1, 1 + curve.size).toString('base64url'),
    y: point.subarray(1 + curve.size).toString('base64url'),
  };
}

function rsaJwk(
  lib: pkcs11js.PKCS11,
  session: pkcs11js.Handle,
  object: pkcs11js.Handle,
): JsonWebKey {
  const [n = Buffer.alloc(0), e = Buffer.alloc(0)] = attributes(lib, session, object, [
    pkcs11js.CKA_MODULUS,
    pkcs11js.CKA_PUBLIC_EXPONENT,
  ]);
  return { kty: 'RSA', n: n.toString('base64url'), e: e.toString('base64url') };
}
