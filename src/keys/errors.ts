import { errorOfKinds, type ErrorKind } from '../core/errors';

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
  /** A reading command, which does not open the vault, asked for a key. */
  | 'VAULT_SEALED'
  /** The PKCS#11 module (SIGNET_PKCS11_MODULE) cannot be loaded or initialized. */
  | 'MODULE_UNAVAILABLE'
  /** No token with the configured label (SIGNET_PKCS11_TOKEN) is present. */
  | 'TOKEN_NOT_FOUND'
  /** The token refuses the PIN (or the PIN file cannot be read, or the PIN is locked). */
  | 'WRONG_PIN'
  /** The token failed an operation (removed, out of memory, device error). */
  | 'TOKEN_FAILED';

/**
 * The vault is the server's own: what it cannot do is a fault of Signet (an algorithm it does not
 * offer was asked by Signet's code, not by a caller), except the operator's passphrase, a file
 * system that cannot be written now and a PKCS#11 token that cannot sign now.
 */
const KEY_VAULT_ERROR_KINDS = {
  WRONG_PASSPHRASE: 'unauthorized',
  WEAK_PASSPHRASE: 'invalid',
  VAULT_CORRUPTED: 'fault',
  KEY_NOT_FOUND: 'fault',
  KEY_CORRUPTED: 'fault',
  SCHEME_MISMATCH: 'fault',
  UNSUPPORTED_ALGORITHM: 'fault',
  CRYPTO_FAILED: 'fault',
  STORAGE_FAILED: 'unavailable',
  // A reading command's code asked for a private key: a fault of Signet, not of the caller.
  VAULT_SEALED: 'fault',
  // SIGNET_KEYS=pkcs11: the module, the token or its login is gone; a later try may work once the
  // operator has acted. WRONG_PIN too: after a lost token the vault logs in again inside a
  // request, and a 401 there would blame the caller's own credential.
  MODULE_UNAVAILABLE: 'unavailable',
  TOKEN_NOT_FOUND: 'unavailable',
  WRONG_PIN: 'unavailable',
  TOKEN_FAILED: 'unavailable',
} as const satisfies Record<KeyVaultErrorCode, ErrorKind>;

export class KeyVaultError extends errorOfKinds(KEY_VAULT_ERROR_KINDS) {}
