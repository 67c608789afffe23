export {
  parseTimeStampRequest,
  type TimeStampRequest,
  type TimeStampRequestOptions,
} from './request';
export { createTimeStampToken, type TimeStampAccuracy, type TimeStampTokenInput } from './token';
export { parseTimeStampToken, type TimeStampTokenView, type TstInfoView } from './token-parse';
export {
  grantedResponse,
  parseTimeStampResponse,
  rejectionResponse,
  type TimeStampResponseView,
} from './response';
export { PKI_FAILURE_INFO_BITS, type PkiFailureInfoName } from './failure-info';
export { TspError, type TspErrorCode } from './errors';
export {
  verifyTimeStampToken,
  type TokenProblem,
  type TokenVerification,
  type TokenVerificationInput,
} from './verify-token';
