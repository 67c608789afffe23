/**
 * The signer's distinguishing identifier and Z_A, the hash that binds an SM2 signature to the
 * curve, the signer's public key and that identifier (GB/T 32918.2-2016 section 5.5).
 */
import type { WeierstrassPoint } from '@noble/curves/abstract/weierstrass.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import type { Sm2Curve } from './curve';
import { sm3 } from './sm3';

/**
 * The default ID of GB/T 35276-2017 section 10 ("1234567812345678"), used by certificates, CMS
 * (GB/T 35275) and OCSP/TSA responders alike. It is always passed explicitly: OpenSSL 3 and Node
 * default to an empty ID, which gives a different Z_A and signatures nobody else verifies.
 */
export const SM2_DEFAULT_ID: Uint8Array = new TextEncoder().encode('1234567812345678');

/** ENTL_A is two octets of bit length (GB/T 32918.2 5.5): an ID is at most 8191 octets. */
const MAX_ID_OCTETS = 0xffff >> 3;

/** Z_A = SM3(ENTL_A || ID_A || a || b || x_G || y_G || x_A || y_A) (GB/T 32918.2 5.5). */
export function distinguishingHash(
  curve: Sm2Curve,
  publicKey: WeierstrassPoint<bigint>,
  id: Uint8Array = SM2_DEFAULT_ID,
): Uint8Array {
  if (id.length > MAX_ID_OCTETS) throw new RangeError('An SM2 distinguishing ID is too long.');
  const bits = id.length * 8;
  const entl = new Uint8Array([bits >> 8, bits & 0xff]);
  const { a, b, Gx, Gy } = curve.params;
  const { x, y } = publicKey.toAffine();
  const field = (v: bigint): Uint8Array => curve.Point.Fp.toBytes(v);
  return sm3(entl, id, field(a), field(b), field(Gx), field(Gy), field(x), field(y));
}

/**
 * e = SM3(Z_A || M) as an integer (GB/T 32918.2 6.1 steps A1-A3, 7.1 steps B3-B4). It is not
 * reduced: the equations add it modulo n.
 */
export function messageRepresentative(
  curve: Sm2Curve,
  publicKey: WeierstrassPoint<bigint>,
  message: Uint8Array,
  id: Uint8Array = SM2_DEFAULT_ID,
): bigint {
  return bytesToNumberBE(sm3(distinguishingHash(curve, publicKey, id), message));
}
