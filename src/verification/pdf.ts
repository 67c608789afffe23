/**
 * The signatures of a PDF (PAdES, ETSI EN 319 142-1; ISO 32000-1 12.8): each signature field's
 * CMS is verified by the CAdES building blocks over the digest of its ByteRange, with the checks
 * of the container beside them (pdf-checks.ts). The validation data of the Document Security
 * Store (5.4.2) joins the certificate, CRL and OCSP response pools. A document time-stamp (5.4.3) is
 * validated as a time-stamp (document-timestamp.ts); SubFilters of SHA-1 days are reported as not
 * verified rather than guessed at.
 */
import type { HashName } from '../core/algorithms';
import type { SignedDataView } from '../core/cms';
import { FormatError } from '../core/errors';
import {
  hashByteRange,
  PadesError,
  readDocumentSecurityStore,
  readPdfSignatures,
  type PdfSignature,
} from '../core/pades';
import { registryEntries } from './acceptance';
import { documentDigest, reportOf, unreadable } from './conclusion';
import { verificationContext, type VerificationContext } from './context';
import type { DocumentDigests } from './document';
import { DOCUMENT_TIMESTAMP_SUBFILTER, validateDocumentTimestamp } from './document-timestamp';
import {
  checkByteRange,
  checkChangesAfter,
  checkPdfFormat,
  CMS_SUBFILTERS,
  pdfPlace,
  withTrailingData,
} from './pdf-checks';
import type { DocumentLookup } from './ports';
import { reason, type Reason } from './reasons';
import type { VerificationReport } from './report';
import {
  guardedValidation,
  MAX_SIGNERS,
  isSignedData,
  readSignedData,
  unreadableSignature,
  validateSignature,
  type SignatureResult,
} from './signature-validation';

export interface PdfVerification {
  now: Date;
  pdf: Uint8Array;
  /** The whole file's digests, for the report. */
  document: DocumentDigests;
  trustAnchors: Uint8Array[];
  /** Certificates and CRLs from outside the PDF (the caller's, this CA's). */
  untrusted: Uint8Array[];
  crls: Uint8Array[];
  documents?: DocumentLookup;
}

interface ReadPdf {
  signatures: PdfSignature[];
  /** Bytes after the last revision (see withTrailingData). */
  trailingBytes: number;
  /**
   * Each signature's CMS (a document time-stamp's token is one), or why it cannot be read;
   * undefined for a SubFilter not verified.
   */
  cms: (SignedDataView | Reason | undefined)[];
  validationData: ReturnType<typeof readDocumentSecurityStore>;
}

function readPdf(pdf: Uint8Array): ReadPdf | string {
  try {
    const { signatures, trailingBytes } = readPdfSignatures(pdf);
    return {
      signatures,
      trailingBytes,
      cms: signatures.map((s) =>
        [...CMS_SUBFILTERS, DOCUMENT_TIMESTAMP_SUBFILTER].includes(s.subFilter ?? '')
          ? readSignedData(s.contents)
          : undefined,
      ),
      validationData: readDocumentSecurityStore(pdf),
    };
  } catch (error) {
    if (error instanceof PadesError || error instanceof FormatError) return error.message;
    throw error;
  }
}

/** The digest of what a signature covers under `hash`, or undefined when it cannot be taken. */
function rangeDigest(
  pdf: Uint8Array,
  signature: PdfSignature,
  hash: HashName,
): Uint8Array | undefined {
  const [a, b, c, d] = signature.byteRange;
  if (a === undefined || b === undefined || c === undefined || d === undefined) return undefined;
  try {
    return hashByteRange(pdf, [a, b, c, d], hash);
  } catch (error) {
    if (error instanceof PadesError) return undefined;
    throw error;
  }
}

/** The digests of what a signature covers, under the hashes its signers name. */
function signedRange(
  pdf: Uint8Array,
  signature: PdfSignature,
  cms: SignedDataView,
): DocumentDigests | undefined {
  const [, b, , d] = signature.byteRange;
  if (b === undefined || d === undefined) return undefined;
  const digests: Partial<Record<HashName, Uint8Array>> = {};
  for (const { digestHash } of cms.signerInfos) {
    if (!digestHash) continue;
    const value = rangeDigest(pdf, signature, digestHash);
    if (!value) return undefined;
    digests[digestHash] = value;
  }
  return { digests, bytes: b + d };
}

