/**
 * ETSI EN 319 102-1 5.4, time-stamp validation, for the signature-time-stamp of CAdES
 * (ETSI EN 319 122-1 5.3): the token is a TimeStampToken (RFC 3161 2.4.2) whose message imprint is
 * the hash of the signature value, signed by a time-stamping authority whose certificate leads to a
 * trust anchor and is certified for time-stamping (RFC 3161 2.3). A valid token is a proof of
 * existence (POE) of the signature at its genTime. checkTimeStampToken is the same validation over
 * any data; a PDF's document time-stamp uses it over its ByteRange (document-timestamp.ts).
 */
import { timingSafeEqual } from 'node:crypto';
import {
  digest,
  schemeFromAlgorithmIdentifier,
  verifySignature,
  type HashName,
} from '../core/algorithms';
import { CmsError, type SignerInfoView } from '../core/cms';
import { FormatError } from '../core/errors';
import { OID_CT_TST_INFO, OID_KP_TIME_STAMPING } from '../core/oid';
import { parseTimeStampToken, TspError, type TimeStampTokenView } from '../core/tsp';
import { validatePath, type CertView } from '../core/validation';
import { certificatesNamedBy, MAX_CERTIFICATES, parseCertificates } from './certificates';
import { pathReason, pathVerdict } from './certificate-validation';
import type { VerificationContext } from './context';
import { reason, type Reason } from './reasons';
import {
  failed,
  indeterminate,
  outcome,
  type CheckOutcome,
  WORK_LIMIT_VERDICT,
  type TimestampSummary,
  type Verdict,
} from './report';
import { essCertIdV2Mismatch } from './signing-certificate';

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

const equalBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && timingSafeEqual(a, b);

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

function failure(
  check: TokenFailure['check'],
  verdict: Verdict,
  problem: Reason,
  rest: Omit<TokenCheck, 'problem' | 'failure'> = {},
): TokenCheck {
  return { ...rest, problem, failure: { check, verdict } };
}

/**
 * RFC 3161 2.4.2 and ETSI EN 319 102-1 5.4 for one TimeStampToken over `data`: the imprint is the
 * hash of the data, the TSA signed the TSTInfo, and its certificate leads to a trust anchor and is
 * certified for time-stamping (RFC 3161 2.3).
 */
