/**
 * verify(): the signature validation use case (ETSI EN 319 102-1, the validation process for
 * signatures with time, 5.5, over the basic signature validation, 5.3) for CMS/CAdES signatures,
 * detached or enveloping, made by Signet or not. It returns a report (report.ts) and never throws
 * for a bad or unreadable signature: unreadable input is an INDETERMINATE/FORMAT_FAILURE report.
 * It throws a VerificationError only for a request that asks nothing (no signature, no document)
 * or breaks a limit.
 */
import type { HashName } from '../core/algorithms';
import { CmsError, parseSignedData, type SignedDataView, type SignerInfoView } from '../core/cms';
import { FormatError } from '../core/errors';
import { TspError } from '../core/tsp';
import { CrlView } from '../core/validation/crl-view';
import type { Clock } from '../ca/ports';
import type { PublicDocumentView } from '../signing/documents';
import { checkDocumentStatus, entryOfSignature, registryEntries } from './acceptance';
import { certificateSummary, parseCertificates, signerSummary } from './certificates';
import {
  checkCertificateChain,
  checkRevocation,
  type SignatureTimes,
} from './certificate-validation';
import type { VerificationContext } from './context';
import { checkMessageDigest, checkSignatureValue } from './cryptographic';
import { documentFromBytes, hexOf, MAX_SIGNATURE_BYTES, type DocumentDigests } from './document';
import { VerificationError } from './errors';
import { checkFormat } from './format';
import type { DocumentLookup, RevocationSource, TrustedCertificates } from './ports';
import {
  conclude,
  outcome,
  worstOf,
  type Check,
  type CheckOutcome,
  type SignatureReport,
  type VerificationReport,
} from './report';
import { identifySigningCertificate } from './signing-certificate';
import { checkSignatureTimestamp } from './timestamp';

/** Signatures verified from one CMS: each costs path validations, so hostile input is bounded. */
export const MAX_SIGNERS = 16;

export interface VerificationDeps {
  clock: Clock;
  trusted: TrustedCertificates;
  revocation: RevocationSource;
  documents?: DocumentLookup;
}

export interface VerifyRequest {
  /** A CMS SignedData (DER): detached, or enveloping the document. */
  signature?: Uint8Array;
  /** The document, as hashed while it streamed (document.ts), or a digest the caller made. */
  document?: DocumentDigests;
  /** Trust anchors (DER) instead of this CA's root. */
  trustAnchors?: Uint8Array[];
  /** More certificates (DER) that may complete a path. */
  untrusted?: Uint8Array[];
  /** More CRLs (DER) to judge revocation with. */
  crls?: Uint8Array[];
}

/** The document's digest for the report: under the signature's hash when known, else SHA-256. */
function documentDigest(document: DocumentDigests | undefined, preferred: HashName | undefined) {
  if (!document) return undefined;
  const order = [preferred, 'sha256', 'sha384', 'sha512'] as (HashName | undefined)[];
  for (const hash of order) {
    const value = hash && document.digests[hash];
    if (hash && value) return { algorithm: hash, value: hexOf(value) };
  }
  return undefined;
}

/** Whether bytes start like a ContentInfo of a SignedData (SEQUENCE, OID 1.2.840.113549.1.7.2). */
function looksLikeSignedData(bytes: Uint8Array): boolean {
  const oid = Buffer.from('06092a864886f70d010702', 'hex');
  const head = Buffer.from(bytes.subarray(0, 24));
  return bytes[0] === 0x30 && head.includes(oid);
}

function parsedCrls(ders: readonly Uint8Array[]): CrlView[] {
  const views: CrlView[] = [];
  for (const der of ders) {
    try {
      views.push(CrlView.parse(der));
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
    }
  }
  return views;
}

interface SignatureResult {
  report: SignatureReport;
  /** The check whose verdict decided the indication, for the summary. */
  decisive?: Check;
  entry?: PublicDocumentView;
}