function notVerified(signature: PdfSignature, now: Date): SignatureResult {
  const supported = [...CMS_SUBFILTERS, DOCUMENT_TIMESTAMP_SUBFILTER];
  const what =
    signature.subFilter === undefined
      ? reason('format.missing_subfilter', { supported })
      : reason('format.unsupported_subfilter', { subFilter: signature.subFilter, supported });
  return unreadableSignature(what, now, { pdf: pdfPlace(signature) });
}

function documentTimestamp(
  ctx: VerificationContext,
  pdf: Uint8Array,
  signature: PdfSignature,
): SignatureResult {
  const place = { pdf: pdfPlace(signature) };
  return guardedValidation(
    () => validateDocumentTimestamp(ctx, signature, (hash) => rangeDigest(pdf, signature, hash)),
    ctx.now,
    place,
  );
}

/** The report over every signature of a PDF (SPEC.md "Verification", issue 7). */
export function verifyPdf(input: PdfVerification): VerificationReport {
  const { now, pdf, document } = input;
  const read = readPdf(pdf);
  if (typeof read === 'string') {
    return unreadable(now, reason('unreadable.pdf', { detail: read }), document);
  }
  if (read.signatures.length === 0) {
    return unreadable(
      now,
      reason('unreadable.pdf_no_signature'),
      document,
      reason('summary.pdf_unsigned'),
    );
  }
  const signers = read.cms.reduce(
    (n, cms) => n + (isSignedData(cms) ? cms.signerInfos.length : 1),
    0,
  );
  if (signers > MAX_SIGNERS) {
    return unreadable(
      now,
      reason('unreadable.pdf_too_many_signatures', { count: signers, max: MAX_SIGNERS }),
      document,
    );
  }
  const readable = read.cms.filter(isSignedData);
  const ctx = verificationContext(
    now,
    input.trustAnchors,
    [
      ...readable.flatMap((c) => c.certificates),
      ...read.validationData.certificates,
      ...input.untrusted,
    ],
    [...readable.flatMap((c) => c.crls), ...read.validationData.crls, ...input.crls],
    [...readable.flatMap((c) => c.ocspResponses), ...read.validationData.ocspResponses],
  );
  const validationData =
    read.validationData.crls.length > 0 || read.validationData.ocspResponses.length > 0;
  const timestamps = read.signatures.filter((s) => s.subFilter === DOCUMENT_TIMESTAMP_SUBFILTER);
  /**
   * ETSI EN 319 142-1 6.3 (B-LTA): a document time-stamp after the signature covers its
   * validation data, whether carried in the CMS or added to the DSS before the time-stamp.
   */
  const archived = (signature: PdfSignature, cms: SignedDataView): boolean =>
    timestamps.some(
      (ts) =>
        ts.revisionEnd > signature.revisionEnd &&
        (cms.crls.length > 0 ||
          cms.ocspResponses.length > 0 ||
          signature.changesAfter.some((c) => c.kind === 'dss' && c.revisionEnd < ts.revisionEnd)),
    );
  const results = read.signatures.flatMap((signature, i): SignatureResult[] => {
    const cms = read.cms[i];
    const place = { pdf: pdfPlace(signature) };
    if (cms === undefined) return [notVerified(signature, now)];
    if (!isSignedData(cms)) {
      return [unreadableSignature(reason('format.unreadable', { why: cms }), now, place)];
    }
    if (signature.subFilter === DOCUMENT_TIMESTAMP_SUBFILTER) {
      return [documentTimestamp(ctx, pdf, signature)];
    }
    const signed = signedRange(pdf, signature, cms);
    const entries = registryEntries(input.documents, signed);
    return cms.signerInfos.map((signerInfo) =>
      guardedValidation(
        () =>
          validateSignature(ctx, cms, signerInfo, signed, entries, {
            format: checkPdfFormat(cms, signerInfo, signature, {
              validationData,
              archived: archived(signature, cms),
            }),
            claimedTime: signature.signingTime,
            structure: checkByteRange(signature),
            changesAfter: checkChangesAfter(signature),
            report: place,
          }),
        now,
        place,
      ),
    );
  });
  return reportOf(
    results.map((r) => withTrailingData(r, read.trailingBytes)),
    now,
    documentDigest(document, 'sha256'),
    undefined,
  );
}
