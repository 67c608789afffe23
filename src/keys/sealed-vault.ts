import type { SignatureScheme } from '../core/algorithms';
import type { Signer } from '../core/signer';
import type { GeneratedKey, KeyCustody, KeyVault } from '../ports';
import { KeyVaultError } from './errors';

const sealed = (): KeyVaultError =>
  new KeyVaultError(
    'VAULT_SEALED',
    'This command only reads: it does not open the key vault, and a key was asked for.',
  );

/**
 * The vault of a reading command (issue 14 item 6): not opened, so no passphrase or PIN is asked
 * for. Reading never needs a private key; anything that would use one fails with VAULT_SEALED,
 * where the keys live too (SIGNET_KEYS is not read: a certificate's custody is in the registry).
 */
export class SealedVault implements KeyVault {
  get custody(): KeyCustody {
    throw sealed();
  }

  private refuse(): Promise<never> {
    return Promise.reject(sealed());
  }

  generate(): Promise<GeneratedKey> {
    return this.refuse();
  }

  signer(_keyId: string, scheme: SignatureScheme): Signer {
    return { scheme, sign: () => this.refuse() };
  }

  publicKey(): Promise<Uint8Array> {
    return this.refuse();
  }

  destroy(): Promise<void> {
    return this.refuse();
  }
}
