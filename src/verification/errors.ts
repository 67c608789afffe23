import { errorOfKinds, type ErrorKind } from '../core/errors';

/**
 * Codes of requests the verifier refuses (a bad signature is never one of them: it is a report).
 * - NOTHING_TO_VERIFY: neither a signature nor a document (or its digest) was given.
 * - INVALID_DIGEST: a digest given by value is not hexadecimal of the algorithm's length.
 * - UNSUPPORTED_DIGEST_ALGORITHM: a digest given by value is not SHA-256, SHA-384 or SHA-512.
 * - DOCUMENT_TOO_LARGE, SIGNATURE_TOO_LARGE: over the configured limits.
 * - PDF_TOO_LARGE: a PDF given alone, to be verified by its own signatures, is larger than a PDF
 *   read whole may be.
 * - INVALID_LOG_KEY: a transparency-log key given is not an Ed25519 vkey (c2sp.org/signed-note).
 * - VERIFIER_BUSY: every verification worker is busy and the queue is full (retry shortly).
 * - VERIFICATION_TIMEOUT: the verification ran past its time and was stopped.
 * - VERIFIER_FAILED: the worker doing the verification ended before it answered.
 * - SIGNATURE_NOT_VALID, CERTIFICATE_NOT_VALID, RECEIPT_NOT_VALID: the CLI's one-sentence failure
 *   after printing a report (or a receipt's check) whose verdict is not a pass (exit code 1).
 */
export type VerificationErrorCode =
  | 'NOTHING_TO_VERIFY'
  | 'INVALID_DIGEST'
  | 'UNSUPPORTED_DIGEST_ALGORITHM'
  | 'DOCUMENT_TOO_LARGE'
  | 'SIGNATURE_TOO_LARGE'
  | 'PDF_TOO_LARGE'
  | 'INVALID_LOG_KEY'
  | 'VERIFIER_BUSY'
  | 'VERIFICATION_TIMEOUT'
  | 'VERIFIER_FAILED'
  | 'SIGNATURE_NOT_VALID'
  | 'CERTIFICATE_NOT_VALID'
  | 'RECEIPT_NOT_VALID';

const VERIFICATION_ERROR_KINDS = {
  NOTHING_TO_VERIFY: 'invalid',
  INVALID_DIGEST: 'invalid',
  UNSUPPORTED_DIGEST_ALGORITHM: 'invalid',
  DOCUMENT_TOO_LARGE: 'too_large',
  SIGNATURE_TOO_LARGE: 'too_large',
  PDF_TOO_LARGE: 'too_large',
  INVALID_LOG_KEY: 'invalid',
  // The verification workers: full, out of time, or a worker gone; the caller may retry later.
  VERIFIER_BUSY: 'unavailable',
  VERIFICATION_TIMEOUT: 'unavailable',
  VERIFIER_FAILED: 'unavailable',
  // The CLI's verdicts: what the caller gave does not verify.
  SIGNATURE_NOT_VALID: 'invalid',
  CERTIFICATE_NOT_VALID: 'invalid',
  RECEIPT_NOT_VALID: 'invalid',
} as const satisfies Record<VerificationErrorCode, ErrorKind>;

export class VerificationError extends errorOfKinds(VERIFICATION_ERROR_KINDS) {}
