/**
 * ETSI EN 319 102-1 5.5 for one SignerInfo: each building block, then the conclusion. The same
 * for a detached or enveloping CMS (verify.ts) and for a signature inside a PDF (pdf.ts), whose
 * container adds its own checks: the signed byte range before the CMS's, and what was changed
 * after signing before the document's status.
 */
import { CmsError, parseSignedData, type SignedDataView, type SignerInfoView } from '../core/cms';
import { FormatError } from '../core/errors';
import { bytesKey } from '../core/memo';
import { OcspError } from '../core/ocsp';
import { TspError } from '../core/tsp';
import type { PublicDocumentView } from '../documents';
import { checkDocumentStatus, entryOfSignature } from './acceptance';
import {
  certificateSummary,
  MAX_CERTIFICATES,
  signerSummary,
  tooManyCertificates,
} from './certificates';
import {
  checkCertificateChain,
  checkRevocation,
  type ChainResult,
  type SignatureTimes,
} from './certificate-validation';
import { checkArchiveTimestamps } from './archive-timestamp';
import type { VerificationContext } from './context';
import { checkMessageDigest, checkSignatureValue } from './cryptographic';
import type { DocumentDigests } from './document';
import type { SignerKeyRecord } from './ports';
import { checkFormat, type FormatResult } from './format';
import { reason, type Reason } from './reasons';
import {
  concludeOutcomes,
  indeterminate,
  outcome,
  WORK_LIMIT_VERDICT,
  workLimitReached,
  type Check,
  type CheckOutcome,
  type SignatureReport,
  type Verdict,
} from './report';
import { identifySigningCertificate } from './signing-certificate';
import { checkSigningTime } from './signing-time';
import { checkSignatureTimestamp } from './timestamp';
import { checkTransparencyLog } from './transparency-log';

/** Signatures verified from one input: each costs path validations, so hostile input is bounded. */
export const MAX_SIGNERS = 16;

/** What readSignedData read: the SignedData, or why it could not be read (unreadable.*). */
export type SignedDataRead = { ok: true; cms: SignedDataView } | { ok: false; why: Reason };

/**
 * Reads a CMS SignedData, or says why it cannot be read: one that carries more than
 * MAX_CERTIFICATES certificates is refused before they are decoded. A malformed signature is a
 * finding of the report (ETSI EN 319 102-1 5.2.2 FORMAT_FAILURE), not an exception, so the reason
 * comes back as a value; faults still throw.
 */
export function readSignedData(der: Uint8Array): SignedDataRead {
  const carried = tooManyCertificates(der);
  if (carried !== undefined) {
    const why = reason('unreadable.too_many_certificates', {
      count: carried,
      max: MAX_CERTIFICATES,
    });
    return { ok: false, why };
  }
  try {
    return { ok: true, cms: parseSignedData(der) };
  } catch (error) {
    if (error instanceof FormatError || error instanceof CmsError) {
      const why =
        error.code === 'NO_SIGNER_INFO'
          ? reason('unreadable.no_signer_info')
          : reason('unreadable.detail', { detail: error.message });
      return { ok: false, why };
    }
    throw error;
  }
}

export interface SignatureResult {
  report: SignatureReport;
  /** The check whose verdict decided the indication, for the summary. */
  decisive?: Check;
  entry?: PublicDocumentView;
  /** The register's record of the signer's key, when this CA issued its certificate (law.ts). */
  key?: SignerKeyRecord;
}

/** What a container (a PDF) says of the signature it holds, beside the CMS. */
export interface SignatureContainer {
  /** The format check, in the container's terms (PAdES rather than CAdES). */
  format: FormatResult;
  /** The signing time the container claims (PDF /M) for a CMS without signing-time. */
  claimedTime?: Date;
  /**
   * The proof of existence the container gives the signature (a PDF's later document time-stamp,
   * ETSI EN 319 142-1 5.4.3), used as an archive time-stamp's is (5.6.3).
   */
  provenBy?: Date;
  /** The container's structural check (the PDF's ByteRange), made before the CMS's own. */
  structure: CheckOutcome;
  /** What was changed after signing, checked before the document's registry status. */
  changesAfter: CheckOutcome;
  /** Added to the report as they are. */
  report: Pick<SignatureReport, 'pdf'>;
}

/**
 * Whether a path to a trust anchor vouches for the signer's names (ETSI EN 319 102-1 5.2.6): not
 * when none was found, whatever else the certificate's validation found (an expired certificate
 * still names its holder).
 */
function vouchedFor(chain: ChainResult | undefined): boolean {
  const sub = chain?.outcome.verdict?.subIndication;
  return (
    chain !== undefined &&
    sub !== 'NO_CERTIFICATE_CHAIN_FOUND' &&
    sub !== 'CERTIFICATE_CHAIN_GENERAL_FAILURE'
  );
}

