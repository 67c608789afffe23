/**
 * vault.json: the scrypt salt and parameters, and a key-check value that tells a wrong passphrase
 * apart from a tampered key file. It holds no key: the master key exists only in process memory.
 */
import { timingSafeEqual, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { isSealedBox, open, seal, type SealedBox } from './aead';
import { KeyVaultError } from './errors';
import {
  deriveMasterKey,
  isAcceptableScryptParams,
  newScryptParams,
  type ScryptParams,
} from './kdf';
import { KEY_FILE_SUFFIX } from './key-file';
import { createFileExclusive, listFiles, readFileIfExists } from './storage';

/** The vault's folder inside the data directory. */
export const KEYS_SUBDIR = 'keys';

export const VAULT_FILE = 'vault.json';
const FORMAT = 'signet-key-vault';
const VERSION = 1;
const CHECK_LABEL = Buffer.from('signet key vault check v1', 'utf8');

interface VaultHeader {
  format: typeof FORMAT;
  version: typeof VERSION;
  kdf: ScryptParams;
  check: SealedBox;
}

/** The check value's AAD names the KDF parameters, so they cannot be edited without notice. */
function checkAad(kdf: ScryptParams): Buffer {
  return Buffer.from(
    `${FORMAT} v${VERSION} check\n${kdf.name}\n${kdf.N}\n${kdf.r}\n${kdf.p}\n${kdf.salt}`,
    'utf8',
  );
}

function corrupted(why: string, cause?: unknown): KeyVaultError {
  return new KeyVaultError('VAULT_CORRUPTED', `The key vault's ${VAULT_FILE} ${why}.`, { cause });
}

function parseHeader(bytes: Buffer): VaultHeader {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (cause) {
    throw corrupted('is not valid JSON', cause);
  }
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (v.format !== FORMAT || v.version !== VERSION) throw corrupted('has an unknown format');
  if (!isAcceptableScryptParams(v.kdf)) throw corrupted('has unacceptable scrypt parameters');
  if (!isSealedBox(v.check)) throw corrupted('has no key-check value');
  return v as unknown as VaultHeader;
}

async function unlock(header: VaultHeader, passphrase: Buffer): Promise<KeyObject> {
  const master = await deriveMasterKey(passphrase, header.kdf);
  const label = open(master, header.check, checkAad(header.kdf));
  if (!label || label.length !== CHECK_LABEL.length || !timingSafeEqual(label, CHECK_LABEL)) {
    throw new KeyVaultError(
      'WRONG_PASSPHRASE',
      "The key passphrase does not unlock this data directory's key vault.",
    );
  }
  return master;
}

/**
 * Creates vault.json with fresh parameters, or returns undefined when another process created it
 * first (the caller then unlocks that one).
 */
async function create(
  dir: string,
  passphrase: Buffer,
  logN?: number,
): Promise<KeyObject | undefined> {
  // Without vault.json existing key files could never be decrypted again, and a new vault would
  // accept any passphrase: refuse, so that an operator restores the file instead.
  const files = await listFiles(dir);
  if (files.some((f) => f.endsWith(KEY_FILE_SUFFIX))) {
    throw corrupted('is missing although the directory holds keys; restore it from a backup');
  }
  const { master, bytes } = await newHeader(passphrase, logN);
  const created = await createFileExclusive(dir, VAULT_FILE, bytes);
  return created ? master : undefined;
}

/** A vault.json for a passphrase, with a fresh salt: its bytes and the master key it unlocks. */
export async function newHeader(
  passphrase: Buffer,
  logN?: number,
): Promise<{ master: KeyObject; bytes: Buffer }> {
  const kdf = newScryptParams(logN);
  const master = await deriveMasterKey(passphrase, kdf);
  const header: VaultHeader = {
    format: FORMAT,
    version: VERSION,
    kdf,
    check: seal(master, CHECK_LABEL, checkAad(kdf)),
  };
  return { master, bytes: Buffer.from(`${JSON.stringify(header, null, 2)}\n`) };
}

/** log2 of scrypt's N in the vault's vault.json: a new passphrase keeps the vault's cost. */
export async function headerLogN(dir: string): Promise<number> {
  const bytes = await readFileIfExists(join(dir, VAULT_FILE));
  if (!bytes) throw corrupted('is missing');
  return Math.log2(parseHeader(bytes).kdf.N);
}

/** The master key of the vault in `dir`, creating the vault on first use. */
export async function openMasterKey(
  dir: string,
  passphrase: Buffer,
  logN?: number,
): Promise<KeyObject> {
  const path = join(dir, VAULT_FILE);
  let bytes = await readFileIfExists(path);
  if (!bytes) {
    const master = await create(dir, passphrase, logN);
    if (master) return master;
    bytes = await readFileIfExists(path);
    if (!bytes) throw corrupted('vanished while it was being created');
  }
  return unlock(parseHeader(bytes), passphrase);
}
