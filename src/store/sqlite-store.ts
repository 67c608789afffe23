import type { Transactor } from '../ca/ports';
import { SqliteAuthorityStore } from './authorities';
import { SqliteCertificateStore } from './certificates';
import { SqliteCrlStore } from './crls';
import { openDatabase, type Db } from './database';
import { SqliteDepartmentStore } from './departments';
import { guardTransaction } from './guard';

/** The SQLite adapter of every store port, sharing one connection and one transaction. */
export class SqliteStore implements Transactor {
  readonly certificates: SqliteCertificateStore;
  readonly authorities: SqliteAuthorityStore;
  readonly departments: SqliteDepartmentStore;
  readonly crls: SqliteCrlStore;

  constructor(readonly db: Db) {
    this.certificates = new SqliteCertificateStore(db);
    this.authorities = new SqliteAuthorityStore(db);
    this.departments = new SqliteDepartmentStore(db);
    this.crls = new SqliteCrlStore(db);
  }

  static open(dataDir: string): SqliteStore {
    return new SqliteStore(openDatabase(dataDir));
  }

  /** BEGIN IMMEDIATE: take the write lock first, so two writers queue instead of deadlocking. */
  transaction<T>(work: () => T): T {
    return guardTransaction(() => this.db.transaction(work).immediate());
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
