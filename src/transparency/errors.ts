import { errorOfKinds, type ErrorKind } from '../core/errors';

export type LogErrorCode = 'LOG_NOT_FOUND' | 'LOG_BAD_REQUEST' | 'LOG_INCONSISTENT';

const LOG_ERROR_KINDS = {
  LOG_NOT_FOUND: 'not_found',
  LOG_BAD_REQUEST: 'invalid',
  // The stored log contradicts its own signed checkpoints: Signet's data is damaged.
  LOG_INCONSISTENT: 'fault',
} as const satisfies Record<LogErrorCode, ErrorKind>;

export class LogError extends errorOfKinds(LOG_ERROR_KINDS) {}
