/**
 * ETSI EN 319 102-1 5.4, time-stamp validation, for the signature-time-stamp of CAdES
 * (ETSI EN 319 122-1 5.3): the token is a TimeStampToken (RFC 3161 2.4.2) whose message imprint is
 * the hash of the signature value, signed by a time-stamping authority whose certificate leads to a
 * trust anchor and is certified for time-stamping (RFC 3161 2.3). A valid token is a proof of
 * existence (POE) of the signature at its genTime. checkTimeStampToken is the same validation over
 * any data; a PDF's document time-stamp uses it over its ByteRange (document-timestamp.ts).
 */
import { digest, type HashName } from '../core/algorithms';
import type { SignerInfoView } from '../core/cms';
import { OID_KP_TIME_STAMPING } from '../core/oid';
import { verifyTimeStampToken, type TimeStampTokenView, type TokenProblem } from '../core/tsp';
import { parseCertificates, validatePath, type CertView } from '../core/validation';
import { MAX_CERTIFICATES, tooManyCertificates } from './certificates';
import { pathReason, pathVerdict } from './certificate-validation';
import type { VerificationContext } from './context';
import { reason, type Reason } from './reasons';
import { revocationEvidence } from './revocation-evidence';
import {
  failed,
  indeterminate,
  outcome,
  type CheckOutcome,
  WORK_LIMIT_VERDICT,
  type TimestampSummary,
  type Verdict,
} from './report';

/** Time-stamps read per signature; a signature-time-stamp is one token, rarely two. */
const MAX_TIMESTAMPS = 4;

export interface TimestampResult {
  outcome: CheckOutcome;
  timestamp?: TimestampSummary;
  /** The proof of existence of the signature, when a token is valid. */
  poe?: Date;
}

/** The building block of a token that failed, and what its failure means for the token alone. */
export interface TokenFailure {
  check: 'format' | 'message_digest' | 'signature_value' | 'certificate_chain';
  verdict: Verdict;
}

export interface TokenCheck {
  summary?: TimestampSummary;
  /** Why the token cannot be relied on (a clause, tst.*); undefined when it is valid. */
  problem?: Reason;
  failure?: TokenFailure;
  /** The time-stamping authority's certificate, once found. */
  tsa?: CertView;
  /** The validated path of the authority's certificate, authority first and anchor last. */
  chain?: CertView[];
}

/** What a token is over: the data whose hash the imprint must be, and how to say it is not. */
export interface TimeStamped {
  /** The hash of the time-stamped data under `hash`, or undefined when it cannot be computed. */
  digestUnder(hash: HashName): Uint8Array | undefined;
  /** The clause saying the imprint is not that hash. */
  mismatch: Reason;
}

/** RFC 3161 2.4.2 accuracy (seconds, millis, micros) in whole milliseconds, rounded up. */
function accuracyMs(accuracy: TimeStampTokenView['tstInfo']['accuracy']): number | undefined {
  if (!accuracy) return undefined;
  const micros =
    (accuracy.seconds ?? 0) * 1e6 + (accuracy.millis ?? 0) * 1e3 + (accuracy.micros ?? 0);
  return Math.ceil(micros / 1000);
}

function summaryOf(token: TimeStampTokenView, authority?: CertView): TimestampSummary {
  return {
    time: token.tstInfo.genTime.toISOString(),
    accuracyMs: accuracyMs(token.tstInfo.accuracy),
    authority: authority?.subject.text,
    serialNumber: Buffer.from(token.tstInfo.serialNumber).toString('hex').toUpperCase(),
    policy: token.tstInfo.policy,
    valid: false,
  };
}

