/**
 * The PDF container of PAdES baseline signatures (ETSI EN 319 142-1) over ISO 32000-1: signing in
 * two phases (prepare, hash the ByteRange, embed the CMS made elsewhere), the B-LT Document
 * Security Store, and reading signatures and later changes for the verifier. Every write is an
 * incremental update: earlier bytes, and so earlier signatures, are never touched.
 */
export { embedCms, hashByteRange, type ByteRange } from './byte-range';
export type { PdfChange, PdfChangeKind } from './changes';
export {
  addDocumentSecurityStore,
  readDocumentSecurityStore,
  type DocumentSecurityStoreInput,
} from './dss';
export { PadesError, type PadesErrorCode } from './errors';
export {
  DEFAULT_RESERVED_BYTES,
  prepareDocumentTimestamp,
  preparePdfSignature,
  type DocumentTimestampOptions,
  type PdfSignatureOptions,
  type PreparedPdfSignature,
  type SignatureAppearance,
} from './prepare';
export { readPdfSignatures, type PdfSignature, type PdfSignatureReport } from './read-signatures';
export { hasPdfHeader, PDF_HEADER_WINDOW } from './pdf/xref';
export { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfObject } from './pdf/objects';
