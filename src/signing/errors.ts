import { SignetError } from '../core/errors';

export type SigningErrorCode =
  | 'INVALID_FORMAT'
  | 'INVALID_LEVEL'
  | 'INVALID_DIGEST'
  | 'UNSUPPORTED_DIGEST_ALGORITHM'
  | 'EMPTY_DOCUMENT'
  | 'DOCUMENT_TOO_LARGE'
  | 'NO_VALID_CERTIFICATE'
  | 'UNKNOWN_DEPARTMENT'
  | 'DEPARTMENT_DISABLED'
  | 'SIGNATURE_SELF_CHECK_FAILED'
  | 'UNKNOWN_DOCUMENT'
  | 'ALREADY_RESCINDED'
  | 'INVALID_SUPERSEDING_DOCUMENT';

export class SigningError extends SignetError<SigningErrorCode> {}
