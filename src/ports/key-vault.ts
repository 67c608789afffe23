import type { KeyAlgorithmName, SignatureScheme } from '../core/algorithms';
import type { Signer } from '../core/signer';

export interface GeneratedKey {
  keyId: string;
  /** DER SubjectPublicKeyInfo of the new key. */
  publicKey: Uint8Array;
}

/** Where a vault keeps its keys: `signet keys list` and the registry say it (issue 17). */
export interface KeyCustody {
  /** file: encrypted PKCS#8 files; pkcs11: inside a PKCS#11 token (HSM), never extractable. */
  kind: 'file' | 'pkcs11';
  /** For an operator: the key directory, or the token label and module. */
  location: string;
}

/**
 * Custody of private keys. A key is made inside the vault and never leaves it: callers get a
 * Signer bound to the key id and hand it the data to be signed (STYLE.md rule 6). A PKCS#11 vault
 * implements the same interface.
 */
export interface KeyVault {
  readonly custody: KeyCustody;
  generate(algorithm: KeyAlgorithmName): Promise<GeneratedKey>;
  /** A signer for the key; fails with KEY_NOT_FOUND when the key does not exist. */
  signer(keyId: string, scheme: SignatureScheme): Signer;
  publicKey(keyId: string): Promise<Uint8Array>;
  /** Removes a key that was generated for an operation that then failed. */
  destroy(keyId: string): Promise<void>;
  /**
   * Re-encrypts every key under a new passphrase, all-or-nothing across a crash. Only a vault
   * that keeps keys under Signet's passphrase has it (a PKCS#11 token has its own PIN).
   */
  rotatePassphrase?(newPassphrase: string): Promise<{ keys: number }>;
}
