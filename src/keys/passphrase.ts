import { randomBytes } from 'node:crypto';
import { KeyVaultError } from './errors';

/** Shorter passphrases are refused: the vault's files may be copied, and scrypt only slows a guess. */
export const MIN_PASSPHRASE_LENGTH = 12;

/**
 * The passphrase as KDF input. NFC first, so that the same passphrase typed on systems that compose
 * characters differently derives the same key; length counts characters, not UTF-16 units.
 */
export function passphraseBytes(passphrase: string): Buffer {
  if (typeof passphrase !== 'string' || [...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    throw new KeyVaultError(
      'WEAK_PASSPHRASE',
      `The key passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long.`,
    );
  }
  return Buffer.from(passphrase.normalize('NFC'), 'utf8');
}

/** A passphrase for the development bootstrap: 256 random bits, base64url (43 characters). */
export function generateDevPassphrase(): string {
  return randomBytes(32).toString('base64url');
}
