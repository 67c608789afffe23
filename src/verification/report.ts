/**
 * The verification report of SPEC.md "Verification": ETSI EN 319 102-1 indications and
 * sub-indications (clause 5.1.3, tables 4 and 5), one report per signature with the checks that led
 * to it, and the document with its registry entry. Each check says why as data, a reason id with
 * parameters (reasons/), and as a sentence for citizens rendered from it.
 */
import type { PublicDocumentView } from '../documents';
import { checkName, reason, renderReason, type Reason } from './reasons';

export type Indication = 'TOTAL_PASSED' | 'TOTAL_FAILED' | 'INDETERMINATE';

/** The sub-indications of ETSI EN 319 102-1 table 5 that Signet's verifier can reach. */
/** ETSI EN 319 102-1 table 5: the sub-indications Signet's verifier can reach. */
export const SUB_INDICATIONS = [
  'FORMAT_FAILURE',
  'HASH_FAILURE',
  'SIG_CRYPTO_FAILURE',
  'REVOKED',
  'NOT_YET_VALID',
  'EXPIRED',
  'SIG_CONSTRAINTS_FAILURE',
  'CHAIN_CONSTRAINTS_FAILURE',
  'CERTIFICATE_CHAIN_GENERAL_FAILURE',
  'CRYPTO_CONSTRAINTS_FAILURE',
  'CRYPTO_CONSTRAINTS_FAILURE_NO_POE',
  'NO_SIGNING_CERTIFICATE_FOUND',
  'NO_CERTIFICATE_CHAIN_FOUND',
  'REVOKED_NO_POE',
  'REVOKED_CA_NO_POE',
  'OUT_OF_BOUNDS_NO_POE',
  'TRY_LATER',
  'SIGNED_DATA_NOT_FOUND',
] as const;

export type SubIndication = (typeof SUB_INDICATIONS)[number];

export type CheckStatus = 'passed' | 'failed' | 'warning' | 'not_checked';

