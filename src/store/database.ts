import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from './errors';
import { runMigrations } from './migrations';

export type Db = Database.Database;

export const DATABASE_FILE = 'signet.db';

/** Which file a path names now: device and inode (a file deleted or replaced gets another). */
export interface FileIdentity {
  dev: number;
  ino: number;
}

/** The identity of the file at `path`, or undefined when there is none. */
export function fileIdentity(path: string): FileIdentity | undefined {
  try {
    const { dev, ino } = statSync(path);
    return { dev, ino };
  } catch {
    return undefined;
  }
}

/**
 * Opens (creating if needed) the data directory's SQLite database: WAL so readers never wait for
 * the writer, synchronous=NORMAL (durable at each checkpoint, safe against corruption in WAL mode),
 * foreign keys on, a busy timeout so a second process waits instead of failing, migrations run.
 */
export function openDatabase(dataDir: string): Db {
  try {
    if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const file = join(dataDir, DATABASE_FILE);
    const db = new Database(file);
    chmodSync(file, 0o600);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    runMigrations(db);
    return db;
  } catch (cause) {
    if (cause instanceof StoreError) throw cause;
    throw new StoreError('STORE_UNAVAILABLE', `The database in ${dataDir} cannot be opened.`, {
      cause,
    });
  }
}

/**
 * A read-only connection to the data directory's existing database, for a verification worker
 * thread (workers/verify-worker.ts): WAL lets it read while the main thread writes, and it can
 * never write, so the one writer stays the main thread with its transactions and audit.
 */
export function openReadOnlyDatabase(dataDir: string): Db {
  try {
    const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (cause) {
    throw new StoreError('STORE_UNAVAILABLE', `The database in ${dataDir} cannot be opened.`, {
      cause,
    });
  }
}