export function validateSignature(
  ctx: VerificationContext,
  cms: SignedDataView,
  signerInfo: SignerInfoView,
  document: DocumentDigests | undefined,
  entries: readonly PublicDocumentView[],
  container?: SignatureContainer,
): SignatureResult {
  if (!ctx.budget.spend('validations')) return workLimitSignature(ctx.now, container?.report);
  const format = container?.format ?? checkFormat(cms, signerInfo);
  const identified = identifySigningCertificate(signerInfo, ctx.certificates, ctx.issued);
  const signer = identified.certificate;
  const messageDigest = checkMessageDigest(signerInfo, document);
  const signatureValue = checkSignatureValue(signerInfo, signer, document, ctx.budget);
  // 5.6.3: the archive time-stamps first, latest to earliest; the earliest proof of existence they
  // give is the time the signature-time-stamp is judged at, and stands in for it when it fails.
  const archive = container?.provenBy
    ? { poe: container.provenBy, outcome: undefined }
    : checkArchiveTimestamps(ctx, cms, signerInfo, document);
  const timestamp = checkSignatureTimestamp(ctx, signerInfo, archive.poe);
  // Only the CMS attribute is checked: a PDF's /M is often local time without a zone.
  const signingTime = checkSigningTime(signerInfo.signingTime, signer, timestamp.timestamp);
  const claimed = signerInfo.signingTime ?? container?.claimedTime;
  const times: SignatureTimes = { now: ctx.now, poe: timestamp.poe ?? archive.poe, claimed };
  const chain = signer ? checkCertificateChain(ctx, signer, times) : undefined;
  const revocation = checkRevocation(ctx, chain?.chain, times);
  const logged = checkTransparencyLog(
    signerInfo,
    { signerSpki: signer?.spkiDer, claimed },
    ctx.logKeys,
  );
  const entry = entryOfSignature(entries, signer, claimed);
  const documentStatus = checkDocumentStatus(
    entry,
    messageDigest.verdict?.subIndication === 'HASH_FAILURE',
  );
  const outcomes: CheckOutcome[] = [
    format.outcome,
    ...(container ? [container.structure] : []),
    identified.outcome,
    messageDigest,
    signatureValue,
    timestamp.outcome,
    ...(archive.outcome ? [archive.outcome] : []),
    ...(signingTime ? [signingTime] : []),
    chain?.outcome ?? outcome('certificate_chain', 'not_checked', reason('chain.no_certificate')),
    revocation,
    ...(logged ? [logged] : []),
    ...(container ? [container.changesAfter] : []),
    documentStatus,
  ];
  const { verdict, decisive } = concludeOutcomes(outcomes);
  return {
    decisive,
    entry,
    key: signer && ctx.issued?.keyOf(signer),
    report: {
      ...verdict,
      format: format.format,
      signer: signer && { ...signerSummary(signer), confirmed: vouchedFor(chain) },
      signingTime: claimed?.toISOString() ?? null,
      bestSignatureTime: (times.poe ?? ctx.now).toISOString(),
      timestamp: timestamp.timestamp,
      certificateChain: (chain?.chain ?? (signer ? [signer] : [])).map(certificateSummary),
      checks: outcomes.map((o) => o.check),
      ...container?.report,
    },
  };
}

/** A signature decided by its one check, `check`, before any other was made. */
function decidedByOne(
  check: Check,
  verdict: Verdict,
  now: Date,
  extra: Partial<SignatureReport>,
): SignatureResult {
  return {
    decisive: check,
    report: {
      ...verdict,
      format: 'CMS',
      signingTime: null,
      bestSignatureTime: now.toISOString(),
      certificateChain: [],
      checks: [check],
      ...extra,
    },
  };
}

/** A signature that is INDETERMINATE/FORMAT_FAILURE for `why`, with `extra` in its report. */
export function unreadableSignature(
  why: Reason,
  now: Date,
  extra: Partial<SignatureReport> = {},
): SignatureResult {
  const { check } = outcome('format', 'failed', why);
  return decidedByOne(check, indeterminate('FORMAT_FAILURE'), now, extra);
}

/**
 * Validates each SignerInfo once: copies of one SignerInfo (the same DER) share its result, so a
 * signature sent sixteen times costs one validation (issue 14).
 */
export function validateEach(
  signerInfos: readonly SignerInfoView[],
  validate: (signerInfo: SignerInfoView) => SignatureResult,
): SignatureResult[] {
  const done = new Map<string, SignatureResult>();
  return signerInfos.map((signerInfo) => {
    const key = bytesKey(signerInfo.der);
    const result = done.get(key) ?? validate(signerInfo);
    done.set(key, result);
    return result;
  });
}

/** A signature not validated because the request had used up its work budget (issue 14). */
function workLimitSignature(now: Date, extra: Partial<SignatureReport> = {}): SignatureResult {
  return decidedByOne(workLimitReached('work_budget').check, WORK_LIMIT_VERDICT, now, extra);
}

/**
 * A part of one signature that cannot be read (an extension of its certificate, say) makes that
 * signature INDETERMINATE/FORMAT_FAILURE, never an exception: faults of Signet still propagate.
 */
export function guardedValidation(
  validate: () => SignatureResult,
  now: Date,
  extra: Partial<SignatureReport> = {},
): SignatureResult {
  try {
    return validate();
  } catch (error) {
    const readError =
      error instanceof FormatError ||
      error instanceof CmsError ||
      error instanceof TspError ||
      error instanceof OcspError;
    if (!readError) throw error;
    return unreadableSignature(
      reason('format.unreadable_part', { detail: error.message }),
      now,
      extra,
    );
  }
}
