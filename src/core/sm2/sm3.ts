/**
 * SM3 (GB/T 32905-2016) over a list of byte strings. On the server this is OpenSSL's SM3 through
 * node:crypto; the page's bundle swaps node:crypto for src/web/shims/crypto.ts, whose SM3 is
 * tested against the same GB/T 32905 vectors.
 */
import { createHash } from 'node:crypto';

export const SM3_LENGTH = 32;

export function sm3(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash('sm3');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}
