import { randomBytes, sign as nodeSign, type KeyObject } from 'node:crypto';
import { SM2_P256 } from '../core/sm2/curve';
import { sm2Sign } from '../core/sm2/sign';
import { nodeSignatureOptions, type SignatureScheme } from '../core/algorithms';
import type { Signer } from '../core/signer';
import { KeyVaultError } from './errors';
import { assertSchemeFits } from './key-material';
import { sm2Scalar } from './sm2-key';

/**
 * A Signer bound to one vault key. It holds a loader, not the key: the key is read (or taken from
 * the vault's cache) at each sign(), so a missing, corrupted or mismatched key fails there.
 */
export class VaultSigner implements Signer {
  readonly scheme: SignatureScheme;
  // A private field, so that no caller can reach the loader and through it the KeyObject.
  readonly #loadKey: () => Promise<KeyObject>;

  constructor(scheme: SignatureScheme, loadKey: () => Promise<KeyObject>) {
    this.scheme = Object.freeze({ ...scheme });
    this.#loadKey = loadKey;
  }

  async sign(data: Uint8Array): Promise<Uint8Array> {
    const key = await this.#loadKey();
    assertSchemeFits(key, this.scheme);
    if (this.scheme.keyType === 'sm2') return signSm2(key, data);
    return signOnThreadPool(key, this.scheme, data);
  }
}

/**
 * crypto.sign with a callback runs on the libuv pool: the event loop stays free and both cores
 * sign at once (STACK.md: 51k/s on one core, 99k/s on two for P-256 in OpenSSL).
 */
function signOnThreadPool(
  key: KeyObject,
  scheme: SignatureScheme,
  data: Uint8Array,
): Promise<Uint8Array> {
  const failed = (cause: unknown): KeyVaultError =>
    new KeyVaultError('CRYPTO_FAILED', 'The key vault could not compute the signature.', { cause });
  return new Promise((resolve, reject) => {
    try {
      nodeSign(scheme.hash, data, { key, ...nodeSignatureOptions(scheme) }, (err, signature) => {
        if (err) reject(failed(err));
        else resolve(new Uint8Array(signature.buffer, signature.byteOffset, signature.byteLength));
      });
    } catch (cause) {
      // Argument errors (data that is not bytes) are thrown before the work is queued.
      reject(failed(cause));
    }
  });
}

/**
 * SM2 with the default distinguishing ID (GB/T 35276 10) by core/sm2, k from OpenSSL's CSPRNG.
 * It runs on the event loop (a few milliseconds): noble's arithmetic is JavaScript.
 */
function signSm2(key: KeyObject, data: Uint8Array): Promise<Uint8Array> {
  try {
    return Promise.resolve(sm2Sign(SM2_P256, sm2Scalar(key), data, randomBytes));
  } catch (cause) {
    return Promise.reject(
      new KeyVaultError('CRYPTO_FAILED', 'The key vault could not compute the signature.', {
        cause,
      }),
    );
  }
}
