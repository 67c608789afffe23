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
  | 'INVALID_SUPERSEDING_DOCUMENT'
  /** Two-phase signing: no pending signature of this department under the handle. */
  | 'UNKNOWN_HANDLE'
  /** Two-phase signing: the handle was prepared too long ago. */
  | 'HANDLE_EXPIRED'
  /** Two-phase signing: the value is not the certificate key's signature over the prepared data. */
  | 'INVALID_SIGNATURE_VALUE';

export class SigningError extends SignetError<SigningErrorCode> {}