/** The checks of one signature, in the order of the ETSI building blocks that make them. */
/** The checks a report can carry, listed once: the report type and the OpenAPI answer take them. */
export const CHECK_IDS = [
  'format',
  'byte_range',
  'signing_certificate',
  'message_digest',
  'signature_value',
  'signature_timestamp',
  'archive_timestamp',
  'signing_time',
  'certificate_chain',
  'revocation',
  'transparency_log',
  'changes_after',
  'trailing_data',
  'document_status',
  'work_budget',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

export interface Check {
  id: CheckId;
  /** The check's name in the report's language. */
  name: string;
  status: CheckStatus;
  /** Why, as data: the same in every language. */
  reason: Reason;
  /** One sentence (or two) a citizen understands: `reason` in the report's language. */
  message: string;
}

/** What a failed or inconclusive check means for the signature as a whole. */
export interface Verdict {
  indication: Exclude<Indication, 'TOTAL_PASSED'>;
  subIndication: SubIndication;
}

/** A check and, when it does not pass, the indication it leads to. */
export interface CheckOutcome {
  check: Check;
  verdict?: Verdict;
}

/** A check, in English until the report is rendered in the reader's language (localize.ts). */
export function outcome(
  id: CheckId,
  status: CheckStatus,
  reason: Reason,
  verdict?: Verdict,
): CheckOutcome {
  const message = renderReason('en', reason);
  return { check: { id, name: checkName('en', id), status, message, reason }, verdict };
}

export const failed = (subIndication: SubIndication): Verdict => ({
  indication: 'TOTAL_FAILED',
  subIndication,
});
export const indeterminate = (subIndication: SubIndication): Verdict => ({
  indication: 'INDETERMINATE',
  subIndication,
});

/**
 * What a check left undone because the request's work budget ran out (issue 14) means:
 * INDETERMINATE, since nothing was found wrong; SIG_CONSTRAINTS_FAILURE, since it is the validation
 * policy's bound (ETSI EN 319 102-1 5.2.8) that the input does not meet.
 */
export const WORK_LIMIT_VERDICT: Verdict = indeterminate('SIG_CONSTRAINTS_FAILURE');

export function workLimitReached(id: CheckId): CheckOutcome {
  return outcome(id, 'not_checked', reason('budget.exhausted'), WORK_LIMIT_VERDICT);
}

export interface CertificateSummary {
  subject: string;
  issuer: string;
  /** Hexadecimal, as everywhere in Signet. */
  serial: string;
  notBefore: string;
  notAfter: string;
}

export interface SignerSummary extends CertificateSummary {
  /**
   * Whether a path to a trust anchor vouches for the names below; false means the signer only
   * claims to be who its certificate names.
   */
  confirmed?: boolean;
  /** The common name: the department or person who signed. */
  name?: string;
  organization?: string;
  /** The organizational unit: in Signet's certificates, the department id. */
  department?: string;
}

export interface TimestampSummary {
  /** genTime of the token (RFC 3161 2.4.2). */
  time: string;
  /** The token's accuracy (RFC 3161 2.4.2) in milliseconds, when it states one. */
  accuracyMs?: number;
  /** Subject of the time-stamping authority's certificate, when it was found. */
  authority?: string;
  serialNumber: string;
  policy: string;
  /** Whether the token was verified and proves that the signature existed at `time`. */
  valid: boolean;
}

/** A change an incremental update made to a PDF after a signature (ISO 32000-1 7.5.6). */
export interface PdfChangeSummary {
  /** The revision that made it (0 is the original document). */
  revision: number;
  objectNumber: number;
  action: 'added' | 'modified' | 'deleted';
  /** What the object is: a signature, a signature field, the DSS, file structure or other. */
  kind: string;
  /** Whether ISO 32000-1 12.8.2.2 / ETSI EN 319 142-1 allow it after signing. */
  allowed: boolean;
  description: string;
}

/** Where a signature sits in a PDF (ISO 32000-1 12.8.1). */
export interface PdfSignaturePlace {
  /** The signature field's fully qualified name. */
  field: string;
  subFilter?: string;
  byteRange: number[];
  /** The signed revision is the file's first `signedBytes` bytes. */
  signedBytes: number;
  /** What later revisions changed (at most MAX_REPORTED_CHANGES are listed). */
  changesAfter: PdfChangeSummary[];
  /** How many changes there were in all. */
  changesAfterCount: number;
}

export interface SignatureReport {
  indication: Indication;
  subIndication?: SubIndication;
  /** CAdES-BASELINE-B / -T / -LT (ETSI EN 319 122-1), or CMS for a plain RFC 5652 signature. */
  format: string;
  /** Undefined when the signer's certificate was not found in the signature. */
  signer?: SignerSummary;
  /** The signing-time the signer claims (RFC 5652 11.3), or null when it gives none. */
  signingTime: string | null;
  /**
   * The time the signature is known to have existed (ETSI "best signature time"): the time-stamp's
   * time when a valid one covers it, else the time of validation.
   */
  bestSignatureTime: string;
  timestamp?: TimestampSummary;
  /** The certification path found, signer first and trust anchor last. */
  certificateChain: CertificateSummary[];
  checks: Check[];
  /** For a signature in a PDF: its field, signed range and what was changed after it. */
  pdf?: PdfSignaturePlace;
}

/**
 * The four conditions of a reliable electronic signature, PRC Electronic Signature Law (2004,
 * amended 2019) Art. 13: (1) the creation data belongs to the signer alone when used; (2) it is
 * under the signer's sole control when signing; (3) any change to the signature after signing can
 * be detected; (4) any change to the content and form of the data message after signing can be
 * detected.
 */
export const LAW_CONDITIONS = [1, 2, 3, 4] as const;
export type LawConditionNumber = (typeof LAW_CONDITIONS)[number];
export const LAW_OUTCOMES = ['SATISFIED', 'NOT_SATISFIED', 'CANNOT_BE_DETERMINED'] as const;
export type LawOutcome = (typeof LAW_OUTCOMES)[number];

/** One Art. 13 condition judged from the report's checks and Signet's register (law.ts). */
export interface LawCondition {
  condition: LawConditionNumber;
  /** The condition in the report's language. */
  title: string;
  outcome: LawOutcome;
  /** The signature (index into `signatures`) whose checks decided it, when one did. */
  signature?: number;
  /** The checks of that signature that support the outcome. */
  checks: CheckId[];
  reason: Reason;
  /** `reason` in the report's language. */
  message: string;
}

/** Art. 13 of the PRC Electronic Signature Law, condition by condition (issue 19). */
export interface LawSection {
  conditions: LawCondition[];
  /** A technical assessment, not legal advice: `noteReason` in the report's language. */
  note: string;
  noteReason: Reason;
}

export interface VerificationReport {
  indication: Indication;
  subIndication?: SubIndication;
  /** The verdict in one or two sentences for a citizen: `summaryReason` in the report's language. */
  summary: string;
  summaryReason: Reason;
  /** The sub-indication in plain words (subIndicationReason), in the report's language. */
  subIndicationMessage?: string;
  validationTime: string;
  signatures: SignatureReport[];
  document: {
    /** The document's digest under the signature's digest algorithm (lower-case hex). */
    digest?: { algorithm: string; value: string };
    /** Signet's registry entry for this document, when Signet signed it. */
    registered?: PublicDocumentView;
    /** Whether the signing department still stands by the document (the registry's status). */
    status?: Check;
  };
  /** What the checks mean for PRC Electronic Signature Law Art. 13 (law.ts). */
  law: LawSection;
}

const RANK: Record<Indication, number> = { TOTAL_FAILED: 2, INDETERMINATE: 1, TOTAL_PASSED: 0 };

/**
 * The conclusion of a signature's checks (ETSI EN 319 102-1 5.3.4): a TOTAL_FAILED verdict outweighs
 * an INDETERMINATE one (a broken signature stays broken whatever else is unknown); among equals the
 * first check in the order of the building blocks gives the sub-indication.
 */
export function conclude(verdicts: readonly (Verdict | undefined)[]): {
  indication: Indication;
  subIndication?: SubIndication;
} {
  let best: Verdict | undefined;
  for (const verdict of verdicts) {
    if (verdict && (!best || RANK[verdict.indication] > RANK[best.indication])) best = verdict;
  }
  return best ?? { indication: 'TOTAL_PASSED' };
}

/** The conclusion of `outcomes`, and the first check that gave it (for the summary). */
export function concludeOutcomes(outcomes: readonly CheckOutcome[]): {
  verdict: ReturnType<typeof conclude>;
  decisive?: Check;
} {
  const verdict = conclude(outcomes.map((o) => o.verdict));
  const decisive = outcomes.find(
    (o) =>
      o.verdict?.indication === verdict.indication &&
      o.verdict.subIndication === verdict.subIndication,
  )?.check;
  return { verdict, decisive };
}

/** The worst of several signatures' indications decides the report's. */
export function worstOf(
  results: readonly { indication: Indication; subIndication?: SubIndication }[],
): { indication: Indication; subIndication?: SubIndication } {
  let worst: { indication: Indication; subIndication?: SubIndication } | undefined;
  for (const r of results) if (!worst || RANK[r.indication] > RANK[worst.indication]) worst = r;
  if (!worst) return { indication: 'INDETERMINATE' };
  return worst.subIndication
    ? { indication: worst.indication, subIndication: worst.subIndication }
    : { indication: worst.indication };
}
