/**
 * One key file, `<keyId>.key`: the PKCS#8 DER private key encrypted with AES-256-GCM under the
 * master key. The AAD names the key id and algorithm, so a file copied over another id's, or with
 * its algorithm edited, fails authentication like a tampered one.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { KEY_ALGORITHMS, isKeyAlgorithmName, type KeyAlgorithmName } from '../core/algorithms';
import { isSealedBox, open, seal, type SealedBox } from './aead';
import { KeyVaultError } from './errors';
import { keyMatchesAlgorithm } from './key-material';
import { sm2KeyFromPkcs8 } from './sm2-key';

export const KEY_FILE_SUFFIX = '.key';
const FORMAT = 'signet-key';
const VERSION = 1;

interface KeyFile {
  format: typeof FORMAT;
  version: typeof VERSION;
  algorithm: KeyAlgorithmName;
  /** The public part is not stored: publicKey() derives it from the authenticated private key. */
  privateKey: SealedBox;
}

export function keyFileName(keyId: string): string {
  return `${keyId}${KEY_FILE_SUFFIX}`;
}

function aad(keyId: string, algorithm: KeyAlgorithmName): Buffer {
  return Buffer.from(`${FORMAT} v${VERSION}\n${keyId}\n${algorithm}`, 'utf8');
}

function corrupted(keyId: string, why: string, cause?: unknown): KeyVaultError {
  return new KeyVaultError('KEY_CORRUPTED', `The file of key ${keyId} ${why}.`, { cause });
}

export function encodeKeyFile(
  master: KeyObject,
  keyId: string,
  algorithm: KeyAlgorithmName,
  privateKey: KeyObject,
): Buffer {
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  try {
    const file: KeyFile = {
      format: FORMAT,
      version: VERSION,
      algorithm,
      privateKey: seal(master, der, aad(keyId, algorithm)),
    };
    return Buffer.from(`${JSON.stringify(file, null, 2)}\n`, 'utf8');
  } finally {
    // Best effort: the DER copy should not linger in the heap until the next GC.
    der.fill(0);
  }
}

function parse(keyId: string, bytes: Buffer): KeyFile {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (cause) {
    throw corrupted(keyId, 'is not valid JSON', cause);
  }
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (v.format !== FORMAT || v.version !== VERSION) throw corrupted(keyId, 'has an unknown format');
  if (typeof v.algorithm !== 'string' || !isKeyAlgorithmName(v.algorithm)) {
    throw corrupted(keyId, 'names an unknown algorithm');
  }
  if (!isSealedBox(v.privateKey)) throw corrupted(keyId, 'holds no encrypted key');
  return v as unknown as KeyFile;
}

export function decodeKeyFile(
  master: KeyObject,
  keyId: string,
  bytes: Buffer,
): { algorithm: KeyAlgorithmName; privateKey: KeyObject } {
  const file = parse(keyId, bytes);
  const der = open(master, file.privateKey, aad(keyId, file.algorithm));
  if (!der) throw corrupted(keyId, "fails its integrity check (tampered, or not this key's file)");
  let privateKey: KeyObject | undefined;
  try {
    // SM2 keys are never handed to createPrivateKey (sm2-key.ts says why).
    privateKey =
      file.algorithm === 'sm2'
        ? sm2KeyFromPkcs8(der)
        : createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch (cause) {
    throw corrupted(keyId, 'holds no readable PKCS#8 key', cause);
  } finally {
    der.fill(0);
  }
  if (!privateKey || !keyMatchesAlgorithm(privateKey, KEY_ALGORITHMS[file.algorithm])) {
    throw corrupted(keyId, `holds a key that is not ${file.algorithm}`);
  }
  return { algorithm: file.algorithm, privateKey };
}
