import { errorOfKinds, type ErrorKind } from '../core/errors';

export type CaErrorCode =
  | 'ALREADY_INITIALIZED'
  | 'NOT_INITIALIZED'
  | 'INVALID_ALGORITHM'
  | 'INVALID_NAME'
  | 'INVALID_DEPARTMENT_ID'
  | 'DEPARTMENT_EXISTS'
  | 'UNKNOWN_DEPARTMENT'
  | 'UNKNOWN_CERTIFICATE'
  | 'AMBIGUOUS_SERIAL'
  | 'INVALID_CSR'
  | 'KEY_NOT_ALLOWED'
  | 'INVALID_VALIDITY'
  | 'INVALID_REASON'
  | 'ALREADY_REVOKED'
  | 'NOT_REVOCABLE'
  | 'NOT_RENEWABLE'
  | 'ISSUANCE_FAILED'
  | 'AUDIT_CHAIN_BROKEN'
  | 'AUDIT_EXPORT_INVALID'
  | 'INVALID_PUBLIC_URL'
  | 'PUBLIC_URL_MISMATCH'
  | 'NO_KEY_PASSPHRASE';

const CA_ERROR_KINDS = {
  ALREADY_INITIALIZED: 'conflict',
  // Nothing to serve yet: an operator must run "signet init"; retrying later may work.
  NOT_INITIALIZED: 'unavailable',
  INVALID_ALGORITHM: 'invalid',
  INVALID_NAME: 'invalid',
  INVALID_DEPARTMENT_ID: 'invalid',
  DEPARTMENT_EXISTS: 'conflict',
  UNKNOWN_DEPARTMENT: 'not_found',
  UNKNOWN_CERTIFICATE: 'not_found',
  // A serial prefix that names more than one certificate: the caller must say which.
  AMBIGUOUS_SERIAL: 'conflict',
  INVALID_CSR: 'invalid',
  KEY_NOT_ALLOWED: 'invalid',
  INVALID_VALIDITY: 'invalid',
  INVALID_REASON: 'invalid',
  ALREADY_REVOKED: 'conflict',
  NOT_REVOCABLE: 'conflict',
  NOT_RENEWABLE: 'conflict',
  // The CA failed after reserving the serial; its cause may be a storage outage (see kindOf).
  ISSUANCE_FAILED: 'fault',
  // The audit log was changed behind Signet's back: the data, not the caller, is wrong.
  AUDIT_CHAIN_BROKEN: 'fault',
  INVALID_PUBLIC_URL: 'invalid',
  // SIGNET_PUBLIC_URL differs from the URL the CA already writes into certificates.
  PUBLIC_URL_MISMATCH: 'conflict',
  // A passphrase rotation asked of keys that have none (SIGNET_KEYS=pkcs11: the token's PIN).
  NO_KEY_PASSPHRASE: 'conflict',
  // An exported audit head that is not one (junk, forged, or signed by another key).
  AUDIT_EXPORT_INVALID: 'invalid',
} as const satisfies Record<CaErrorCode, ErrorKind>;

export class CaError extends errorOfKinds(CA_ERROR_KINDS) {}
