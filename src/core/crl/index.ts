export { buildCrl, type BuildCrlInput, type CrlEntryInput } from './build';
export { parseCrl, type CrlSummary, type CrlEntrySummary } from './parse';
export { CrlError, type CrlErrorCode } from './errors';
export {
  REVOCATION_REASON_CODES,
  isRevocationReason,
  revocationReasonFromCode,
  revocationReasonName,
  type RevocationReason,
} from './reason';
