import { SignetError } from '../errors';

/** Codes of failures to build or read a CRL (RFC 5280 section 5). */
export type CrlErrorCode =
  | 'MALFORMED_CRL'
  | 'MALFORMED_ISSUER_CERTIFICATE'
  | 'ISSUER_NOT_CRL_SIGNER'
  | 'SIGNER_MISMATCH'
  | 'INVALID_TIME'
  | 'INVALID_CRL_NUMBER'
  | 'INVALID_ENTRY';

export class CrlError extends SignetError<CrlErrorCode> {}
