/**
 * ETSI EN 319 102-1 5.5.3 and 5.6.3 (validation process for signatures providing long-term
 * availability, with past signature validation) for the archive-time-stamp-v3 attributes of CAdES
 * B-LTA (ETSI EN 319 122-1 5.5.3). The latest archive time-stamp is validated now; each valid one is
 * a proof of existence, at its genTime, of everything it covers, the earlier archive time-stamps
 * among them, which are then validated at that time instead of now: an authority certificate that
 * expired, or a CA revoked, after a later time-stamp proved the data still lets it hold. The
 * earliest proof reached is the time the signature-time-stamp and the signer are judged at.
 */
import { digest } from '../core/algorithms';
import {
  CmsError,
  archiveTimestampInput,
  atsHashIndexAlgorithm,
  atsHashIndexOfToken,
  missingFromIndex,
  type ArchiveScope,
  type SignedDataView,
  type SignerInfoView,
} from '../core/cms';
import { FormatError } from '../core/errors';
import { parseTimeStampToken, TspError } from '../core/tsp';
import type { VerificationContext } from './context';
import type { DocumentDigests } from './document';
import { reason, type Reason } from './reasons';
import { failed, indeterminate, outcome, type CheckOutcome } from './report';
import { checkTimeStampToken, type TokenCheck } from './timestamp';

/** Archive time-stamps read per signature: a renewal every few years for decades. */
const MAX_ARCHIVE_TIMESTAMPS = 16;

export interface ArchiveResult {
  /** Undefined when the signature carries no archive time-stamp (not B-LTA). */
  outcome?: CheckOutcome;
  /** The earliest proof of existence the chain of archive time-stamps gives. */
  poe?: Date;
}

/** The token with its hash index, and what the index names that is gone (5.5.2). */
function checkOne(
  ctx: VerificationContext,
  token: Uint8Array,
  scope: ArchiveScope,
  document: DocumentDigests | undefined,
  at: Date,
): TokenCheck {
  const index = readIndex(token);
  const hash = index && atsHashIndexAlgorithm(index);
  const checked = checkTimeStampToken(
    ctx,
    token,
    {
      // 5.5.3: the imprint is the hash of eContentType, the document's hash, the signed fields and
      // the index, each under the token's own hash algorithm.
      digestUnder: (h) => {
        const documentDigest = document?.digests[h];
        if (!index || !documentDigest) return undefined;
        return digest(h, archiveTimestampInput(scope, documentDigest, index));
      },
      mismatch: reason('tst.other_archive'),
    },
    at,
  );
  if (!index || !hash) {
    return {
      ...checked,
      problem: reason('tst.no_hash_index'),
      failure: { check: 'format', verdict: indeterminate('FORMAT_FAILURE') },
    };
  }
  const missing = missingFromIndex(index, scope);
  if (missing > 0 && !checked.failure) {
    return {
      ...checked,
      summary: checked.summary && { ...checked.summary, valid: false },
      problem: reason('tst.covered_data_removed', { count: missing }),
      failure: { check: 'message_digest', verdict: failed('HASH_FAILURE') },
    };
  }
  return checked;
}

/** The token's ats-hash-index-v3, when it carries one that can be read. */
function readIndex(token: Uint8Array): Uint8Array | undefined {
  try {
    const index = atsHashIndexOfToken(token);
    return index && atsHashIndexAlgorithm(index) ? index : undefined;
  } catch (error) {
    if (error instanceof FormatError || error instanceof CmsError) return undefined;
    throw error;
  }
}

/** The genTime a token claims, before anything of it is trusted; 0 when it cannot be read. */
function claimedTime(token: Uint8Array): number {
  try {
    return parseTimeStampToken(token).tstInfo.genTime.getTime();
  } catch (error) {
    if (error instanceof FormatError || error instanceof TspError || error instanceof CmsError) {
      return 0;
    }
    throw error;
  }
}

/** 5.6.3: the archive time-stamps latest first, each at the proof of existence of the one after. */
export function checkArchiveTimestamps(
  ctx: VerificationContext,
  cms: SignedDataView,
  signerInfo: SignerInfoView,
  document: DocumentDigests | undefined,
): ArchiveResult {
  const tokens = signerInfo.archiveTimestamps.slice(0, MAX_ARCHIVE_TIMESTAMPS);
  if (tokens.length === 0) return {};
  const scope: ArchiveScope = {
    contentType: cms.contentType,
    certificates: cms.encoded.certificates,
    crls: cms.encoded.crls,
    signerInfoDer: signerInfo.der,
    unsignedAttributes: signerInfo.unsignedAttributes,
  };
  // Latest first by the time each claims; a token whose time cannot be read goes last.
  const claimed = tokens
    .map((token) => ({ token, time: claimedTime(token) }))
    .sort((a, b) => b.time - a.time);
  let at = ctx.now;
  let earliest: TokenCheck | undefined;
  let problem: Reason | undefined;
  for (const { token } of claimed) {
    const checked = checkOne(ctx, token, scope, document, at);
    if (checked.summary?.valid) {
      at = new Date(checked.summary.time);
      earliest = checked;
    } else {
      problem ??= checked.problem;
    }
  }
  if (!earliest?.summary) {
    return {
      outcome: outcome(
        'archive_timestamp',
        'warning',
        reason('archive_timestamp.unreliable', { problem: problem ?? reason('tst.invalid') }),
      ),
    };
  }
  return {
    poe: at,
    outcome: outcome(
      'archive_timestamp',
      problem ? 'warning' : 'passed',
      reason('archive_timestamp.valid', {
        count: claimed.length,
        authority: earliest.summary.authority ?? '',
        time: earliest.summary.time,
      }),
    ),
  };
}