export function checkTimeStampToken(
  ctx: VerificationContext,
  der: Uint8Array,
  data: TimeStamped,
): TokenCheck {
  if (!ctx.budget.spend('validations')) {
    return failure('signature_value', WORK_LIMIT_VERDICT, reason('tst.budget_exhausted'));
  }
  let token: TimeStampTokenView;
  try {
    token = parseTimeStampToken(der);
  } catch (error) {
    if (error instanceof FormatError || error instanceof CmsError || error instanceof TspError) {
      return failure(
        'format',
        indeterminate('FORMAT_FAILURE'),
        reason('tst.unreadable', { detail: error.message }),
      );
    }
    throw error;
  }
  const { tstInfo } = token;
  const unsigned = { summary: summaryOf(token) };
  if (!tstInfo.hash) {
    return failure(
      'message_digest',
      indeterminate('CRYPTO_CONSTRAINTS_FAILURE'),
      reason('tst.unaccepted_hash', { algorithm: tstInfo.hashAlgorithm.algorithm }),
      unsigned,
    );
  }
  const expected = data.digestUnder(tstInfo.hash);
  if (!expected) {
    return failure(
      'message_digest',
      indeterminate('FORMAT_FAILURE'),
      reason('tst.uncovered'),
      unsigned,
    );
  }
  if (!equalBytes(expected, tstInfo.messageImprint)) {
    return failure('message_digest', failed('HASH_FAILURE'), data.mismatch, unsigned);
  }
  const carried = parseCertificates(token.signedData.certificates);
  if (carried.length > MAX_CERTIFICATES) {
    return failure(
      'format',
      indeterminate('FORMAT_FAILURE'),
      reason('tst.too_many_certificates', { count: carried.length, max: MAX_CERTIFICATES }),
      unsigned,
    );
  }
  const tsaInfo = token.signedData.signerInfos[0];
  const candidates = [...carried, ...ctx.certificates];
  const tsa =
    tsaInfo &&
    certificatesNamedBy(tsaInfo.sid, candidates).find(
      (c) => !tsaInfo.signingCertificateV2 || !essCertIdV2Mismatch(tsaInfo, c),
    );
  if (!tsaInfo || !tsa) {
    return failure(
      'signature_value',
      indeterminate('NO_SIGNING_CERTIFICATE_FOUND'),
      reason('tst.no_authority_certificate'),
      unsigned,
    );
  }
  const found = { summary: summaryOf(token, tsa), tsa };
  // RFC 3161 2.4.2 / RFC 5652 5.3-5.4: signed attributes over the TSTInfo, and the TSA's signature.
  if (
    !tsaInfo.signedAttributesDer ||
    !tsaInfo.messageDigest ||
    !tsaInfo.digestHash ||
    tsaInfo.contentType !== OID_CT_TST_INFO ||
    !equalBytes(digest(tsaInfo.digestHash, token.tstInfoDer), tsaInfo.messageDigest)
  ) {
    return failure(
      'signature_value',
      failed('HASH_FAILURE'),
      reason('tst.content_mismatch'),
      found,
    );
  }
  if (!ctx.budget.spend('signatureChecks')) {
    return failure('signature_value', WORK_LIMIT_VERDICT, reason('tst.budget_exhausted'), found);
  }
  let valid = false;
  try {
    const scheme = schemeFromAlgorithmIdentifier(tsaInfo.signatureAlgorithm, tsaInfo.digestHash);
    valid = verifySignature(
      scheme,
      tsa.publicKey(),
      tsaInfo.signedAttributesDer,
      tsaInfo.signature,
    );
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    return failure(
      'signature_value',
      indeterminate('CRYPTO_CONSTRAINTS_FAILURE'),
      reason('tst.unverifiable', { detail: error.message }),
      found,
    );
  }
  if (!valid) {
    return failure(
      'signature_value',
      failed('SIG_CRYPTO_FAILURE'),
      reason('tst.bad_signature'),
      found,
    );
  }
  if (tstInfo.genTime > ctx.now) {
    return failure(
      'certificate_chain',
      indeterminate('SIG_CONSTRAINTS_FAILURE'),
      reason('tst.future'),
      found,
    );
  }
  if (tstInfo.genTime < tsa.notBefore || tstInfo.genTime > tsa.notAfter) {
    return failure(
      'certificate_chain',
      indeterminate('OUT_OF_BOUNDS_NO_POE'),
      reason('tst.outside_validity'),
      found,
    );
  }
  // The TSA certificate leads to a trust anchor, is certified for time-stamping and is not revoked.
  const path = validatePath({
    target: tsa.der,
    trustAnchors: ctx.trustAnchors,
    untrusted: [...carried.map((c) => c.der), ...ctx.untrusted],
    crls: ctx.crls.map((c) => c.der),
    time: ctx.now,
    requiredEkus: [OID_KP_TIME_STAMPING],
    requireRevocation: false,
    budget: ctx.budget,
  });
  if (!path.valid || !path.chain) {
    const why = path.reason ?? { code: 'NO_PATH' as const, message: 'no valid path' };
    return failure(
      'certificate_chain',
      pathVerdict(why.code),
      reason('tst.untrusted', { path: pathReason(why) }),
      found,
    );
  }
  return {
    ...found,
    summary: { ...found.summary, valid: true },
    chain: parseCertificates(path.chain),
  };
}

/** ETSI EN 319 102-1 5.4: the signature-time-stamps, and the earliest proof of existence they give. */
export function checkSignatureTimestamp(
  ctx: VerificationContext,
  signerInfo: SignerInfoView,
): TimestampResult {
  const tokens = signerInfo.signatureTimestamps;
  if (tokens.length === 0) {
    return {
      outcome: outcome('signature_timestamp', 'not_checked', reason('timestamp.none')),
    };
  }
  const checked = tokens.slice(0, MAX_TIMESTAMPS).map((der) =>
    checkTimeStampToken(ctx, der, {
      // ETSI EN 319 122-1 5.3: the imprint is the hash of the signature value.
      digestUnder: (hash) => digest(hash, signerInfo.signature),
      mismatch: reason('tst.other_signature'),
    }),
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
