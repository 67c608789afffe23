import { SqliteError } from 'better-sqlite3';
import { StoreError } from './errors';

/**
 * Runs one SQLite call and turns its failure into a StoreError (STYLE.md rule 2): a constraint
 * violation, a full or read-only disk, or anything else, with the SQLite error kept as the cause.
 */
export function guard<T>(call: () => T): T {
  try {
    return call();
  } catch (cause) {
    if (cause instanceof StoreError) throw cause;
    if (cause instanceof SqliteError) {
      if (cause.code.startsWith('SQLITE_CONSTRAINT')) {
        throw new StoreError('STORE_CONSTRAINT', 'The change conflicts with a stored record.', {
          cause,
        });
      }
      if (/^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|BUSY|LOCKED)/.test(cause.code)) {
        throw new StoreError('STORE_UNAVAILABLE', 'The database cannot be written now.', { cause });
      }
    }
    throw new StoreError('STORE_FAILED', 'The database failed.', { cause });
  }
}
