/**
 * The vault's file operations: private modes, atomic writes, and fs failures wrapped once into
 * STORAGE_FAILED with the cause kept (STYLE.md rule 2). Only ciphertext ever passes through here.
 */
import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { KeyVaultError } from './errors';

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

function storageFailed(what: string, cause: unknown): KeyVaultError {
  return new KeyVaultError('STORAGE_FAILED', `The key vault could not ${what}.`, { cause });
}

function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err
    ? String((err as { code: unknown }).code)
    : undefined;
}

/** Creates the directory 0700, and tightens it if it exists with a looser mode. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: DIR_MODE });
    await chmod(dir, DIR_MODE);
  } catch (cause) {
    throw storageFailed(`create its directory ${dir}`, cause);
  }
}

export async function listFiles(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (cause) {
    throw storageFailed(`list ${dir}`, cause);
  }
}

/** The file's bytes, or undefined when it does not exist. */
export async function readFileIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (cause) {
    if (errnoCode(cause) === 'ENOENT') return undefined;
    throw storageFailed(`read ${path}`, cause);
  }
}

/**
 * Makes the rename or unlink of an entry durable. Some file systems cannot fsync a directory
 * (EINVAL) and some platforms cannot open one (EISDIR); there is nothing more to do on those.
 */
export async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (cause) {
    const code = errnoCode(cause);
    if (code !== 'EINVAL' && code !== 'EISDIR') throw cause;
  } finally {
    await handle?.close();
  }
}

/** Writes a temp file in the same directory, 0600 from creation, and flushes it to disk. */
async function writeTemp(dir: string, name: string, data: Uint8Array): Promise<string> {
  // A dot name that never ends in ".key" or equals "vault.json", so a crash leaves no false entry.
  const temp = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', FILE_MODE);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temp;
}

/** Replaces `dir/name` atomically: readers see the old file or the whole new one, never a part. */
export async function writeFileAtomic(dir: string, name: string, data: Uint8Array): Promise<void> {
  let temp: string | undefined;
  try {
    temp = await writeTemp(dir, name, data);
    await rename(temp, join(dir, name));
    temp = undefined;
    await syncDir(dir);
  } catch (cause) {
    if (temp) await unlink(temp).catch(() => undefined);
    throw storageFailed(`write ${join(dir, name)}`, cause);
  }
}

/**
 * Creates `dir/name` atomically unless it exists (then false). link() fails on an existing target
 * where rename() would replace it: two processes creating the vault at once must not both win.
 */
export async function createFileExclusive(
  dir: string,
  name: string,
  data: Uint8Array,
): Promise<boolean> {
  let temp: string | undefined;
  try {
    temp = await writeTemp(dir, name, data);
    await link(temp, join(dir, name));
    await syncDir(dir);
    return true;
  } catch (cause) {
    if (errnoCode(cause) === 'EEXIST') return false;
    throw storageFailed(`create ${join(dir, name)}`, cause);
  } finally {
    if (temp) await unlink(temp).catch(() => undefined);
  }
}

/** Removes a file; a file that is already gone is not an error. */
export async function removeFile(dir: string, name: string): Promise<void> {
  try {
    await unlink(join(dir, name));
    await syncDir(dir);
  } catch (cause) {
    if (errnoCode(cause) === 'ENOENT') return;
    throw storageFailed(`remove ${join(dir, name)}`, cause);
  }
}
