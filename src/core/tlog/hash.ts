import { createHash } from 'node:crypto';

/** SHA-256 is the only hash of RFC 9162 2.1 logs as C2SP uses them: 32-byte nodes. */
export const HASH_SIZE = 32;

/** MTH({}) = SHA-256() (RFC 9162 2.1.1): the root of the empty tree. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

/** MTH({d(0)}) = SHA-256(0x00 || d(0)) (RFC 9162 2.1.1): the hash of one entry. */
export function leafHash(entry: Uint8Array): Buffer {
  return createHash('sha256').update(Uint8Array.of(0)).update(entry).digest();
}

/** SHA-256(0x01 || left || right) (RFC 9162 2.1.1): an interior node. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(Uint8Array.of(1)).update(left).update(right).digest();
}

/** The largest power of two smaller than n (n > 1), the split point k of RFC 9162 2.1.1. */
export function splitPoint(n: bigint): bigint {
  let k = 1n;
  while (k << 1n < n) k <<= 1n;
  return k;
}
