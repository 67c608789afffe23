import { errorOfKinds, type ErrorKind } from '../errors';

/** Codes of failures to read or build OCSP messages (RFC 6960). */
export type OcspErrorCode =
  | 'MALFORMED_REQUEST'
  | 'MALFORMED_RESPONSE'
  | 'MALFORMED_CERTIFICATE'
  | 'UNSUPPORTED_ALGORITHM'
  | 'INVALID_INPUT';

/** Messages read from outside can be malformed; INVALID_INPUT refuses what Signet's responder built. */
const OCSP_ERROR_KINDS = {
  MALFORMED_REQUEST: 'invalid',
  MALFORMED_RESPONSE: 'invalid',
  MALFORMED_CERTIFICATE: 'invalid',
  UNSUPPORTED_ALGORITHM: 'invalid',
  INVALID_INPUT: 'fault',
} as const satisfies Record<OcspErrorCode, ErrorKind>;

export class OcspError extends errorOfKinds(OCSP_ERROR_KINDS) {}
