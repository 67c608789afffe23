import { endianness } from 'node:os';
import * as pkcs11js from 'pkcs11js';
import {
  KEY_ALGORITHMS,
  isKeyAlgorithmName,
  type KeyAlgorithmName,
  type KeyType,
  type SignatureScheme,
} from '../../core/algorithms';
import type { Signer } from '../../core/signer';
import type { GeneratedKey, KeyCustody, KeyVault } from '../../ports';
import { KeyVaultError } from '../errors';
import { isKeyId, newKeyId } from '../key-id';
import { assertSchemeFitsKeyType } from '../key-material';
import { LruCache } from '../lru-cache';
import { generation, signatureValue, signingInput } from './mechanisms';
import { readSpki } from './public-key';
import { Pkcs11Token, type TokenOptions } from './token';

export type Pkcs11KeyVaultOptions = TokenOptions;

interface FoundKey {
  handle: pkcs11js.Handle;
  keyType: KeyType;
  /** The token generation the handle belongs to: handles die with a reconnection. */
  generation: number;
}

/** Large enough for every signature Signet makes: RSA-3072 is 384 bytes, P-384 r || s 96. */
const SIGNATURE_BUFFER_BYTES = 512;
const LABEL_PREFIX = 'signet-';

/**
 * The key vault in a PKCS#11 token (an HSM, or SoftHSM in tests). Keys are generated inside the
 * token as CKA_TOKEN objects with CKA_SENSITIVE, CKA_PRIVATE and not CKA_EXTRACTABLE (PKCS#11 v2.40
 * 4.9): no call, not even with the PIN, returns the private key. They are found again by CKA_ID
 * (the key id's 16 bytes) and labelled `signet-<keyId>`; the token signs a digest computed here.
 *
 * Like the file vault, signer() does no I/O and never throws: a missing key or a scheme that does
 * not fit it fails at sign().
 */
export class Pkcs11KeyVault implements KeyVault {
  readonly custody: KeyCustody;
  readonly #token: Pkcs11Token;
  readonly #label: string;
  readonly #keys = new LruCache<string, FoundKey>(1000);

  private constructor(token: Pkcs11Token, options: Pkcs11KeyVaultOptions) {
    this.#token = token;
    this.#label = options.label;
    this.custody = {
      kind: 'pkcs11',
      location: `PKCS#11 token "${options.label}" (${options.module})`,
    };
  }

  /** Loads the module and logs in to the token: MODULE_UNAVAILABLE, TOKEN_NOT_FOUND, WRONG_PIN. */
  static open(options: Pkcs11KeyVaultOptions): Pkcs11KeyVault {
    return new Pkcs11KeyVault(Pkcs11Token.open(options), options);
  }

