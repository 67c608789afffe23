/**
 * A new passphrase for the file vault, all-or-nothing across a crash (issue 20). Every key file is
 * re-encrypted under the new master key beside the old one (`<id>.key.next`, each written and
 * flushed whole), then vault.json is replaced by one atomic rename: the commit point. Before it the
 * old passphrase opens vault.json and every `.key`; after it the new one opens vault.json and every
 * `.key.next`, which are renamed over the `.key` files. finishRotation() runs at every open, so a
 * rotation cut short is rolled forward (the `.next` files open under the master key in force) or
 * dropped (they do not: the rotation never committed). The transparency log's key file, sealed
 * under the same master key (log-key.ts), goes through the same steps as `tlog-key.json.next`.
 */
import type { KeyObject } from 'node:crypto';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { KeyVaultError } from './errors';
import { LOG_KEY_FILE, logKeyFileOpens, resealLogKeyFile } from './log-key';
import { decodeKeyFile, encodeKeyFile, KEY_FILE_SUFFIX } from './key-file';
import { listFiles, readFileIfExists, removeFile, syncDir, writeFileAtomic } from './storage';
import { headerLogN, newHeader, VAULT_FILE } from './vault-header';

const NEXT_SUFFIX = `${KEY_FILE_SUFFIX}.next`;

/** The key ids of the vault's `.key` files (those with a `.next` beside them, with NEXT). */
async function keyIds(dir: string, suffix: string): Promise<string[]> {
  return (await listFiles(dir))
    .filter((f) => f.endsWith(suffix) && !f.startsWith('.'))
    .map((f) => f.slice(0, -suffix.length));
}

/**
 * Re-encrypts every key under `newPassphrase` and commits it (see above). Answers the new master
 * key and how many keys were re-encrypted. A failure before the commit leaves the old passphrase
 * in force (the `.next` files are dropped at the next open).
 */
export async function rotatePassphrase(
  dir: string,
  oldMaster: KeyObject,
  newPassphrase: Buffer,
): Promise<{ master: KeyObject; keys: number }> {
  const { master, bytes } = await newHeader(newPassphrase, await headerLogN(dir));
  const ids = await keyIds(dir, KEY_FILE_SUFFIX);
  for (const id of ids) {
    const file = await readFileIfExists(join(dir, `${id}${KEY_FILE_SUFFIX}`));
    if (!file) continue;
    const { algorithm, privateKey } = decodeKeyFile(oldMaster, id, file);
    await writeFileAtomic(
      dir,
      `${id}${NEXT_SUFFIX}`,
      encodeKeyFile(master, id, algorithm, privateKey),
    );
  }
  const logKey = await readFileIfExists(join(dir, LOG_KEY_FILE));
  if (logKey) {
    const resealed = resealLogKeyFile(logKey, oldMaster, master);
    if (!resealed) {
      throw new KeyVaultError('KEY_CORRUPTED', `The log key ${LOG_KEY_FILE} does not open.`);
    }
    await writeFileAtomic(dir, `${LOG_KEY_FILE}.next`, resealed);
  }
  // The commit: one rename makes the new passphrase the vault's (writeFileAtomic syncs the dir).
  await writeFileAtomic(dir, VAULT_FILE, bytes);
  await finishRotation(dir, master);
  return { master, keys: ids.length };
}

/**
 * Completes or drops a rotation cut short: each `.key.next` that opens under `master` (the one
 * vault.json now gives) replaces its `.key`; one that does not belongs to a rotation that never
 * committed and is removed.
 */
export async function finishRotation(dir: string, master: KeyObject): Promise<void> {
  const pending = [
    ...(await keyIds(dir, NEXT_SUFFIX)).map((id) => ({
      name: `${id}${NEXT_SUFFIX}`,
      target: `${id}${KEY_FILE_SUFFIX}`,
      opens: (bytes: Buffer) => opensAsKey(master, id, bytes),
    })),
    {
      name: `${LOG_KEY_FILE}.next`,
      target: LOG_KEY_FILE,
      opens: (bytes: Buffer) => logKeyFileOpens(bytes, master),
    },
  ];
  let replaced = false;
  for (const { name, target, opens } of pending) {
    const bytes = await readFileIfExists(join(dir, name));
    if (!bytes) continue;
    replaced = true;
    if (!opens(bytes)) {
      await removeFile(dir, name);
      continue;
    }
    try {
      await rename(join(dir, name), join(dir, target));
    } catch (cause) {
      throw new KeyVaultError('STORAGE_FAILED', `The key vault could not replace ${target}.`, {
        cause,
      });
    }
  }
  if (!replaced) return;
  try {
    await syncDir(dir);
  } catch (cause) {
    throw new KeyVaultError('STORAGE_FAILED', `The key vault could not flush ${dir}.`, { cause });
  }
}

/** Whether a key file opens under `master`; any other failure than a wrong key is thrown. */
function opensAsKey(master: KeyObject, id: string, bytes: Buffer): boolean {
  try {
    decodeKeyFile(master, id, bytes);
    return true;
  } catch (error) {
    if (!(error instanceof KeyVaultError && error.code === 'KEY_CORRUPTED')) throw error;
    return false;
  }
}