/** ETSI EN 319 102-1 5.5 for one SignerInfo: each building block, then the conclusion. */
function validateSignature(
  ctx: VerificationContext,
  cms: SignedDataView,
  signerInfo: SignerInfoView,
  document: DocumentDigests | undefined,
  entries: readonly PublicDocumentView[],
): SignatureResult {
  const format = checkFormat(cms, signerInfo);
  const identified = identifySigningCertificate(signerInfo, ctx.certificates);
  const signer = identified.certificate;
  const messageDigest = checkMessageDigest(signerInfo, document);
  const signatureValue = checkSignatureValue(signerInfo, signer, document);
  const timestamp = checkSignatureTimestamp(ctx, signerInfo);
  const times: SignatureTimes = {
    now: ctx.now,
    poe: timestamp.poe,
    claimed: signerInfo.signingTime,
  };
  const chain = signer ? checkCertificateChain(ctx, signer, times) : undefined;
  const revocation = checkRevocation(ctx, chain?.chain, times);
  const entry = entryOfSignature(
    entries,
    signer && certificateSummary(signer).serial,
    signerInfo.signingTime,
  );
  const documentStatus = checkDocumentStatus(entry);
  const outcomes: CheckOutcome[] = [
    format.outcome,
    identified.outcome,
    messageDigest,
    signatureValue,
    timestamp.outcome,
    chain?.outcome ??
      outcome(
        'certificate_chain',
        'not_checked',
        "Without the signer's certificate there is no chain to check.",
      ),
    revocation,
    documentStatus,
  ];
  const verdict = conclude(outcomes.map((o) => o.verdict));
  const decisive = outcomes.find(
    (o) =>
      o.verdict?.indication === verdict.indication &&
      o.verdict.subIndication === verdict.subIndication,
  )?.check;
  return {
    decisive,
    entry,
    report: {
      ...verdict,
      format: format.format,
      signer: signer && signerSummary(signer),
      signingTime: signerInfo.signingTime?.toISOString() ?? null,
      bestSignatureTime: (timestamp.poe ?? ctx.now).toISOString(),
      timestamp: timestamp.timestamp,
      certificateChain: (chain?.chain ?? (signer ? [signer] : [])).map(certificateSummary),
      checks: outcomes.map((o) => o.check),
    },
  };
}

/**
 * A part of one signature that cannot be read (an extension of its certificate, say) makes that
 * signature INDETERMINATE/FORMAT_FAILURE, never an exception: faults of Signet still propagate.
 */
function guardedValidation(validate: () => SignatureResult, now: Date): SignatureResult {
  try {
    return validate();
  } catch (error) {
    if (!(error instanceof FormatError || error instanceof CmsError || error instanceof TspError)) {
      throw error;
    }
    const check = outcome(
      'format',
      'failed',
      `Part of the signature cannot be read: ${error.message}`,
    ).check;
    return {
      decisive: check,
      report: {
        indication: 'INDETERMINATE',
        subIndication: 'FORMAT_FAILURE',
        format: 'CMS',
        signingTime: null,
        bestSignatureTime: now.toISOString(),
        certificateChain: [],
        checks: [check],
      },
    };
  }
}

function summaryOf(result: SignatureResult | undefined, indication: string): string {
  const report = result?.report;
  if (!result || !report) return 'No signature was verified.';
  const who = report.signer?.name ?? report.signer?.subject ?? 'the signer';
  if (indication === 'TOTAL_PASSED') {
    const when = report.timestamp?.valid
      ? ` A time-stamp proves it was signed on ${report.timestamp.time}.`
      : report.signingTime
        ? ` The signer states it was signed on ${report.signingTime}.`
        : '';
    return `The signature is valid: ${who} signed this document, and it has not been changed since.${when}`;
  }
  const why = result.decisive?.message ?? '';
  if (result.decisive?.id === 'document_status') return why;
  return indication === 'TOTAL_FAILED'
    ? `The signature is not valid. ${why}`
    : `The signature cannot be confirmed. ${why}`;
}

