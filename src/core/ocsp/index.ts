export { certIdMatchesIssuer, createCertIdMatcher, type CertId, type CertIdHash } from './cert-id';
export { OcspError, type OcspErrorCode } from './errors';
export {
  parseOcspResponse,
  type ParsedBasicOcspResponse,
  type ParsedOcspResponse,
} from './parse-response';
export { parseOcspRequest, type OcspRequestSummary } from './request';
export {
  buildOcspResponse,
  createOcspResponder,
  type OcspCertStatus,
  type OcspResponder,
  type OcspResponderOptions,
  type OcspResponseInput,
  type OcspSingleResponse,
} from './response';
export {
  ocspErrorResponse,
  type OcspErrorStatus,
  type OcspResponseStatusName,
} from './error-response';
export {
  authorizeResponder,
  type OcspResponseView,
  type ResponderCheck,
} from './responder-authorization';
