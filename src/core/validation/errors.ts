import { errorOfKinds, FormatError, type ErrorKind } from '../errors';

/**
 * Why a certification path was refused. Each code is an outcome of RFC 5280 section 6 (path
 * validation) or 6.3 (CRL validation), or of the section 4 profile that Signet enforces on the
 * certificates of a path. Tests assert the code; the message is for people.
 */
export type PathErrorCode =
  /** A certificate, CRL or extension of the path is not valid DER or not the expected ASN.1. */
  | 'MALFORMED'
  /** A signature or key algorithm that Signet does not verify (or SHA-1 without legacy mode). */
  | 'UNSUPPORTED_ALGORITHM'
  /** No chain from the certificate to a trust anchor could be built. */
  | 'NO_PATH'
  /** Path building or checking stopped at a work bound (denial-of-service guard). */
  | 'LIMIT_EXCEEDED'
  | 'BAD_SIGNATURE'
  /** A key Signet does not rely on: weak RSA, an unaccepted curve, explicit curve parameters. */
  | 'WEAK_KEY'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  /** An issuer name does not match the subject of the next certificate (6.1.3(a)(4)). */
  | 'NAME_CHAINING'
  /** The certificate breaks a MUST of the RFC 5280 section 4 profile. */
  | 'INVALID_CERTIFICATE'
  /** An issuing certificate is not a CA (6.1.4(k)). */
  | 'BASIC_CONSTRAINTS'
  /** A pathLenConstraint or the caller's maximum depth is exceeded (6.1.4(l)). */
  | 'PATH_LENGTH'
  | 'KEY_USAGE'
  /** The end-entity certificate lacks an extended key usage the caller requires. */
  | 'EKU'
  | 'NAME_CONSTRAINTS'
  /** The certificate policy processing of 6.1.3(d)-(f) and 6.1.5(g) left no acceptable policy. */
  | 'POLICY'
  | 'UNKNOWN_CRITICAL_EXTENSION'
  | 'REVOKED'
  /** Revocation status was required but no usable CRL covers the certificate. */
  | 'NO_REVOCATION_INFO'
  /** The only CRLs that cover the certificate are not current at the validation time. */
  | 'STALE_REVOCATION_INFO';

/** One failed check: a code and one sentence a person understands. */
export interface PathFailure {
  code: PathErrorCode;
  message: string;
}

export function failure(code: PathErrorCode, message: string): PathFailure {
  return { code, message };
}

/** Every refusal is about the certificates given; only a work bound is about their amount. */
const PATH_ERROR_KINDS = {
  MALFORMED: 'invalid',
  UNSUPPORTED_ALGORITHM: 'invalid',
  NO_PATH: 'invalid',
  LIMIT_EXCEEDED: 'too_large',
  BAD_SIGNATURE: 'invalid',
  WEAK_KEY: 'invalid',
  EXPIRED: 'invalid',
  NOT_YET_VALID: 'invalid',
  NAME_CHAINING: 'invalid',
  INVALID_CERTIFICATE: 'invalid',
  BASIC_CONSTRAINTS: 'invalid',
  PATH_LENGTH: 'invalid',
  KEY_USAGE: 'invalid',
  EKU: 'invalid',
  NAME_CONSTRAINTS: 'invalid',
  POLICY: 'invalid',
  UNKNOWN_CRITICAL_EXTENSION: 'invalid',
  REVOKED: 'invalid',
  NO_REVOCATION_INFO: 'invalid',
  STALE_REVOCATION_INFO: 'invalid',
} as const satisfies Record<PathErrorCode, ErrorKind>;

/** Thrown inside the validation code for a refused input; turned into a PathFailure at the top. */
export class PathValidationError extends errorOfKinds(PATH_ERROR_KINDS) {}

/**
 * Turns what a check threw into a failure: malformed input becomes MALFORMED (never a TypeError
 * for the caller), an unsupported algorithm keeps its own code. Faults of Signet are rethrown.
 */
export function failureFromError(error: unknown, context: string): PathFailure {
  if (error instanceof PathValidationError) return failure(error.code, error.message);
  if (error instanceof FormatError) {
    return error.code === 'UNSUPPORTED_ALGORITHM'
      ? failure('UNSUPPORTED_ALGORITHM', error.message)
      : failure('MALFORMED', `${context}: ${error.message}`);
  }
  throw error;
}
