import { createHash } from 'node:crypto';
import type { RandomSource } from '../ports';

/**
 * A bearer token: 32 CSPRNG bytes, base64url, with a prefix that says what it is (so a leaked one
 * is recognisable in a secret scanner). With 256 bits of entropy a plain SHA-256 is a safe stored
 * form: no slow password hash is needed to resist guessing.
 */
export function newToken(random: RandomSource, kind: 'admin' | 'department'): string {
  return `signet_${kind === 'admin' ? 'adm' : 'dep'}_${Buffer.from(random.bytes(32)).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
