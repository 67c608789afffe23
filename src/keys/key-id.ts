import { randomBytes } from 'node:crypto';

const KEY_ID = /^[0-9a-f]{32}$/;

/** 16 CSPRNG bytes in hex: unguessable, and safe as a file name. */
export function newKeyId(): string {
  return randomBytes(16).toString('hex');
}

/** Only well-formed ids reach the file system, so an id can never name a path outside the vault. */
export function isKeyId(value: unknown): value is string {
  return typeof value === 'string' && KEY_ID.test(value);
}
