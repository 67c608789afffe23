/**
 * The signing-time attribute (RFC 5652 11.3, ETSI EN 319 122-1 5.2.1) is the signer's own claim of
 * when it signed: signed, so the signer stands by it, but proven by nothing. It is checked against
 * what is known (ETSI EN 319 102-1 5.2.8, signature acceptance): the signer's certificate must have
 * been valid then, and a signature cannot have been made after a time-stamp over its value.
 */
import type { CertView } from '../core/validation';
import { reason } from './reasons';
import { failed, outcome, type CheckOutcome, type TimestampSummary } from './report';

/** Clock skew allowed between the signer and the time-stamping authority, beyond the token's accuracy. */
const SKEW_MS = 5_000;

const iso = (d: Date): string => d.toISOString();

/**
 * ETSI EN 319 102-1 5.2.8 for the claimed signing time; undefined when the signature claims none.
 * A claim outside the certificate's validity is TOTAL_FAILED, with the sub-indications of table 5
 * for a signing certificate not valid at the signing time (NOT_YET_VALID before notBefore, EXPIRED
 * after notAfter): the signer itself dates the signature when its certificate did not vouch for
 * the key, and no later evidence can repair a signer's own statement, so INDETERMINATE (which
 * waits for more evidence) would mislead. NSS and BouncyCastle refuse such signatures too. A claim
 * after the time-stamp is only a warning: the time-stamp proves the signature existed earlier, and
 * a wrong clock on the signer's side does not forge anything.
 */
export function checkSigningTime(
  claimedTime: Date | undefined,
  signer: CertView | undefined,
  timestamp: TimestampSummary | undefined,
): CheckOutcome | undefined {
  if (!claimedTime) return undefined;
  const claimed = iso(claimedTime);
  if (signer && claimedTime < signer.notBefore) {
    return outcome(
      'signing_time',
      'failed',
      reason('signing_time.not_yet_valid', { claimed, notBefore: iso(signer.notBefore) }),
      failed('NOT_YET_VALID'),
    );
  }
  if (signer && claimedTime > signer.notAfter) {
    return outcome(
      'signing_time',
      'failed',
      reason('signing_time.expired', { claimed, notAfter: iso(signer.notAfter) }),
      failed('EXPIRED'),
    );
  }
  const stamped = timestamp?.valid ? new Date(timestamp.time) : undefined;
  const tolerance = (timestamp?.accuracyMs ?? 0) + SKEW_MS;
  if (stamped && claimedTime.getTime() > stamped.getTime() + tolerance) {
    return outcome(
      'signing_time',
      'warning',
      reason('signing_time.after_timestamp', { claimed, time: iso(stamped) }),
    );
  }
  if (!signer && !stamped) {
    return outcome('signing_time', 'not_checked', reason('signing_time.uncompared', { claimed }));
  }
  return outcome(
    'signing_time',
    'passed',
    reason(
      !stamped
        ? 'signing_time.while_valid'
        : signer
          ? 'signing_time.while_valid_before_timestamp'
          : 'signing_time.before_timestamp',
      { claimed },
    ),
  );
}
