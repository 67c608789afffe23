import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Backup } from '../ca/ports';
import { DATABASE_FILE, type Db } from './database';
import { StoreError } from './errors';

/**
 * A consistent online copy: SQLite's backup API copies a snapshot of the database while it stays in
 * use; then the key files are copied. Keys are written before any row refers to them and never
 * change afterwards, so every key the database copy names is in the key copy.
 */
export class DataDirBackup implements Backup {
  constructor(
    private readonly db: Db,
    private readonly keysDir: string,
  ) {}

  async copyTo(directory: string): Promise<{ files: string[] }> {
    try {
      if (existsSync(directory) && readdirSync(directory).length > 0) {
        throw new StoreError('STORE_FAILED', `The backup directory ${directory} is not empty.`);
      }
      mkdirSync(directory, { recursive: true, mode: 0o700 });
      const dbCopy = join(directory, DATABASE_FILE);
      await this.db.backup(dbCopy);
      chmodSync(dbCopy, 0o600);
      // Keys in a PKCS#11 token (SIGNET_KEYS=pkcs11) have no files: the HSM's own backup keeps them.
      if (!existsSync(this.keysDir)) return { files: [DATABASE_FILE] };
      const keysCopy = join(directory, 'keys');
      // Only the vault header and key files: a crash may leave an (encrypted) temp file behind.
      cpSync(this.keysDir, keysCopy, {
        recursive: true,
        preserveTimestamps: true,
        filter: (f) => f === this.keysDir || /(^|\/)(vault\.json|[0-9a-f]+\.key)$/.test(f),
      });
      chmodSync(keysCopy, 0o700);
      const keyFiles = readdirSync(keysCopy).map((f) => join('keys', f));
      for (const f of keyFiles) chmodSync(join(directory, f), 0o600);
      return { files: [DATABASE_FILE, ...keyFiles] };
    } catch (cause) {
      if (cause instanceof StoreError) throw cause;
      throw new StoreError('STORE_FAILED', `The backup to ${directory} failed.`, { cause });
    }
  }
}
