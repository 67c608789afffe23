import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from './errors';
import { assertMigrated, runMigrations } from './migrations';

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
    // The busy timeout first: the journal-mode switch and the migrations take locks that another
    // server worker or the CLI may hold at this moment (issue 16: processes share the database).
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
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
 * Opens the data directory's database read-only, for the reading commands (issue 14 item 6):
 * nothing is created, migrated or written, and a missing database is refused in one sentence.
 */
export function openDatabaseReadOnly(dataDir: string): Db {
  const file = join(dataDir, DATABASE_FILE);
  if (!existsSync(file)) {
    throw new StoreError(
      'STORE_UNAVAILABLE',
      `There is no Signet database in ${dataDir}: run "signet init" first, or name the data directory with --data-dir.`,
    );
  }
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    assertMigrated(db, dataDir);
    return db;
  } catch (cause) {
    if (cause instanceof StoreError) throw cause;
    throw new StoreError('STORE_UNAVAILABLE', `The database in ${dataDir} cannot be opened.`, {
      cause,
    });
  }
}
