/**
 * The signing-time attribute (RFC 5652 11.3, ETSI EN 319 122-1 5.2.1) is the signer's own claim of
 * when it signed: signed, so the signer stands by it, but proven by nothing. It is checked against
 * what is known (ETSI EN 319 102-1 5.2.8, signature acceptance): the signer's certificate must have
 * been valid then, and a signature cannot have been made after a time-stamp over its value.
 */
import type { CertView } from '../core/validation';
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
  claimed: Date | undefined,
  signer: CertView | undefined,
  timestamp: TimestampSummary | undefined,
): CheckOutcome | undefined {
  if (!claimed) return undefined;
  const claim = `The signer claims to have signed on ${iso(claimed)}`;
  if (signer && claimed < signer.notBefore) {
    return outcome(
      'signing_time',
      'failed',
      `${claim}, before its certificate was valid (from ${iso(signer.notBefore)}).`,
      failed('NOT_YET_VALID'),
    );
  }
  if (signer && claimed > signer.notAfter) {
    return outcome(
      'signing_time',
      'failed',
      `${claim}, after its certificate had expired (on ${iso(signer.notAfter)}).`,
      failed('EXPIRED'),
    );
  }
  const stamped = timestamp?.valid ? new Date(timestamp.time) : undefined;
  const tolerance = (timestamp?.accuracyMs ?? 0) + SKEW_MS;
  if (stamped && claimed.getTime() > stamped.getTime() + tolerance) {
    return outcome(
      'signing_time',
      'warning',
      `${claim}, after the time-stamp proves the signature already existed (${iso(stamped)}): the claimed time is wrong, and only the time-stamp's time counts.`,
    );
  }
  const consistent = [
    ...(signer ? ['while its certificate was valid'] : []),
    ...(stamped ? ['before the time-stamp'] : []),
  ];
  return outcome(
    'signing_time',
    consistent.length > 0 ? 'passed' : 'not_checked',
    consistent.length > 0
      ? `${claim}, ${consistent.join(', and ')}.${stamped ? '' : ' No time-stamp proves it.'}`
      : `${claim}; without its certificate or a time-stamp, nothing can be compared with it.`,
  );
}