/** Where each refusal of core's token checks falls in ETSI EN 319 102-1 5.4, and what it means. */
function tokenFailure(
  problem: TokenProblem,
  data: TimeStamped,
): { check: TokenFailure['check']; verdict: Verdict; why: Reason } {
  switch (problem.code) {
    case 'UNREADABLE':
      return {
        check: 'format',
        verdict: indeterminate('FORMAT_FAILURE'),
        why: reason('tst.unreadable', { detail: problem.detail }),
      };
    case 'UNACCEPTED_HASH':
      return {
        check: 'message_digest',
        verdict: indeterminate('CRYPTO_CONSTRAINTS_FAILURE'),
        why: reason('tst.unaccepted_hash', { algorithm: problem.algorithm }),
      };
    case 'UNCOVERED':
      return {
        check: 'message_digest',
        verdict: indeterminate('FORMAT_FAILURE'),
        why: reason('tst.uncovered'),
      };
    case 'IMPRINT_MISMATCH':
      return { check: 'message_digest', verdict: failed('HASH_FAILURE'), why: data.mismatch };
    case 'NO_TSA_CERTIFICATE':
      return {
        check: 'signature_value',
        verdict: indeterminate('NO_SIGNING_CERTIFICATE_FOUND'),
        why: reason('tst.no_authority_certificate'),
      };
    case 'CONTENT_MISMATCH':
      return {
        check: 'signature_value',
        verdict: failed('HASH_FAILURE'),
        why: reason('tst.content_mismatch'),
      };
    case 'UNVERIFIABLE':
      return {
        check: 'signature_value',
        verdict: indeterminate('CRYPTO_CONSTRAINTS_FAILURE'),
        why: reason('tst.unverifiable', { detail: problem.detail }),
      };
    case 'BAD_SIGNATURE':
      return {
        check: 'signature_value',
        verdict: failed('SIG_CRYPTO_FAILURE'),
        why: reason('tst.bad_signature'),
      };
    case 'FUTURE':
      return {
        check: 'certificate_chain',
        verdict: indeterminate('SIG_CONSTRAINTS_FAILURE'),
        why: reason('tst.future'),
      };
    case 'OUTSIDE_VALIDITY':
      return {
        check: 'certificate_chain',
        verdict: indeterminate('OUT_OF_BOUNDS_NO_POE'),
        why: reason('tst.outside_validity'),
      };
    case 'WORK_LIMIT':
      return {
        check: 'signature_value',
        verdict: WORK_LIMIT_VERDICT,
        why: reason('tst.budget_exhausted'),
      };
  }
}

/**
 * ETSI EN 319 102-1 5.4 for one TimeStampToken over `data`: RFC 3161 2.4.2's checks of the token
 * (core/tsp's verifyTimeStampToken), then the TSA's certificate leads to a trust anchor and is
 * certified for time-stamping (RFC 3161 2.3).
 */
export function checkTimeStampToken(
  ctx: VerificationContext,
  der: Uint8Array,
  data: TimeStamped,
  at: Date = ctx.now,
): TokenCheck {
  if (!ctx.budget.spend('validations')) {
    return {
      problem: reason('tst.budget_exhausted'),
      failure: { check: 'signature_value', verdict: WORK_LIMIT_VERDICT },
    };
  }
  const carried = tooManyCertificates(der);
  if (carried !== undefined) {
    return {
      problem: reason('tst.too_many_certificates', { count: carried, max: MAX_CERTIFICATES }),
      failure: { check: 'format', verdict: indeterminate('FORMAT_FAILURE') },
    };
  }
  const { token, tsa, problem } = verifyTimeStampToken(der, {
    digestUnder: (hash) => data.digestUnder(hash),
    certificates: ctx.certificates,
    now: ctx.now,
    budget: ctx.budget,
  });
  if (problem || !token || !tsa) {
    const { check, verdict, why } = tokenFailure(problem ?? { code: 'NO_TSA_CERTIFICATE' }, data);
    const summary = token && { summary: summaryOf(token, tsa), tsa };
    return { ...summary, problem: why, failure: { check, verdict } };
  }
  const found = { summary: summaryOf(token, tsa), tsa };
  // The TSA certificate leads to a trust anchor and is certified for time-stamping at `at`: now,
  // or the time a later archive time-stamp proves the token existed (ETSI EN 319 102-1 5.6.2.4,
  // past signature validation); its revocation (and its CAs') is judged below by the signer's
  // engine, CRLs and OCSP alike, at the same time.
  const path = validatePath({
    target: tsa.der,
    trustAnchors: ctx.trustAnchors,
    untrusted: [...token.signedData.certificates, ...ctx.untrusted],
    crls: [],
    time: at,
    requiredEkus: [OID_KP_TIME_STAMPING],
    requireRevocation: false,
    budget: ctx.budget,
  });
  if (!path.valid || !path.chain) {
    const why = path.reason ?? { code: 'NO_PATH' as const, message: 'no valid path' };
    return {
      ...found,
      problem: reason('tst.untrusted', { path: pathReason(why) }),
      failure: { check: 'certificate_chain', verdict: pathVerdict(why.code) },
    };
  }
  const chain = parseCertificates(path.chain);
  const revoked = revokedInPath(ctx, chain, at);
  if (revoked) {
    return {
      ...found,
      problem: reason('tst.untrusted', { path: pathReason(revoked) }),
      failure: { check: 'certificate_chain', verdict: pathVerdict(revoked.code) },
    };
  }
  return { ...found, summary: { ...found.summary, valid: true }, chain };
}

