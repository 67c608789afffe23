/**
 * Documents: the register of signed documents and their verification codes (SPEC.md "Verification
 * codes"). Signing registers a document here; verification, the citizen page and the audit log's
 * replay read it. Other use cases import this index only (eslint.config.js).
 *   ports.ts              the register (DocumentRegistry) and its record
 *   verification-code.ts  the codes: drawn, printed in groups, read back from what a person typed
 *   public-view.ts        what a code or a digest stands for, read-only
 *   registry-verdict.ts   what a registered document's certificate status means (also the page's)
 *   rescind.ts            the department withdraws or replaces a document (audited)
 */
export type {
  DocumentRecord,
  DocumentRegistry,
  DocumentStatus,
  SignatureFormat,
  SignatureLevel,
} from './ports';
export {
  CODE_ALPHABET,
  formatVerificationCode,
  newVerificationCode,
  normalizeVerificationCode,
} from './verification-code';
export {
  documentByCode,
  publicView,
  type DocumentViewDeps,
  type PublicDocumentView,
} from './public-view';
export {
  registryVerdict,
  type RegisteredCertificate,
  type RegistryVerdict,
  type RegistryVerdictCode,
  type RegistryVerdictInput,
} from './registry-verdict';
export { rescindDocument, type RescindDeps } from './rescind';
export { DocumentError, type DocumentErrorCode } from './errors';