  async generate(algorithm: KeyAlgorithmName): Promise<GeneratedKey> {
    if (!isKeyAlgorithmName(algorithm)) {
      throw new KeyVaultError(
        'UNSUPPORTED_ALGORITHM',
        `The key algorithm ${String(algorithm)} is not supported.`,
      );
    }
    const keyId = newKeyId();
    const g = generation(KEY_ALGORITHMS[algorithm]);
    const named = [
      { type: pkcs11js.CKA_ID, value: Buffer.from(keyId, 'hex') },
      { type: pkcs11js.CKA_LABEL, value: `${LABEL_PREFIX}${keyId}` },
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_KEY_TYPE, value: g.keyType },
    ];
    const publicTemplate = [
      ...named,
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
      { type: pkcs11js.CKA_PRIVATE, value: false },
      { type: pkcs11js.CKA_VERIFY, value: true },
      ...g.publicAttributes,
    ];
    // Sign only: the key can neither leave the token nor be used to decrypt, unwrap or derive.
    const privateTemplate = [
      ...named,
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
      { type: pkcs11js.CKA_PRIVATE, value: true },
      { type: pkcs11js.CKA_SENSITIVE, value: true },
      { type: pkcs11js.CKA_EXTRACTABLE, value: false },
      { type: pkcs11js.CKA_SIGN, value: true },
      { type: pkcs11js.CKA_DECRYPT, value: false },
      { type: pkcs11js.CKA_UNWRAP, value: false },
      { type: pkcs11js.CKA_DERIVE, value: false },
    ];
    const publicKey = await this.#guard('generate a key', () =>
      this.#token.withSession(async (session) => {
        const pair = await this.#token.lib.C_GenerateKeyPairAsync(
          session,
          g.mechanism,
          publicTemplate,
          privateTemplate,
        );
        this.#keys.set(keyId, {
          handle: pair.privateKey,
          keyType: KEY_ALGORITHMS[algorithm].type,
          generation: this.#token.generation,
        });
        return readSpki(this.#token.lib, session, pair.publicKey, g.keyType);
      }),
    );
    return { keyId, publicKey };
  }

  signer(keyId: string, scheme: SignatureScheme): Signer {
    const frozen = Object.freeze({ ...scheme });
    return { scheme: frozen, sign: (data) => this.#sign(keyId, frozen, data) };
  }

  async publicKey(keyId: string): Promise<Uint8Array> {
    return this.#guard('read a public key', () =>
      this.#token.withSession((session) => {
        const handle = this.#find(session, keyId, pkcs11js.CKO_PUBLIC_KEY);
        return readSpki(this.#token.lib, session, handle, this.#keyTypeOf(session, handle));
      }),
    );
  }

  /** Idempotent: a key that is already gone (or an id that cannot exist) is not an error. */
  async destroy(keyId: string): Promise<void> {
    if (!isKeyId(keyId)) return;
    this.#keys.delete(keyId);
    await this.#guard('destroy a key', () =>
      this.#token.withSession((session) => {
        for (const handle of this.#findAll(session, keyId)) {
          this.#token.lib.C_DestroyObject(session, handle);
        }
      }),
    );
  }

  /** Closes every session and releases the module (the login ends with the last session). */
  close(): void {
    this.#token.close();
  }

  async #sign(keyId: string, scheme: SignatureScheme, data: Uint8Array): Promise<Uint8Array> {
    return this.#guard('compute the signature', () =>
      this.#token.withSession(async (session) => {
        const key = this.#privateKey(session, keyId);
        assertSchemeFitsKeyType(key.keyType, scheme);
        const { mechanism, input } = signingInput(scheme, data);
        const lib = this.#token.lib;
        lib.C_SignInit(session, mechanism, key.handle);
        const raw = await lib.C_SignAsync(session, input, Buffer.alloc(SIGNATURE_BUFFER_BYTES));
        return signatureValue(scheme, raw);
      }),
    );
  }

  #privateKey(session: pkcs11js.Handle, keyId: string): FoundKey {
    const cached = this.#keys.get(keyId);
    if (cached && cached.generation === this.#token.generation) return cached;
    const handle = this.#find(session, keyId, pkcs11js.CKO_PRIVATE_KEY);
    const found = {
      handle,
      keyType: this.#keyTypeOf(session, handle) === pkcs11js.CKK_EC ? 'ec' : 'rsa',
      generation: this.#token.generation,
    } as const;
    this.#keys.set(keyId, found);
    return found;
  }

  #keyTypeOf(session: pkcs11js.Handle, handle: pkcs11js.Handle): number {
    const [attribute] = this.#token.lib.C_GetAttributeValue(session, handle, [
      { type: pkcs11js.CKA_KEY_TYPE },
    ]);
    const value = attribute?.value;
    // A CK_ULONG in the host's byte order, 8 bytes on 64-bit Linux.
    if (!Buffer.isBuffer(value)) return Number(value);
    const wide = value.length === 8;
    if (endianness() === 'LE') return wide ? Number(value.readBigUInt64LE()) : value.readUInt32LE();
    return wide ? Number(value.readBigUInt64BE()) : value.readUInt32BE();
  }

  #find(session: pkcs11js.Handle, keyId: string, objectClass: number): pkcs11js.Handle {
    const [handle] = isKeyId(keyId) ? this.#findAll(session, keyId, objectClass) : [];
    if (!handle) {
      const which = isKeyId(keyId) ? `key ${keyId}` : 'key with this id';
      throw new KeyVaultError('KEY_NOT_FOUND', `The PKCS#11 token holds no ${which}.`);
    }
    return handle;
  }

  #findAll(session: pkcs11js.Handle, keyId: string, objectClass?: number): pkcs11js.Handle[] {
    const lib = this.#token.lib;
    const template: pkcs11js.Template = [
      { type: pkcs11js.CKA_ID, value: Buffer.from(keyId, 'hex') },
      ...(objectClass === undefined ? [] : [{ type: pkcs11js.CKA_CLASS, value: objectClass }]),
    ];
    lib.C_FindObjectsInit(session, template);
    try {
      return lib.C_FindObjects(session, 4);
    } finally {
      lib.C_FindObjectsFinal(session);
    }
  }

  /** Turns a token's failure into TOKEN_FAILED once, here at the boundary; domain errors pass. */
  async #guard<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (cause) {
      if (cause instanceof KeyVaultError) throw cause;
      throw new KeyVaultError(
        'TOKEN_FAILED',
        `The PKCS#11 token "${this.#label}" could not ${what}.`,
        { cause },
      );
    }
  }
}
