/**
 * SM2 digital signature verification (GB/T 32918.2-2016 section 7.1) on @noble/curves' points.
 * Never throws for a bad signature value: every malformed or out-of-range input is `false`.
 */
import type { WeierstrassPoint } from '@noble/curves/abstract/weierstrass.js';
import type { Sm2Curve } from './curve';
import { messageRepresentative, SM2_DEFAULT_ID } from './distinguishing-id';
import { decodeSm2Signature } from './signature-value';

export function sm2Verify(
  curve: Sm2Curve,
  publicKey: WeierstrassPoint<bigint>,
  message: Uint8Array,
  signature: Uint8Array,
  id: Uint8Array = SM2_DEFAULT_ID,
): boolean {
  const sig = decodeSm2Signature(signature);
  if (!sig) return false;
  const { r, s } = sig;
  const { n } = curve.params;
  // B1-B2: r and s in [1, n-1].
  if (r < 1n || r >= n || s < 1n || s >= n) return false;
  // The key must be a point of this curve's group, not the identity (GB/T 32918.1 6.2).
  if (!(publicKey instanceof curve.Point) || publicKey.is0()) return false;
  try {
    publicKey.assertValidity();
  } catch {
    return false;
  }
  const Fn = curve.Point.Fn;
  // B3-B4: e = SM3(Z_A || M').
  const e = messageRepresentative(curve, publicKey, message, id);
  // B5: t = (r + s) mod n, not 0.
  const t = Fn.add(r, s);
  if (t === 0n) return false;
  // B6: (x1, y1) = [s]G + [t]P_A (public scalars: the variable-time form is fine).
  const point = curve.Point.BASE.multiplyUnsafe(s).add(publicKey.multiplyUnsafe(t));
  if (point.is0()) return false;
  // B7: R = (e + x1) mod n must equal r.
  return Fn.create(e + point.toAffine().x) === r;
}
