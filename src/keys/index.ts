/**
 * The key-custody adapter (STYLE.md: keys/). Composition roots import from here only; the other
 * modules of this folder handle private KeyObjects and are not part of its surface.
 */
export { FileKeyVault, type FileKeyVaultOptions } from './file-key-vault';
export { KEYS_SUBDIR } from './vault-header';
export { Pkcs11KeyVault, type Pkcs11KeyVaultOptions } from './pkcs11/pkcs11-key-vault';
export { SealedVault } from './sealed-vault';
export { KeyVaultError, type KeyVaultErrorCode } from './errors';
export { generateDevPassphrase, MIN_PASSPHRASE_LENGTH } from './passphrase';
