/**
 * SM2 public keys in X.509: SubjectPublicKeyInfo with algorithm id-ecPublicKey and the named curve
 * sm2p256v1 in its parameters, the key an uncompressed point (GB/T 20518-2018 5.2.2.7;
 * RFC 5480 2.1 / 2.2 shape).
 */
import type { WeierstrassPoint } from '@noble/curves/abstract/weierstrass.js';
import { ECParameters } from '@peculiar/asn1-ecc';
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { decodeDer } from '../asn1/decode';
import { toArrayBuffer, toDer } from '../encoding';
import { FormatError } from '../errors';
import * as oid from '../oid';
import { SM2_P256 } from './curve';

/** True when the SubjectPublicKeyInfo names an EC key on the SM2 curve. */
export function isSm2Spki(spki: SubjectPublicKeyInfo): boolean {
  if (spki.algorithm.algorithm !== oid.OID_EC_PUBLIC_KEY || !spki.algorithm.parameters) {
    return false;
  }
  try {
    const params = decodeDer(
      new Uint8Array(spki.algorithm.parameters),
      ECParameters,
      'EC parameters',
    );
    return params.namedCurve === oid.OID_CURVE_SM2;
  } catch {
    return false;
  }
}

/** The public point of an SM2 SubjectPublicKeyInfo (DER), checked to be on the curve. */
export function sm2PublicKeyFromSpki(spkiDer: Uint8Array): WeierstrassPoint<bigint> {
  const spki = decodeDer(spkiDer, SubjectPublicKeyInfo, 'SubjectPublicKeyInfo');
  if (!isSm2Spki(spki)) {
    throw new FormatError('UNSUPPORTED_ALGORITHM', 'The public key is not an SM2 key.');
  }
  try {
    // fromBytes checks that the point lies on the curve (SEC 1 2.3.4 / GB/T 32918.1 6.2).
    return SM2_P256.Point.fromBytes(new Uint8Array(spki.subjectPublicKey));
  } catch (cause) {
    throw new FormatError('MALFORMED_DER', 'The SM2 public key is not a point of the curve.', {
      cause,
    });
  }
}

/** The SubjectPublicKeyInfo DER of an SM2 public point (uncompressed, as GB/T 20518 writes it). */
export function sm2Spki(point: WeierstrassPoint<bigint>): Uint8Array {
  return toDer(
    new SubjectPublicKeyInfo({
      algorithm: new AlgorithmIdentifier({
        algorithm: oid.OID_EC_PUBLIC_KEY,
        parameters: toArrayBuffer(toDer(new ECParameters({ namedCurve: oid.OID_CURVE_SM2 }))),
      }),
      subjectPublicKey: toArrayBuffer(point.toBytes(false)),
    }),
  );
}
