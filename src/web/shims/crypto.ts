/**
 * `node:crypto` for the page (esbuild alias, scripts/build-web.js): `createHash` over
 * @noble/hashes (FIPS 180-4) and SM3 (GB/T 32905, ./sm3.ts), so the page hashes a signature's ByteRange with the same core
 * function the server runs on Node's OpenSSL. Signature verification (core/algorithms.ts) is the
 * server's work, never the page's: those imports exist so the module loads, and throw if called.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { createSm3 } from './sm3';

const HASHES = { sha1, sha256, sha384, sha512, sm3: { create: createSm3 } };

export interface Hash {
  update(data: Uint8Array): Hash;
  digest(): Uint8Array;
  digest(encoding: 'hex'): string;
}

export function createHash(algorithm: string): Hash {
  const make = HASHES[algorithm as keyof typeof HASHES];
  if (!make) throw new Error(`The hash ${algorithm} is not available in the browser.`);
  const state = make.create();
  const hash = {
    update(data: Uint8Array): Hash {
      state.update(data);
      return hash;
    },
    digest(encoding?: 'hex'): never {
      const value = state.digest();
      return (encoding === 'hex' ? bytesToHex(value) : value) as never;
    },
  };
  return hash;
}

function serverOnly(name: string): never {
  throw new Error(`${name} is done by the server, not in the browser.`);
}

export const constants = { RSA_PKCS1_PADDING: 1, RSA_PKCS1_PSS_PADDING: 6 };
export const createPublicKey = (): never => serverOnly('createPublicKey');
export const verify = (): never => serverOnly('verify');
