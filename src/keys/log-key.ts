/**
 * The transparency log's Ed25519 checkpoint key (issue 21), kept in the key vault's folder like the
 * other keys: PKCS#8 sealed with AES-256-GCM under the vault's master key, the AAD naming the file's
 * purpose and the log's origin, so a file copied from another log fails to open. Created on first
 * use; the private key never leaves this module (STYLE.md rule 6).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ed25519Raw, formatVkey, keyIdOf, parseVkey, SIG_TYPE_ED25519 } from '../core/tlog';
import type { LogKey } from '../transparency/ports';
import { isSealedBox, open, seal } from './aead';
import { KeyVaultError } from './errors';
import { KEYS_SUBDIR } from './file-key-vault';
import { passphraseBytes } from './passphrase';
import { createFileExclusive, ensurePrivateDir, readFileIfExists } from './storage';
import { openMasterKey } from './vault-header';

const FILE = 'tlog-key.json';
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
  let bytes = await readFileIfExists(join(dir, FILE));
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
    await createFileExclusive(dir, FILE, Buffer.from(`${JSON.stringify(file, null, 2)}\n`));
    bytes = await readFileIfExists(join(dir, FILE));
  }
  // The origin is the log's identity, fixed when its key was made: a later public URL (another
  // port, a new host name) does not rename the log, or its checkpoints would stop verifying.
  const file = JSON.parse(bytes?.toString('utf8') ?? '{}') as {
    vkey?: unknown;
    privateKey?: unknown;
  };
  const vkey = typeof file.vkey === 'string' ? parseVkey(file.vkey) : undefined;
  const origin = vkey?.name ?? options.origin;
  const der = isSealedBox(file.privateKey) ? open(master, file.privateKey, aad(origin)) : undefined;
  if (!der || !vkey) {
    throw new KeyVaultError('KEY_CORRUPTED', `The log key ${FILE} does not open.`);
  }
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  der.fill(0);
  const publicKey = ed25519Raw(createPublicKey(privateKey));
  if (!publicKey.equals(vkey.publicKey) || vkey.type !== SIG_TYPE_ED25519) {
    throw new KeyVaultError('KEY_CORRUPTED', `The vkey in ${FILE} is not the log key's.`);
  }
  return {
    name: origin,
    publicKey,
    keyId: keyIdOf(origin, SIG_TYPE_ED25519, publicKey),
    sign: async (text) => new Uint8Array(sign(null, text, privateKey)),
  };
}

/** The log's public key as a vkey (c2sp.org/signed-note), read without the passphrase. */
export function readLogVkey(dataDir: string): string | undefined {
  try {
    const file = JSON.parse(readFileSync(join(dataDir, KEYS_SUBDIR, FILE), 'utf8')) as {
      vkey?: unknown;
    };
    return typeof file.vkey === 'string' ? file.vkey : undefined;
  } catch {
    return undefined;
  }
}
