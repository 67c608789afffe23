/**
 * Verification (ETSI EN 319 102-1): verify() builds the report of SPEC.md for CMS/CAdES
 * signatures and the PAdES signatures of a PDF; verifyCertificate() validates one certificate's
 * path for `signet cert verify`.
 *   verify.ts                 the use case: CMS given, or a PDF alone
 *   signature-validation.ts   one SignerInfo: each building block, then its conclusion
 *   conclusion.ts             the report's indication and summary over its signatures
 *   pdf.ts, pdf-checks.ts     the signatures of a PDF, and the checks its container adds
 *   pdf-facts.ts              a PDF read into facts (also in the browser), which pdf.ts judges
 *   format.ts                 5.2.2 format checking
 *   signing-certificate.ts    5.2.3 identification of the signing certificate
 *   cryptographic.ts          5.2.7 message digest and signature value
 *   timestamp.ts              5.4 signature-time-stamp validation (the proof of existence)
 *   certificate-validation.ts 5.2.6 path validation and revocation, with 5.6.2.4 past validation
 *   revocation-evidence.ts    revocation status across times: CRLs by core/validation's
 *                             revocationStatusAt (path validation's reading), with OCSP
 *   ocsp-status.ts            revocation status from OCSP responses (authorizeResponder in core/ocsp)
 *   signing-time.ts           5.2.8 signature acceptance: the claimed signing time
 *   acceptance.ts             5.2.8 signature acceptance: the document's registry status
 *   signature-encoding.ts     a signature file (DER, PEM or base64) as DER
 *   document.ts               the document's digests, made while it streams
 *   report.ts                 indications, checks and the report shape
 *   reasons/                  each check's reason {id, params}, its en and zh-CN catalogues
 *   context.ts                the pools one verification shares
 *   ports.ts, ca-sources.ts   what verify() needs, and this CA's implementation of it
 */
export { verify, type VerificationDeps, type VerifyRequest } from './verify';
export { MAX_SIGNERS } from './signature-validation';
export {
  verifyCertificate,
  readCertificates,
  readCrl,
  type CertificateCheckRequest,
  type CertificateCheckResult,
} from './certificate';
export {
  documentFromBytes,
  documentFromDigest,
  documentHashesFor,
  hashDocument,
  MAX_PDF_BYTES,
  MAX_SIGNATURE_BYTES,
  type DocumentDigests,
} from './document';
export {
  readPdfFacts,
  toJson,
  type PdfFacts,
  type PdfFactsJson,
  type PdfSignatureFacts,
} from './pdf-facts';
export { caVerificationDeps, registryVerificationDeps, type RegisterLookups } from './ca-sources';
export { verificationContext, type VerificationContext } from './context';
export { checkTimeStampToken } from './timestamp';
export { standaloneVerificationDeps } from './standalone';
export { crlUrlsToFetch } from './revocation-urls';
export { signatureDer } from './signature-encoding';
export { checkReceipt, type ReceiptCheck } from './receipt';
export { VerificationError, type VerificationErrorCode } from './errors';
export type {
  Check,
  CheckStatus,
  Indication,
  LawCondition,
  LawOutcome,
  LawSection,
  PdfSignaturePlace,
  SignatureReport,
  SubIndication,
  VerificationReport,
} from './report';
export type {
  DocumentLookup,
  IssuedCertificates,
  RevocationSource,
  TrustedCertificates,
} from './ports';
export {
  languageOf,
  localizeDocumentView,
  localizeReport,
  renderReason,
  LANGUAGES,
  reason,
  type Language,
  type Reason,
  type ReasonId,
} from './reasons';
