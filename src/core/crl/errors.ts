import { errorOfKinds, type ErrorKind } from '../errors';

/** Codes of failures to build or read a CRL (RFC 5280 section 5). */
export type CrlErrorCode =
  | 'MALFORMED_CRL'
  | 'MALFORMED_ISSUER_CERTIFICATE'
  | 'ISSUER_NOT_CRL_SIGNER'
  | 'SIGNER_MISMATCH'
  | 'INVALID_TIME'
  | 'INVALID_CRL_NUMBER'
  | 'INVALID_ENTRY';

/** A CRL read from outside can be malformed; the others are refusals of Signet's own CRL builder. */
const CRL_ERROR_KINDS = {
  MALFORMED_CRL: 'invalid',
  MALFORMED_ISSUER_CERTIFICATE: 'fault',
  ISSUER_NOT_CRL_SIGNER: 'fault',
  SIGNER_MISMATCH: 'fault',
  INVALID_TIME: 'fault',
  INVALID_CRL_NUMBER: 'fault',
  INVALID_ENTRY: 'fault',
} as const satisfies Record<CrlErrorCode, ErrorKind>;

export class CrlError extends errorOfKinds(CRL_ERROR_KINDS) {}
