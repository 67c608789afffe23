import { createPublicKey, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import {
  KEY_ALGORITHMS,
  isKeyAlgorithmName,
  type KeyAlgorithmName,
  type SignatureScheme,
} from '../core/algorithms';
import type { Signer } from '../core/signer';
import type { GeneratedKey, KeyCustody, KeyVault } from '../ports';
import { KeyVaultError } from './errors';
import { decodeKeyFile, encodeKeyFile, keyFileName } from './key-file';
import { isKeyId, newKeyId } from './key-id';
import { generateKeyObjects } from './key-material';
import { LruCache } from './lru-cache';
import { passphraseBytes } from './passphrase';
import { ensurePrivateDir, readFileIfExists, removeFile, writeFileAtomic } from './storage';
import { finishRotation, rotatePassphrase } from './rotation';
import { KEYS_SUBDIR, openMasterKey } from './vault-header';
import { VaultSigner } from './vault-signer';
import { isSm2Key, sm2KeyFromPkcs8, sm2PublicSpki } from './sm2-key';

export interface FileKeyVaultOptions {
  /** The data directory (SIGNET_DATA_DIR); the vault lives in `<dir>/keys`. */
  dir: string;
  /** SIGNET_KEY_PASSPHRASE: at least 12 characters. */
  passphrase: string;
  /** How many decrypted keys stay in memory, least recently used out first (default 1,000). */
  cacheSize?: number;
  /**
   * log2 of scrypt's N for a vault created now (default 16, 15 to 20). An existing vault keeps the
   * parameters in its vault.json. Tests lower it to 15 to open many vaults quickly.
   */
  scryptLogN?: number;
}

const DEFAULT_CACHE_SIZE = 1000;

/**
 * The key vault on files: one AES-256-GCM encrypted PKCS#8 file per key under a master key derived
 * from the passphrase once, at open. Private KeyObjects stay in this object's private fields and
 * in VaultSigner; no method returns one, so a PKCS#11 vault can replace this class unseen.
 *
 * signer() does no I/O and never throws: the port returns a Signer synchronously, and the key's
 * existence, integrity and fit to the scheme are checked at sign(), which rejects with
 * KEY_NOT_FOUND, KEY_CORRUPTED or SCHEME_MISMATCH.
 */
export class FileKeyVault implements KeyVault {
  readonly custody: KeyCustody;
  readonly #dir: string;
  /** Replaced once, when the passphrase is rotated (rotatePassphrase). */
  #master: KeyObject;
  /** Promises, not keys: concurrent first uses of a key share one read and decryption. */
  readonly #cache: LruCache<string, Promise<KeyObject>>;

  private constructor(dir: string, master: KeyObject, cacheSize: number) {
    this.#dir = dir;
    this.custody = { kind: 'file', location: dir };
    this.#master = master;
    this.#cache = new LruCache(cacheSize);
  }

  /**
   * Opens the vault in `<dir>/keys`, creating it (0700, with vault.json) on first use. Fails with
   * WEAK_PASSPHRASE, WRONG_PASSPHRASE, VAULT_CORRUPTED or STORAGE_FAILED.
   */
  static async open(options: FileKeyVaultOptions): Promise<FileKeyVault> {
    const passphrase = passphraseBytes(options.passphrase);
    try {
      const dir = join(options.dir, KEYS_SUBDIR);
      await ensurePrivateDir(dir);
      const master = await openMasterKey(dir, passphrase, options.scryptLogN);
      await finishRotation(dir, master);
      return new FileKeyVault(dir, master, options.cacheSize ?? DEFAULT_CACHE_SIZE);
    } finally {
      passphrase.fill(0);
    }
  }

  async generate(algorithm: KeyAlgorithmName): Promise<GeneratedKey> {
    if (!isKeyAlgorithmName(algorithm)) {
      throw new KeyVaultError(
        'UNSUPPORTED_ALGORITHM',
        `The key algorithm ${String(algorithm)} is not supported.`,
      );
    }
    let pair;
    try {
      pair = await generateKeyObjects(KEY_ALGORITHMS[algorithm]);
    } catch (cause) {
      if (cause instanceof KeyVaultError) throw cause;
      throw new KeyVaultError(
        'CRYPTO_FAILED',
        `The key vault could not generate an ${algorithm} key.`,
        { cause },
      );
    }
    const keyId = newKeyId();
    await writeFileAtomic(
      this.#dir,
      keyFileName(keyId),
      encodeKeyFile(this.#master, keyId, algorithm, pair.privateKey),
    );
    // A new key is usually used at once (to sign its certificate request): keep it decrypted, in
    // the form a read from its file gives (an SM2 key as its scalar, sm2-key.ts).
    this.#cache.set(keyId, Promise.resolve(inMemoryForm(algorithm, pair.privateKey)));
    return { keyId, publicKey: spkiDer(pair.publicKey) };
  }

  /**
   * Re-encrypts every key file under a new passphrase, atomically across a crash (rotation.ts).
   * Another process that holds the vault open keeps the old master key: stop servers first.
   */
  async rotatePassphrase(newPassphrase: string): Promise<{ keys: number }> {
    const passphrase = passphraseBytes(newPassphrase);
    try {
      const { master, keys } = await rotatePassphrase(this.#dir, this.#master, passphrase);
      this.#master = master;
      return { keys };
    } finally {
      passphrase.fill(0);
    }
  }

  signer(keyId: string, scheme: SignatureScheme): Signer {
    return new VaultSigner(scheme, () => this.#privateKey(keyId));
  }

  async publicKey(keyId: string): Promise<Uint8Array> {
    const key = await this.#privateKey(keyId);
    return isSm2Key(key) ? sm2PublicSpki(key) : spkiDer(createPublicKey(key));
  }

  /** Idempotent: a key that is already gone (or an id that cannot exist) is not an error. */
  async destroy(keyId: string): Promise<void> {
    if (!isKeyId(keyId)) return;
    this.#cache.delete(keyId);
    await removeFile(this.#dir, keyFileName(keyId));
    // Again after the unlink: a sign() that read the file meanwhile must not leave the key cached.
    this.#cache.delete(keyId);
  }

  #privateKey(keyId: string): Promise<KeyObject> {
    if (!isKeyId(keyId)) return Promise.reject(notFound());
    const cached = this.#cache.get(keyId);
    if (cached) return cached;
    const loading = this.#readKey(keyId);
    this.#cache.set(keyId, loading);
    // A failure is not cached: the next use reads the file again (it may have been restored).
    loading.catch(() => {
      if (this.#cache.peek(keyId) === loading) this.#cache.delete(keyId);
    });
    return loading;
  }

  async #readKey(keyId: string): Promise<KeyObject> {
    const bytes = await readFileIfExists(join(this.#dir, keyFileName(keyId)));
    if (!bytes) throw notFound(keyId);
    return decodeKeyFile(this.#master, keyId, bytes).privateKey;
  }
}

function notFound(keyId?: string): KeyVaultError {
  // A malformed id is not echoed: it came from outside and may be anything.
  const which = keyId ? `key ${keyId}` : 'key with this id';
  return new KeyVaultError('KEY_NOT_FOUND', `The key vault holds no ${which}.`);
}

function inMemoryForm(algorithm: KeyAlgorithmName, generated: KeyObject): KeyObject {
  if (algorithm !== 'sm2') return generated;
  const der = generated.export({ format: 'der', type: 'pkcs8' });
  try {
    const key = sm2KeyFromPkcs8(der);
    if (!key) throw new KeyVaultError('CRYPTO_FAILED', 'The new SM2 key could not be read back.');
    return key;
  } finally {
    der.fill(0);
  }
}

function spkiDer(publicKey: KeyObject): Uint8Array {
  return new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
}
