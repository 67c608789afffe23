import { errorOfKinds, type ErrorKind } from '../errors';
import type { PkiFailureInfoName } from './failure-info';

/**
 * Codes of RFC 3161 failures. Those of a request name the PKIFailureInfo a TSA answers with
 * (`failInfo`); INVALID_TOKEN and INVALID_RESPONSE are for clients and verifiers reading one.
 */
export type TspErrorCode =
  | 'BAD_ALG'
  | 'BAD_REQUEST'
  | 'BAD_DATA_FORMAT'
  | 'UNACCEPTED_POLICY'
  | 'UNACCEPTED_EXTENSION'
  | 'INVALID_TOKEN'
  | 'INVALID_RESPONSE';

const FAIL_INFO: Partial<Record<TspErrorCode, PkiFailureInfoName>> = {
  BAD_ALG: 'badAlg',
  BAD_REQUEST: 'badRequest',
  BAD_DATA_FORMAT: 'badDataFormat',
  UNACCEPTED_POLICY: 'unacceptedPolicy',
  UNACCEPTED_EXTENSION: 'unacceptedExtension',
};

/** Requests, tokens and responses read from outside: all are the input's fault. */
const TSP_ERROR_KINDS = {
  BAD_ALG: 'invalid',
  BAD_REQUEST: 'invalid',
  BAD_DATA_FORMAT: 'invalid',
  UNACCEPTED_POLICY: 'invalid',
  UNACCEPTED_EXTENSION: 'invalid',
  INVALID_TOKEN: 'invalid',
  INVALID_RESPONSE: 'invalid',
} as const satisfies Record<TspErrorCode, ErrorKind>;

export class TspError extends errorOfKinds(TSP_ERROR_KINDS) {
  /** The PKIFailureInfo of a rejection response for this request error (RFC 3161 2.4.2). */
  get failInfo(): PkiFailureInfoName | undefined {
    return FAIL_INFO[this.code];
  }
}
