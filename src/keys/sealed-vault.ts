import type { SignatureScheme } from '../core/algorithms';
import type { Signer } from '../core/signer';
import type { GeneratedKey, KeyVault } from '../ca/ports';
import { KeyVaultError } from './errors';

/**
 * The vault of a reading command (issue 14 item 6): not opened, so no passphrase is asked for.
 * Reading never needs a private key; anything that would use one fails with VAULT_SEALED.
 */
export class SealedVault implements KeyVault {
  private refuse(): Promise<never> {
    return Promise.reject(
      new KeyVaultError(
        'VAULT_SEALED',
        'This command only reads: it does not open the key vault, and a key was asked for.',
      ),
    );
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
