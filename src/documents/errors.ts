import { errorOfKinds, type ErrorKind } from '../core/errors';

export type DocumentErrorCode =
  'UNKNOWN_DOCUMENT' | 'ALREADY_RESCINDED' | 'INVALID_SUPERSEDING_DOCUMENT';

const DOCUMENT_ERROR_KINDS = {
  UNKNOWN_DOCUMENT: 'not_found',
  ALREADY_RESCINDED: 'conflict',
  INVALID_SUPERSEDING_DOCUMENT: 'invalid',
} as const satisfies Record<DocumentErrorCode, ErrorKind>;

export class DocumentError extends errorOfKinds(DOCUMENT_ERROR_KINDS) {}
