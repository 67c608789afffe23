import { errorOfKinds, type ErrorKind } from '../errors';

/**
 * Codes of transparency-log failures (issue 21). Everything core/tlog reads comes from outside
 * (a proof, a note, a checkpoint, a policy file), so a failure is the input's fault, except
 * TLOG_RANGE asked of a tree that does not hold it and TLOG_SIGNER_FAULT (the log's own key).
 */
export type TlogErrorCode =
  | 'TLOG_BAD_NOTE'
  | 'TLOG_BAD_SIGNATURE'
  | 'TLOG_UNTRUSTED_NOTE'
  | 'TLOG_BAD_CHECKPOINT'
  | 'TLOG_BAD_PROOF'
  | 'TLOG_BAD_POLICY'
  | 'TLOG_NO_QUORUM'
  | 'TLOG_RANGE'
  | 'TLOG_SIGNER_FAULT';

const TLOG_ERROR_KINDS = {
  TLOG_BAD_NOTE: 'invalid',
  TLOG_BAD_SIGNATURE: 'invalid',
  TLOG_UNTRUSTED_NOTE: 'invalid',
  TLOG_BAD_CHECKPOINT: 'invalid',
  TLOG_BAD_PROOF: 'invalid',
  TLOG_BAD_POLICY: 'invalid',
  TLOG_NO_QUORUM: 'invalid',
  TLOG_RANGE: 'invalid',
  TLOG_SIGNER_FAULT: 'fault',
} as const satisfies Record<TlogErrorCode, ErrorKind>;

export class TlogError extends errorOfKinds(TLOG_ERROR_KINDS) {}
