/**
 * The signatures of a PDF (PAdES, ETSI EN 319 142-1; ISO 32000-1 12.8): each signature field's
 * CMS is verified by the CAdES building blocks over the digest of its ByteRange, with the checks
 * of the container beside them (pdf-checks.ts). The validation data of the Document Security
 * Store (5.4.2) joins the certificate, CRL and OCSP response pools. A document time-stamp (5.4.3) is
 * validated as a time-stamp (document-timestamp.ts); SubFilters of SHA-1 days are reported as not
 * verified rather than guessed at.
 *
 * Reading the PDF into facts is pdf-facts.ts (it also runs in the browser); this file judges them:
 * `verifyPdf(pdf)` is `judgePdf(readPdfFacts(pdf))`.
 */
import type { SignedDataView } from '../core/cms';
import { registryEntries } from './acceptance';
import { distinctCount, MAX_CERTIFICATES } from './certificates';
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
import { readPdfFacts, type PdfFacts, type PdfSignatureFacts } from './pdf-facts';
import type { DocumentLookup, IssuedCertificates } from './ports';
import { reason } from './reasons';
import type { VerificationReport } from './report';
import {
  guardedValidation,
  MAX_SIGNERS,
  readSignedData,
  unreadableSignature,
  validateEach,
  validateSignature,
  type SignatureResult,
} from './signature-validation';

interface PdfJudgementBase {
  now: Date;
  /** The whole file's digests, for the report, when the file itself was given. */
  document?: DocumentDigests;
  trustAnchors: Uint8Array[];
  /** Certificates and CRLs from outside the PDF (the caller's, this CA's). */
  untrusted: Uint8Array[];
  crls: Uint8Array[];
  documents?: DocumentLookup;
  /** This CA's department certificates, for a CMS that leaves its signer's out. */
  issued?: IssuedCertificates;
  /** Transparency-log keys trusted (vkeys). */
  logKeys?: readonly string[];
}

export interface PdfVerification extends PdfJudgementBase {
  pdf: Uint8Array;
  document: DocumentDigests;
}

export interface PdfJudgement extends PdfJudgementBase {
  /** Read from the PDF by readPdfFacts, here or on the reader's device. */
  facts: PdfFacts;
}

/** The digests of what a signature covers, under the hashes its signers name. */
function signedRange(
  signature: PdfSignatureFacts,
  cms: SignedDataView,
): DocumentDigests | undefined {
  const [, b, , d] = signature.byteRange;
  if (b === undefined || d === undefined) return undefined;
  const digests: DocumentDigests['digests'] = {};
  for (const { digestHash } of cms.signerInfos) {
    if (!digestHash) continue;
    const value = signature.digests[digestHash];
    if (!value) return undefined;
    digests[digestHash] = value;
  }
  return { digests, bytes: b + d };
}

function notVerified(signature: PdfSignatureFacts, now: Date): SignatureResult {
  const supported = [...CMS_SUBFILTERS, DOCUMENT_TIMESTAMP_SUBFILTER];
  const what =
    signature.subFilter === undefined
      ? reason('format.missing_subfilter', { supported })
      : reason('format.unsupported_subfilter', { subFilter: signature.subFilter, supported });
  return unreadableSignature(what, now, { pdf: pdfPlace(signature) });
}

function documentTimestamp(
  ctx: VerificationContext,
  signature: PdfSignatureFacts,
  at: Date,
): SignatureResult {
  const place = { pdf: pdfPlace(signature) };
  return guardedValidation(
    () => validateDocumentTimestamp(ctx, signature, (hash) => signature.digests[hash], at),
    ctx.now,
    place,
  );
}

/**
 * ETSI EN 319 102-1 5.6.3 for a PDF's document time-stamps: the last one is judged now, each
 * earlier one at the time the one after it proves (its revision, so the earlier time-stamp too,
 * existed then). Each result with the proof of existence it gives, by the time-stamp's revision.
 */
function documentTimestamps(
  ctx: VerificationContext,
  timestamps: readonly PdfSignatureFacts[],
): Map<PdfSignatureFacts, { result: SignatureResult; at: Date; poe?: Date }> {
  const judged = new Map<PdfSignatureFacts, { result: SignatureResult; at: Date; poe?: Date }>();
  let at = ctx.now;
  for (const ts of [...timestamps].sort((a, b) => b.revisionEnd - a.revisionEnd)) {
    const result = documentTimestamp(ctx, ts, at);
    const time = result.report.timestamp?.valid ? result.report.timestamp.time : undefined;
    const poe = time === undefined ? undefined : new Date(time);
    judged.set(ts, { result, at, poe });
    if (poe) at = poe;
  }
  return judged;
}

