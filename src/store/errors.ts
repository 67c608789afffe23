import { errorOfKinds, type ErrorKind } from '../core/errors';

export type StoreErrorCode =
  | 'STORE_UNAVAILABLE'
  | 'STORE_CONSTRAINT'
  | 'STORE_FAILED'
  | 'STORE_NEWER_SCHEMA'
  | 'STORE_OLDER_SCHEMA';

const STORE_ERROR_KINDS = {
  // The file is gone, full, read-only or locked: the service may work again later.
  STORE_UNAVAILABLE: 'unavailable',
  // Another change got there first (a unique key, a row no longer in the expected state).
  STORE_CONSTRAINT: 'conflict',
  STORE_FAILED: 'fault',
  // The database was written by a newer Signet: this one must not touch it.
  STORE_NEWER_SCHEMA: 'fault',
  // A reading command met a database a writing command has not upgraded yet: it will work after.
  STORE_OLDER_SCHEMA: 'unavailable',
} as const satisfies Record<StoreErrorCode, ErrorKind>;

/** A SQLite failure, wrapped once where it enters (STYLE.md rule 2), its cause kept. */
export class StoreError extends errorOfKinds(STORE_ERROR_KINDS) {}
