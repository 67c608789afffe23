/**
 * The transparency log's Ed25519 checkpoint key (issue 21), kept in the key vault's folder like the
 * other keys: PKCS#8 sealed with AES-256-GCM under the vault's master key, the AAD naming the file's
 * purpose and the log's origin, so a file copied from another log fails to open. Created on first
 * use; the private key never leaves this module (STYLE.md rule 6).
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ed25519Raw, formatVkey, keyIdOf, parseVkey, SIG_TYPE_ED25519 } from '../core/tlog';
import type { LogKey } from '../transparency/ports';
import { isSealedBox, open, seal } from './aead';
import { KeyVaultError } from './errors';

import { passphraseBytes } from './passphrase';
import { createFileExclusive, ensurePrivateDir, readFileIfExists } from './storage';
import { KEYS_SUBDIR, openMasterKey } from './vault-header';

/** The log key's file in the vault's folder (rotation.ts re-seals it with the vault's keys). */
export const LOG_KEY_FILE = 'tlog-key.json';
const FORMAT = 'signet-tlog-key';

const aad = (origin: string) => Buffer.from(`${FORMAT} v1\n${origin}`, 'utf8');

export async function openLogKey(options: {
  dir: string;
  passphrase: string;
  origin: string;
}): Promise<LogKey> {
  const dir = join(options.dir, KEYS_SUBDIR);
  const passphrase = passphraseBytes(options.passphrase);
  let master;
  try {
    await ensurePrivateDir(dir);
    master = await openMasterKey(dir, passphrase);
  } finally {
    passphrase.fill(0);
  }
  let bytes = await readFileIfExists(join(dir, LOG_KEY_FILE));
  if (!bytes) {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const der = privateKey.export({ format: 'der', type: 'pkcs8' });
    // The vkey in clear, so that reading commands check checkpoints without the passphrase.
    const vkey = formatVkey(options.origin, SIG_TYPE_ED25519, ed25519Raw(publicKey));
    const file = {
      format: FORMAT,
      version: 1,
      vkey,
      privateKey: seal(master, der, aad(options.origin)),
    };
    der.fill(0);
    // Exclusive: two processes starting at once keep the first key, never two.
    await createFileExclusive(dir, LOG_KEY_FILE, Buffer.from(`${JSON.stringify(file, null, 2)}\n`));
    bytes = await readFileIfExists(join(dir, LOG_KEY_FILE));
  }
  const opened = openLogKeyFile(master, bytes ?? Buffer.alloc(0));
  if (!opened)
    throw new KeyVaultError('KEY_CORRUPTED', `The log key ${LOG_KEY_FILE} does not open.`);
  const { der, vkey } = opened;
  const origin = vkey.name;
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  der.fill(0);
  const publicKey = ed25519Raw(createPublicKey(privateKey));
  if (!publicKey.equals(vkey.publicKey) || vkey.type !== SIG_TYPE_ED25519) {
    throw new KeyVaultError('KEY_CORRUPTED', `The vkey in ${LOG_KEY_FILE} is not the log key's.`);
  }
  return {
    name: origin,
    publicKey,
    keyId: keyIdOf(origin, SIG_TYPE_ED25519, publicKey),
    sign: async (text) => new Uint8Array(sign(null, text, privateKey)),
  };
}

interface LogKeyFile {
  format?: unknown;
  version?: unknown;
  vkey?: unknown;
  privateKey?: unknown;
}

/**
 * The private key of a log key file and its vkey, when the file opens under `master`. The origin
 * is the log's identity, fixed when its key was made: a later public URL (another port, a new host
 * name) does not rename the log, or its checkpoints would stop verifying.
 */
function openLogKeyFile(
  master: KeyObject,
  bytes: Uint8Array,
): { der: Buffer; vkey: NonNullable<ReturnType<typeof parseVkey>>; file: LogKeyFile } | undefined {
  let file: LogKeyFile;
  try {
    file = JSON.parse(Buffer.from(bytes).toString('utf8')) as LogKeyFile;
  } catch {
    return undefined;
  }
  const vkey = typeof file.vkey === 'string' ? parseVkey(file.vkey) : undefined;
  if (!vkey || !isSealedBox(file.privateKey)) return undefined;
  const der = open(master, file.privateKey, aad(vkey.name));
  return der ? { der, vkey, file } : undefined;
}

/**
 * The log key file sealed under `to` instead of `from`, for a passphrase rotation (rotation.ts);
 * undefined when it does not open under `from`.
 */
export function resealLogKeyFile(
  bytes: Uint8Array,
  from: KeyObject,
  to: KeyObject,
): Buffer | undefined {
  const opened = openLogKeyFile(from, bytes);
  if (!opened) return undefined;
  const file = { ...opened.file, privateKey: seal(to, opened.der, aad(opened.vkey.name)) };
  opened.der.fill(0);
  return Buffer.from(`${JSON.stringify(file, null, 2)}\n`);
}

/** Whether the log key file opens under `master` (a rotation's `.next` file that committed). */
export function logKeyFileOpens(bytes: Uint8Array, master: KeyObject): boolean {
  const opened = openLogKeyFile(master, bytes);
  opened?.der.fill(0);
  return opened !== undefined;
}

/** The log's public key as a vkey (c2sp.org/signed-note), read without the passphrase. */
export function readLogVkey(dataDir: string): string | undefined {
  try {
    const file = JSON.parse(readFileSync(join(dataDir, KEYS_SUBDIR, LOG_KEY_FILE), 'utf8')) as {
      vkey?: unknown;
    };
    return typeof file.vkey === 'string' ? file.vkey : undefined;
  } catch {
    return undefined;
  }
}
