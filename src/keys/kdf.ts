import { createSecretKey, randomBytes, scrypt, type KeyObject } from 'node:crypto';
import { KeyVaultError } from './errors';

/** scrypt parameters as stored in vault.json (RFC 7914 names). */
export interface ScryptParams {
  name: 'scrypt';
  /** CPU/memory cost, a power of two; memory used is 128 * N * r bytes. */
  N: number;
  r: number;
  p: number;
  /** base64url, 16 random bytes or more. */
  salt: string;
}

/**
 * 2^16 took 0.34-0.43 s on the 2-core reference machine (2^17 took up to 0.87 s, too close to the
 * 1 s start-up budget under load). It runs once per process, at open.
 */
export const DEFAULT_LOG_N = 16;
/** Below 2^15 (r=8) a copied vault is too cheap to attack; above 2^20 open would take many seconds. */
export const MIN_LOG_N = 15;
export const MAX_LOG_N = 20;
const SALT_BYTES = 16;
const KEY_BYTES = 32;

export function newScryptParams(logN: number = DEFAULT_LOG_N): ScryptParams {
  if (!Number.isInteger(logN) || logN < MIN_LOG_N || logN > MAX_LOG_N) {
    throw new RangeError(`scrypt logN must be an integer from ${MIN_LOG_N} to ${MAX_LOG_N}.`);
  }
  return {
    name: 'scrypt',
    N: 2 ** logN,
    r: 8,
    p: 1,
    salt: randomBytes(SALT_BYTES).toString('base64url'),
  };
}

/**
 * Checks parameters read from vault.json. A tampered file could otherwise make open() allocate
 * gigabytes or derive a key from a cheap setting.
 */
export function isAcceptableScryptParams(value: unknown): value is ScryptParams {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const { N, r, p, salt } = v;
  return (
    v.name === 'scrypt' &&
    typeof N === 'number' &&
    Number.isInteger(Math.log2(N)) &&
    N >= 2 ** MIN_LOG_N &&
    N <= 2 ** MAX_LOG_N &&
    r === 8 &&
    p === 1 &&
    typeof salt === 'string' &&
    Buffer.from(salt, 'base64url').length >= SALT_BYTES
  );
}

/**
 * Derives the 256-bit master key. scrypt runs on the libuv pool, so the event loop stays free; the
 * result is held as a KeyObject (outside the JS heap) and the intermediate buffer is wiped.
 */
export function deriveMasterKey(passphrase: Buffer, params: ScryptParams): Promise<KeyObject> {
  const { N, r, p } = params;
  const salt = Buffer.from(params.salt, 'base64url');
  return new Promise((resolve, reject) => {
    scrypt(
      passphrase,
      salt,
      KEY_BYTES,
      { N, r, p, maxmem: 128 * N * r + 16 * 1024 * 1024 },
      (err, key) => {
        if (err) {
          reject(
            new KeyVaultError('VAULT_CORRUPTED', 'The key vault cannot derive its master key.', {
              cause: err,
            }),
          );
          return;
        }
        const master = createSecretKey(key);
        key.fill(0);
        resolve(master);
      },
    );
  });
}
