/**
 * SM2 digital signature generation (GB/T 32918.2-2016 section 6.1) on @noble/curves' points and
 * scalar field: no field arithmetic is written here. The per-signature k comes from the caller's
 * CSPRNG (node:crypto randomBytes on the server), never from a deterministic or library nonce.
 */
import { bytesToNumberBE } from '@noble/curves/utils.js';
import type { Sm2Curve } from './curve';
import { messageRepresentative, SM2_DEFAULT_ID } from './distinguishing-id';
import { encodeSm2Signature } from './signature-value';

/** Random octets from a CSPRNG (the RandomSource port's shape). */
export type RandomBytes = (length: number) => Uint8Array;

/** A private key d is usable when 1 <= d <= n - 2 (GB/T 32918.1-2016 6.1: 1 + d is invertible). */
export function isSm2PrivateKey(curve: Sm2Curve, d: bigint): boolean {
  return d >= 1n && d <= curve.params.n - 2n;
}

/**
 * Signs `message` with private key `d` under distinguishing ID `id` and returns the DER
 * SEQUENCE { r, s }. The public key needed for Z_A is derived from d.
 */
export function sm2Sign(
  curve: Sm2Curve,
  d: bigint,
  message: Uint8Array,
  random: RandomBytes,
  id: Uint8Array = SM2_DEFAULT_ID,
): Uint8Array {
  if (!isSm2PrivateKey(curve, d)) throw new RangeError('The SM2 private key is out of range.');
  const { Point } = curve;
  const Fn = Point.Fn;
  const n = curve.params.n;
  // A1-A2: e = SM3(Z_A || M).
  const e = messageRepresentative(curve, Point.BASE.multiply(d), message, id);
  const inverseOnePlusD = Fn.inv(Fn.add(1n, d));
  for (;;) {
    // A3: k in [1, n-1], by rejection from byteLength random octets (no modular bias).
    const k = bytesToNumberBE(random(curve.byteLength));
    if (k < 1n || k >= n) continue;
    // A4: (x1, y1) = [k]G, constant-time (k is secret).
    const x1 = Point.BASE.multiply(k).toAffine().x;
    // A5: r = (e + x1) mod n; retry when r = 0 or r + k = n.
    const r = Fn.create(e + x1);
    if (r === 0n || r + k === n) continue;
    // A6: s = ((1 + d)^-1 * (k - r*d)) mod n; retry when s = 0.
    const s = Fn.mul(inverseOnePlusD, Fn.sub(k, Fn.mul(r, d)));
    if (s === 0n) continue;
    return encodeSm2Signature({ r, s });
  }
}
