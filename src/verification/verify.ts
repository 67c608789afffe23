/**
 * verify(): the signature validation use case (ETSI EN 319 102-1, the validation process for
 * signatures with time, 5.5, over the basic signature validation, 5.3) for CMS/CAdES signatures,
 * detached or enveloping, made by Signet or not, and for the PAdES signatures inside a PDF given
 * alone (pdf.ts). It returns a report (report.ts) and never throws for a bad or unreadable
 * signature: unreadable input is an INDETERMINATE/FORMAT_FAILURE report. It throws a
 * VerificationError only for a request that asks nothing (no signature, no document) or breaks a
 * limit.
 */
import type { Clock } from '../ports';
import type { PublicDocumentView } from '../documents';
import { checkDocumentStatus, registryEntries } from './acceptance';
import { documentDigest, reportOf, summarized, unreadable } from './conclusion';
import { verificationContext } from './context';
import {
  documentFromBytes,
  MAX_PDF_BYTES,
  MAX_SIGNATURE_BYTES,
  type DocumentDigests,
} from './document';
import { VerificationError } from './errors';
import { lawSection } from './law';
import { checkLogKeys } from './transparency-log';
import { judgePdf, verifyPdf } from './pdf';
import type { PdfFacts } from './pdf-facts';
import type {
  DocumentLookup,
  IssuedCertificates,
  RevocationSource,
  TrustedCertificates,
} from './ports';
import { reason } from './reasons';
import type { VerificationReport } from './report';
import {
  guardedValidation,
  MAX_SIGNERS,
  readSignedData,
  validateEach,
  validateSignature,
} from './signature-validation';

export interface VerificationDeps {
  clock: Clock;
  trusted: TrustedCertificates;
  revocation: RevocationSource;
  documents?: DocumentLookup;
  issued?: IssuedCertificates;
  /** The transparency-log keys this verifier trusts (vkeys): this Signet's own log's. */
  logKeys?: () => readonly string[];
}

export interface VerifyRequest {
  /** A CMS SignedData (DER): detached, or enveloping the document. */
  signature?: Uint8Array;
  /**
   * The document, as hashed while it streamed (document.ts), or a digest the caller made. A PDF
   * given without a signature is verified by the signatures inside it.
   */
  document?: DocumentDigests;
  /**
   * A PDF read into facts on the reader's device (pdf-facts.ts): judged as the PDF itself would
   * be, the document never having been sent.
   */
  pdf?: PdfFacts;
  /** Trust anchors (DER) instead of this CA's root. */
  trustAnchors?: Uint8Array[];
  /** More certificates (DER) that may complete a path. */
  untrusted?: Uint8Array[];
  /** More CRLs (DER) to judge revocation with. */
  crls?: Uint8Array[];
  /** More transparency-log keys to trust (vkeys, c2sp.org/signed-note): `signet verify --log-key`. */
  logKeys?: string[];
}

/** Whether bytes start like a ContentInfo of a SignedData (SEQUENCE, OID 1.2.840.113549.1.7.2). */
function looksLikeSignedData(bytes: Uint8Array): boolean {
  const oid = Buffer.from('06092a864886f70d010702', 'hex');
  const head = Buffer.from(bytes.subarray(0, 24));
  return bytes[0] === 0x30 && head.includes(oid);
}

/**
 * A document given without a signature (and not itself a signature): no signature can be found in
 * the input, so INDETERMINATE/FORMAT_FAILURE, with what Signet's register says of the document.
 */
function registryReport(
  now: Date,
  document: DocumentDigests,
  entries: readonly PublicDocumentView[],
): VerificationReport {
  const entry = entries[0];
  const status = checkDocumentStatus(entry).check;
  return {
    indication: 'INDETERMINATE',
    subIndication: 'FORMAT_FAILURE',
    ...summarized(
      entry
        ? reason('summary.registry_only', { status: status.reason })
        : reason('summary.not_registered'),
    ),
    validationTime: now.toISOString(),
    signatures: [],
    document: {
      digest: documentDigest(document, undefined),
      registered: entry,
      status: entry ? status : undefined,
    },
    law: lawSection([]),
  };
}

