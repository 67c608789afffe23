import type { Transactor } from '../ports';
import { SqliteAuthorityStore } from './authorities';
import { SqliteCertificateStore } from './certificates';
import { SqliteCrlStore } from './crls';
import { join } from 'node:path';
import {
  DATABASE_FILE,
  fileIdentity,
  openDatabase,
  openDatabaseReadOnly,
  type Db,
  type FileIdentity,
} from './database';
import { SqliteDepartmentStore } from './departments';
import { StoreError } from './errors';
import { guardTransaction } from './guard';

/** The SQLite adapter of every store port, sharing one connection and one transaction. */
export class SqliteStore implements Transactor {
  readonly certificates: SqliteCertificateStore;
  readonly authorities: SqliteAuthorityStore;
  readonly departments: SqliteDepartmentStore;
  readonly crls: SqliteCrlStore;

  /**
   * The database file as it was opened. SQLite keeps writing into an open file that was deleted
   * or replaced under it, so a removed `signet.db` would take acknowledged writes with it.
   */
  private readonly opened: { path: string; identity: FileIdentity } | undefined;

  constructor(
    readonly db: Db,
    path?: string,
  ) {
    const identity = path === undefined ? undefined : fileIdentity(path);
    this.opened = path !== undefined && identity ? { path, identity } : undefined;
    this.certificates = new SqliteCertificateStore(db);
    this.authorities = new SqliteAuthorityStore(db);
    this.departments = new SqliteDepartmentStore(db);
    this.crls = new SqliteCrlStore(db);
  }

  static open(dataDir: string): SqliteStore {
    return new SqliteStore(openDatabase(dataDir), join(dataDir, DATABASE_FILE));
  }

  /** The store of a reading command: SQLite refuses every write (SQLITE_READONLY). */
  static openReadOnly(dataDir: string): SqliteStore {
    return new SqliteStore(openDatabaseReadOnly(dataDir), join(dataDir, DATABASE_FILE));
  }

  /**
   * Throws STORE_UNAVAILABLE unless the database file at its path is still the one opened (same
   * device and inode): deleted or replaced, every write would go to a file no one will read again.
   */
  assertLive(): void {
    if (!this.opened) return;
    const now = fileIdentity(this.opened.path);
    if (now?.dev === this.opened.identity.dev && now.ino === this.opened.identity.ino) return;
    throw new StoreError(
      'STORE_UNAVAILABLE',
      `The database file ${this.opened.path} was ${now ? 'replaced' : 'removed'} while Signet was running; restore it and restart Signet.`,
    );
  }

  /**
   * BEGIN IMMEDIATE: take the write lock first, so two writers queue instead of deadlocking. The
   * file is checked before (nothing is written into a removed file) and after the commit (a file
   * removed meanwhile took the write with it: the caller is told, so nothing lost is acknowledged).
   */
  transaction<T>(work: () => T): T {
    this.assertLive();
    const result = guardTransaction(() => this.db.transaction(work).immediate());
    this.assertLive();
    return result;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
