import { createCipheriv, createDecipheriv, randomBytes, type KeyObject } from 'node:crypto';

/** An AES-256-GCM ciphertext as stored in JSON: every field base64url. */
export interface SealedBox {
  iv: string;
  ciphertext: string;
  tag: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts under the master key. A random 96-bit IV per file is safe far beyond the number of keys
 * a vault will hold (NIST SP 800-38D 8.3 limits random IVs to 2^32 messages per key).
 */
export function seal(key: KeyObject, plaintext: Uint8Array, aad: Uint8Array): SealedBox {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    iv: iv.toString('base64url'),
    ciphertext: ciphertext.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'),
  };
}

export function isSealedBox(value: unknown): value is SealedBox {
  if (typeof value !== 'object' || value === null) return false;
  const { iv, ciphertext, tag } = value as Record<string, unknown>;
  return typeof iv === 'string' && typeof ciphertext === 'string' && typeof tag === 'string';
}

/**
 * Decrypts and authenticates, or returns undefined when the box, the key or the AAD do not match.
 * The caller decides what that means (wrong passphrase, tampered file). Plaintext is released only
 * after the tag checks; on failure the partial output is wiped.
 */
export function open(key: KeyObject, box: SealedBox, aad: Uint8Array): Buffer | undefined {
  const iv = Buffer.from(box.iv, 'base64url');
  const tag = Buffer.from(box.tag, 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return undefined;
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  const head = decipher.update(Buffer.from(box.ciphertext, 'base64url'));
  try {
    const tail = decipher.final();
    const plaintext = Buffer.concat([head, tail]);
    head.fill(0);
    tail.fill(0);
    return plaintext;
  } catch {
    head.fill(0);
    return undefined;
  }
}
