import { SignetError } from '../errors';

/** Codes of failures to read or build OCSP messages (RFC 6960). */
export type OcspErrorCode =
  | 'MALFORMED_REQUEST'
  | 'MALFORMED_RESPONSE'
  | 'MALFORMED_CERTIFICATE'
  | 'UNSUPPORTED_ALGORITHM'
  | 'INVALID_INPUT';

export class OcspError extends SignetError<OcspErrorCode> {}
