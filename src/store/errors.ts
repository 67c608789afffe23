import { SignetError } from '../core/errors';

export type StoreErrorCode =
  | 'STORE_UNAVAILABLE'
  | 'STORE_CONSTRAINT'
  | 'STORE_FAILED'
  | 'STORE_NEWER_SCHEMA'
  | 'STORE_OLDER_SCHEMA';

/** A SQLite failure, wrapped once where it enters (STYLE.md rule 2), its cause kept. */
export class StoreError extends SignetError<StoreErrorCode> {}