/** The report over every signature of an uploaded PDF (SPEC.md "Verification", issue 7). */
export function verifyPdf(input: PdfVerification): VerificationReport {
  const facts = readPdfFacts(input.pdf);
  if (typeof facts === 'string') {
    return unreadable(input.now, reason('unreadable.pdf', { detail: facts }), input.document);
  }
  return judgePdf({ ...input, facts });
}

/** The report over every signature of a PDF read into facts. */
export function judgePdf(input: PdfJudgement): VerificationReport {
  const { now, document, facts } = input;
  const read = {
    ...facts,
    // Each signature's CMS (a document time-stamp's token is one), or why it cannot be read;
    // undefined for a SubFilter not verified.
    cms: facts.signatures.map((s) =>
      [...CMS_SUBFILTERS, DOCUMENT_TIMESTAMP_SUBFILTER].includes(s.subFilter ?? '')
        ? readSignedData(s.contents)
        : undefined,
    ),
  };
  if (read.signatures.length === 0) {
    return unreadable(
      now,
      reason('unreadable.pdf_no_signature'),
      document,
      reason('summary.pdf_unsigned'),
    );
  }
  const signers = read.cms.reduce((n, cms) => n + (cms?.ok ? cms.cms.signerInfos.length : 1), 0);
  if (signers > MAX_SIGNERS) {
    return unreadable(
      now,
      reason('unreadable.pdf_too_many_signatures', { count: signers, max: MAX_SIGNERS }),
      document,
    );
  }
  const readable = read.cms.flatMap((c) => (c?.ok ? [c.cms] : []));
  const carried = [...readable.flatMap((c) => c.certificates), ...read.validationData.certificates];
  const certificates = distinctCount(carried);
  if (certificates > MAX_CERTIFICATES) {
    return unreadable(
      now,
      reason('unreadable.too_many_certificates', { count: certificates, max: MAX_CERTIFICATES }),
      document,
    );
  }
  const ctx = verificationContext(
    now,
    input.trustAnchors,
    [...carried, ...input.untrusted],
    [...readable.flatMap((c) => c.crls), ...read.validationData.crls, ...input.crls],
    [...readable.flatMap((c) => c.ocspResponses), ...read.validationData.ocspResponses],
    input.issued,
    input.logKeys,
  );
  const validationData =
    read.validationData.crls.length > 0 || read.validationData.ocspResponses.length > 0;
  const timestamps = read.signatures.filter((s) => s.subFilter === DOCUMENT_TIMESTAMP_SUBFILTER);
  /**
   * ETSI EN 319 142-1 6.3 (B-LTA): a document time-stamp after the signature covers its
   * validation data, whether carried in the CMS or added to the DSS before the time-stamp.
   */
  const archived = (signature: PdfSignatureFacts, cms: SignedDataView): boolean =>
    timestamps.some(
      (ts) =>
        ts.revisionEnd > signature.revisionEnd &&
        (cms.crls.length > 0 ||
          cms.ocspResponses.length > 0 ||
          signature.changesAfter.some((c) => c.kind === 'dss' && c.revisionEnd < ts.revisionEnd)),
    );
  const stamped = documentTimestamps(ctx, timestamps);
  /** The proof of existence of a signature: the earliest a valid later document time-stamp gives. */
  const provenBy = (signature: PdfSignatureFacts): Date | undefined =>
    timestamps
      .filter((ts) => ts.revisionEnd > signature.revisionEnd)
      .map((ts) => stamped.get(ts)?.poe)
      .filter((poe): poe is Date => poe !== undefined)
      .sort((a, b) => a.getTime() - b.getTime())[0];
  const results = read.signatures.flatMap((signature, i): SignatureResult[] => {
    const cmsRead = read.cms[i];
    const place = { pdf: pdfPlace(signature) };
    if (cmsRead === undefined) return [notVerified(signature, now)];
    if (!cmsRead.ok) {
      return [unreadableSignature(reason('format.unreadable', { why: cmsRead.why }), now, place)];
    }
    const cms = cmsRead.cms;
    if (signature.subFilter === DOCUMENT_TIMESTAMP_SUBFILTER) {
      return [stamped.get(signature)?.result ?? documentTimestamp(ctx, signature, now)];
    }
    const signed = signedRange(signature, cms);
    const entries = registryEntries(input.documents, signed);
    return validateEach(cms.signerInfos, (signerInfo) =>
      guardedValidation(
        () =>
          validateSignature(ctx, cms, signerInfo, signed, entries, {
            format: checkPdfFormat(cms, signerInfo, signature, {
              validationData,
              archived: archived(signature, cms),
            }),
            claimedTime: signature.signingTime,
            provenBy: provenBy(signature),
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
    results.map((r) => withTrailingData(r, facts.trailingBytes)),
    now,
    documentDigest(document, 'sha256'),
    undefined,
  );
}