/** An input that cannot be read as a signature: INDETERMINATE/FORMAT_FAILURE. */
function unreadable(now: Date, message: string, document?: DocumentDigests): VerificationReport {
  return {
    indication: 'INDETERMINATE',
    subIndication: 'FORMAT_FAILURE',
    summary: `The signature cannot be read: ${message}`,
    validationTime: now.toISOString(),
    signatures: [],
    document: { digest: documentDigest(document, undefined) },
  };
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
    summary: entry
      ? `No signature was given; ${status.message} To check the signature itself, send it too.`
      : "No signature was given, and this document is not in Signet's register of signed documents.",
    validationTime: now.toISOString(),
    signatures: [],
    document: {
      digest: documentDigest(document, undefined),
      registered: entry,
      status: entry ? status : undefined,
    },
  };
}

/** Reads the signature, or says why it cannot be read. */
function readSignature(der: Uint8Array): SignedDataView | string {
  try {
    return parseSignedData(der);
  } catch (error) {
    if (error instanceof FormatError || error instanceof CmsError) {
      const code =
        error.code === 'NO_SIGNER_INFO'
          ? 'it contains no signature (no SignerInfo).'
          : error.message;
      return code;
    }
    throw error;
  }
}

/** The use case: a report on the signature(s) over the document (SPEC.md "Verification"). */
export async function verify(
  deps: VerificationDeps,
  request: VerifyRequest,
): Promise<VerificationReport> {
  let signature = request.signature;
  let document = request.document;
  if (!signature && !document) {
    throw new VerificationError('NOTHING_TO_VERIFY', 'Give a signature, a document, or both.');
  }
  // This CA's current CRL first: it may be published by this call, and must not postdate "now".
  const caCrls = signature || document?.content ? await deps.revocation.currentCrls() : [];
  const now = deps.clock.now();
  if (signature && signature.length > MAX_SIGNATURE_BYTES) {
    throw new VerificationError(
      'SIGNATURE_TOO_LARGE',
      `The signature is larger than the limit of ${MAX_SIGNATURE_BYTES} bytes.`,
    );
  }
  // A document alone that is a signature is read as one: an enveloping signature carries the
  // document, and a detached one sent by mistake is told that the document is missing.
  if (!signature && document?.content && looksLikeSignedData(document.content)) {
    if (typeof readSignature(document.content) !== 'string') {
      signature = document.content;
      document = undefined;
    }
  }
  if (!signature) {
    const known = document as DocumentDigests;
    return registryReport(now, known, registryEntries(deps.documents, known));
  }
  const cms = readSignature(signature);
  if (typeof cms === 'string') return unreadable(now, cms, document);
  if (cms.signerInfos.length > MAX_SIGNERS) {
    return unreadable(
      now,
      `it holds ${cms.signerInfos.length} signatures; Signet verifies at most ${MAX_SIGNERS} at once.`,
      document,
    );
  }
  // The document checked is the one given; else the one the signature encloses.
  const signed =
    document ?? (cms.content !== undefined ? documentFromBytes(cms.content) : undefined);
  const untrusted = [
    ...cms.certificates,
    ...(request.untrusted ?? []),
    ...deps.trusted.intermediates(),
  ];
  const ctx: VerificationContext = {
    now,
    trustAnchors: request.trustAnchors ?? deps.trusted.anchors(),
    untrusted,
    certificates: parseCertificates(untrusted),
    crls: parsedCrls([...cms.crls, ...(request.crls ?? []), ...caCrls]),
  };
  const entries = registryEntries(deps.documents, signed);
  const results = cms.signerInfos.map((si) =>
    guardedValidation(() => validateSignature(ctx, cms, si, signed, entries), now),
  );
  const verdict = worstOf(results.map((r) => r.report));
  const decisive = results.find(
    (r) =>
      r.report.indication === verdict.indication &&
      r.report.subIndication === verdict.subIndication,
  );
  // The document's own registry entry: the one a signature matched, else the newest.
  const registered = results.find((r) => r.entry)?.entry ?? entries[0];
  return {
    ...verdict,
    summary: summaryOf(decisive, verdict.indication),
    validationTime: now.toISOString(),
    signatures: results.map((r) => r.report),
    document: {
      digest: documentDigest(signed, cms.signerInfos[0]?.digestHash),
      registered,
      status: registered ? checkDocumentStatus(registered).check : undefined,
    },
  };
}