/** The use case: a report on the signature(s) over the document (SPEC.md "Verification"). */
export async function verify(
  deps: VerificationDeps,
  request: VerifyRequest,
): Promise<VerificationReport> {
  let signature = request.signature;
  let document = request.document;
  if (!signature && !document && !request.pdf) {
    throw new VerificationError('NOTHING_TO_VERIFY', 'Give a signature, a document, or both.');
  }
  checkLogKeys(request.logKeys ?? []);

  if (signature && signature.length > MAX_SIGNATURE_BYTES) {
    throw new VerificationError(
      'SIGNATURE_TOO_LARGE',
      `The signature is larger than the limit of ${MAX_SIGNATURE_BYTES} bytes.`,
    );
  }
  const isPdfAlone = !signature && document?.pdf === true;
  if (isPdfAlone && !document?.content) {
    throw new VerificationError(
      'PDF_TOO_LARGE',
      `A PDF is verified from the signatures inside it, which means reading it whole: it must be at most ${MAX_PDF_BYTES} bytes.`,
    );
  }
  // This CA's current CRL first: it may be published by this call, and must not postdate "now".
  const caCrls =
    signature || document?.content || request.pdf ? await deps.revocation.currentCrls() : [];
  const now = deps.clock.now();
  const untrusted = [...(request.untrusted ?? []), ...deps.trusted.intermediates()];
  const trustAnchors = request.trustAnchors ?? deps.trusted.anchors();
  const crls = [...(request.crls ?? []), ...caCrls];
  const logKeys = [...(request.logKeys ?? []), ...(deps.logKeys?.() ?? [])];
  if (request.pdf) {
    return judgePdf({
      now,
      facts: request.pdf,
      document,
      trustAnchors,
      untrusted,
      crls,
      documents: deps.documents,
      issued: deps.issued,
      logKeys,
    });
  }
  if (isPdfAlone && document?.content) {
    return verifyPdf({
      now,
      pdf: document.content,
      document,
      trustAnchors,
      untrusted,
      crls,
      documents: deps.documents,
      issued: deps.issued,
      logKeys,
    });
  }
  // A document alone that is a signature is read as one: an enveloping signature carries the
  // document, and a detached one sent by mistake is told that the document is missing.
  if (!signature && document?.content && looksLikeSignedData(document.content)) {
    if (readSignedData(document.content).ok) {
      signature = document.content;
      document = undefined;
    }
  }
  if (!signature) {
    const known = document as DocumentDigests;
    return registryReport(now, known, registryEntries(deps.documents, known));
  }
  const read = readSignedData(signature);
  if (!read.ok) return unreadable(now, read.why, document);
  const cms = read.cms;
  if (cms.signerInfos.length > MAX_SIGNERS) {
    return unreadable(
      now,
      reason('unreadable.too_many_signatures', {
        count: cms.signerInfos.length,
        max: MAX_SIGNERS,
      }),
      document,
    );
  }
  // The document checked is the one given; else the one the signature encloses.
  const signed =
    document ?? (cms.content !== undefined ? documentFromBytes(cms.content) : undefined);
  const ctx = verificationContext(
    now,
    trustAnchors,
    [...cms.certificates, ...untrusted],
    [...cms.crls, ...crls],
    cms.ocspResponses,
    deps.issued,
    logKeys,
  );
  const entries = registryEntries(deps.documents, signed);
  const results = validateEach(cms.signerInfos, (si) =>
    guardedValidation(() => validateSignature(ctx, cms, si, signed, entries), now),
  );
  return reportOf(results, now, documentDigest(signed, cms.signerInfos[0]?.digestHash), undefined);
}
