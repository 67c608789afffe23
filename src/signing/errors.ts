import { errorOfKinds, type ErrorKind } from '../core/errors';

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
  /** Two-phase signing: no pending signature of this department under the handle. */
  | 'UNKNOWN_HANDLE'
  /** Two-phase signing: the handle was prepared too long ago. */
  | 'HANDLE_EXPIRED'
  /** Two-phase signing: the value is not the certificate key's signature over the prepared data. */
  | 'INVALID_SIGNATURE_VALUE'
  /** Archive renewal: the file is neither a signed PDF nor a CMS signature at B-T or above. */
  | 'NOT_ARCHIVABLE'
  /** Archive renewal by a department: a signer of the file is not a certificate of its own. */
  | 'UNKNOWN_SIGNATURE';

const SIGNING_ERROR_KINDS = {
  INVALID_FORMAT: 'invalid',
  INVALID_LEVEL: 'invalid',
  INVALID_DIGEST: 'invalid',
  UNSUPPORTED_DIGEST_ALGORITHM: 'invalid',
  EMPTY_DOCUMENT: 'invalid',
  DOCUMENT_TOO_LARGE: 'too_large',
  // Only revoked or expired certificates: the department needs a new one first.
  NO_VALID_CERTIFICATE: 'conflict',
  UNKNOWN_DEPARTMENT: 'not_found',
  DEPARTMENT_DISABLED: 'forbidden',
  // The signature Signet made does not verify: never the caller's doing.
  SIGNATURE_SELF_CHECK_FAILED: 'fault',
  UNKNOWN_HANDLE: 'not_found',
  // Prepared too long ago: the department must prepare again.
  HANDLE_EXPIRED: 'conflict',
  INVALID_SIGNATURE_VALUE: 'invalid',
  NOT_ARCHIVABLE: 'invalid',
  // Another department's signature is reported as unknown, as its documents are (rescind.ts).
  UNKNOWN_SIGNATURE: 'not_found',
} as const satisfies Record<SigningErrorCode, ErrorKind>;

export class SigningError extends errorOfKinds(SIGNING_ERROR_KINDS) {}
