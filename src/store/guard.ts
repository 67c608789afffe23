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
    throw wrap(cause);
  }
}

/**
 * For a transaction: SQLite's own failures (BEGIN IMMEDIATE busy, COMMIT on a full disk) wrapped
 * like guard()'s; the errors of the work inside (already domain errors) pass through unchanged.
 */
export function guardTransaction<T>(call: () => T): T {
  try {
    return call();
  } catch (cause) {
    throw cause instanceof SqliteError ? wrap(cause) : cause;
  }
}

function wrap(cause: unknown): StoreError {
  if (cause instanceof StoreError) return cause;
  if (cause instanceof SqliteError) {
    if (cause.code.startsWith('SQLITE_CONSTRAINT')) {
      return new StoreError('STORE_CONSTRAINT', 'The change conflicts with a stored record.', {
        cause,
      });
    }
    if (/^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|BUSY|LOCKED)/.test(cause.code)) {
      return new StoreError('STORE_UNAVAILABLE', 'The database cannot be written now.', { cause });
    }
  }
  return new StoreError('STORE_FAILED', 'The database failed.', { cause });
}
