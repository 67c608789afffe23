import { SignetError } from '../core/errors';

/**
 * Why the key vault refused or failed. Messages are one sentence for an operator and never hold key
 * material or the passphrase; the foreign failure (fs, OpenSSL) is kept as `cause` for the log.
 */
export type KeyVaultErrorCode =
  /** The passphrase does not open vault.json's key-check value. */
  | 'WRONG_PASSPHRASE'
  /** A new passphrase is shorter than the minimum. */
  | 'WEAK_PASSPHRASE'
  /** vault.json is unreadable, out of bounds, or missing while key files exist. */
  | 'VAULT_CORRUPTED'
  /** No key file for this id (or the id cannot be a vault key id). */
  | 'KEY_NOT_FOUND'
  /** A key file fails authentication (tampered, truncated, or renamed from another id). */
  | 'KEY_CORRUPTED'
  /** The signature scheme does not fit the key (an RSA scheme for an EC key, ...). */
  | 'SCHEME_MISMATCH'
  /** An algorithm, hash or padding that the vault does not offer. */
  | 'UNSUPPORTED_ALGORITHM'
  /** The crypto library failed to generate a key or sign with valid inputs. */
  | 'CRYPTO_FAILED'
  /** A file-system operation failed (permissions, disk full, ...). */
  | 'STORAGE_FAILED'
  /** The PKCS#11 module (SIGNET_PKCS11_MODULE) cannot be loaded or initialized. */
  | 'MODULE_UNAVAILABLE'
  /** No token with the configured label (SIGNET_PKCS11_TOKEN) is present. */
  | 'TOKEN_NOT_FOUND'
  /** The token refuses the PIN (or the PIN file cannot be read, or the PIN is locked). */
  | 'WRONG_PIN'
  /** The token failed an operation (removed, out of memory, device error). */
  | 'TOKEN_FAILED';

export class KeyVaultError extends SignetError<KeyVaultErrorCode> {}
