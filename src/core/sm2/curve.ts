/**
 * SM2 elliptic curves as @noble/curves Weierstrass point types: the field, scalar and point
 * arithmetic are noble's (audited); this file only holds the domain parameters.
 */
import { weierstrass, type WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js';

/** Domain parameters of a prime-field curve y^2 = x^3 + ax + b (GB/T 32918.1 section 3.2). */
export interface Sm2CurveParameters {
  p: bigint;
  a: bigint;
  b: bigint;
  n: bigint;
  Gx: bigint;
  Gy: bigint;
}

export interface Sm2Curve {
  readonly params: Readonly<Sm2CurveParameters>;
  readonly Point: WeierstrassPointCons<bigint>;
  /** Octets of a field element or scalar (32 for 256-bit curves). */
  readonly byteLength: number;
}

/** A curve for SM2 from its parameters (cofactor 1, as every SM2 curve in GB/T 32918 has). */
export function sm2CurveFrom(params: Sm2CurveParameters): Sm2Curve {
  const Point = weierstrass({ ...params, h: 1n });
  return Object.freeze({ params: Object.freeze({ ...params }), Point, byteLength: Point.Fp.BYTES });
}

/**
 * The SM2 recommended curve sm2p256v1 (GB/T 32918.5-2017 section 3; OID 1.2.156.10197.1.301):
 * the only curve Signet makes or accepts SM2 keys on.
 */
export const SM2_P256: Sm2Curve = sm2CurveFrom({
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  Gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  Gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
});
