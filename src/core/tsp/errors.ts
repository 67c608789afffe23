import { SignetError } from '../errors';
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

export class TspError extends SignetError<TspErrorCode> {
  /** The PKIFailureInfo of a rejection response for this request error (RFC 3161 2.4.2). */
  get failInfo(): PkiFailureInfoName | undefined {
    return FAIL_INFO[this.code];
  }
}