/**
 * A certificate of the TSA's path revoked by `at`, from the same evidence and engine as the
 * signer's (revocation-evidence.ts: CRLs by RFC 5280 6.3, OCSP responses); no status is no failure
 * here, as before (RFC 3161 does not require the TSA's status). A revocation dated after `at` does
 * not count: the token is proven to exist before it (ETSI EN 319 102-1 5.6.2.1, past certificate
 * validation), as for the signer's path (certificate-validation.ts, revoked_after_timestamp).
 */
function revokedInPath(
  ctx: VerificationContext,
  chain: CertView[],
  at: Date,
): { code: 'REVOKED'; message: string } | undefined {
  for (let i = 0; i < chain.length - 1; i += 1) {
    const cert = chain[i];
    const status = revocationEvidence(ctx, chain.slice(i), at, ctx.now);
    if (cert && status.kind === 'revoked' && status.revocationDate <= at) {
      return {
        code: 'REVOKED',
        message: `"${cert.label}" was revoked at ${status.revocationDate.toISOString()} (${status.reason}).`,
      };
    }
  }
  return undefined;
}

/**
 * ETSI EN 319 102-1 5.4: the signature-time-stamps, and the earliest proof of existence they give;
 * each judged at `at`, the proof of existence an archive time-stamp gives them, else now.
 */
export function checkSignatureTimestamp(
  ctx: VerificationContext,
  signerInfo: SignerInfoView,
  at: Date = ctx.now,
): TimestampResult {
  const tokens = signerInfo.signatureTimestamps;
  if (tokens.length === 0) {
    return {
      outcome: outcome('signature_timestamp', 'not_checked', reason('timestamp.none')),
    };
  }
  const checked = tokens.slice(0, MAX_TIMESTAMPS).map((der) =>
    checkTimeStampToken(
      ctx,
      der,
      {
        // ETSI EN 319 122-1 5.3: the imprint is the hash of the signature value.
        digestUnder: (hash) => digest(hash, signerInfo.signature),
        mismatch: reason('tst.other_signature'),
      },
      at,
    ),
  );
  const valid = checked
    .filter((c) => c.summary?.valid)
    .sort((a, b) => (a.summary?.time ?? '').localeCompare(b.summary?.time ?? ''))[0];
  if (valid?.summary) {
    return {
      timestamp: valid.summary,
      poe: new Date(valid.summary.time),
      outcome: outcome(
        'signature_timestamp',
        'passed',
        reason('timestamp.valid', {
          authority: valid.summary.authority ?? '',
          time: valid.summary.time,
        }),
      ),
    };
  }
  const first = checked[0];
  return {
    timestamp: first?.summary,
    outcome: outcome(
      'signature_timestamp',
      'warning',
      reason('timestamp.unreliable', { problem: first?.problem ?? reason('tst.invalid') }),
    ),
  };
}
