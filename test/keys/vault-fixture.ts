/** Shared set-up for the key-vault tests: throwaway data directories and a fast scrypt cost. */
import { rmSync } from 'node:fs';
import { tempDir } from '../helpers/openssl';
import { FileKeyVault } from '../../src/keys';

export const PASSPHRASE = 'correct horse battery staple';

/** scrypt at the minimum cost (2^15), so that tests can open many vaults in a few seconds. */
export const FAST_KDF = { scryptLogN: 15 };

const dirs: string[] = [];

export function dataDir(): string {
  const dir = tempDir('signet-keys-');
  dirs.push(dir);
  return dir;
}

export function removeDataDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function openVault(
  dir: string,
  passphrase = PASSPHRASE,
  cacheSize?: number,
): Promise<FileKeyVault> {
  return FileKeyVault.open({ dir, passphrase, cacheSize, ...FAST_KDF });
}
