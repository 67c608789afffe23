/**
 * The revocation status of one certificate at a given time from all the evidence at hand: the
 * CRLs (RFC 5280, revocation.ts) and the OCSP responses (RFC 6960, ocsp-status.ts). Either may
 * decide; when they disagree, the revocation wins (and is said to), and of two revocations the
 * earlier date stands.
 */
import type { CertView } from '../core/validation';
import type { VerificationContext } from './context';
import { ocspStatus, type RevocationEvidence } from './ocsp-status';
import { reason } from './reasons';
import { revocationStatus, type RevocationStatus } from './revocation';

const iso = (d: Date): string => d.toISOString();

/** The CRL reading (revocation.ts) in the common form, the CRL named as its source. */
function fromCrls(status: RevocationStatus): RevocationEvidence {
  if (status.kind === 'unknown') return { kind: 'unknown', reasons: [status.reason] };
  const source = reason('source.crl', {
    issuer: status.crl.issuer.text,
    issued: iso(status.crl.thisUpdate),
  });
  return status.kind === 'good'
    ? { kind: 'good', source }
    : { kind: 'revoked', revocationDate: status.revocationDate, reason: status.reason, source };
}

/** The status of `cert` (issued by `issuer`) at `time`, judged at `now`, from CRLs and OCSP. */
export function revocationEvidence(
  ctx: VerificationContext,
  cert: CertView,
  issuer: CertView,
  time: Date,
  now: Date,
): RevocationEvidence {
  const both = [
    fromCrls(revocationStatus(cert, issuer, ctx.crls, time, now, ctx.budget)),
    ocspStatus(cert, issuer, ctx.ocspResponses, ctx.certificates, ctx.crls, time, now, ctx.budget),
  ];
  const revoked = both
    .flatMap((e) => (e.kind === 'revoked' ? [e] : []))
    .sort((a, b) => a.revocationDate.getTime() - b.revocationDate.getTime())[0];
  const good = both.find((e) => e.kind === 'good');
  if (revoked && good?.kind === 'good') {
    return {
      ...revoked,
      source: reason('source.outweighed', { source: revoked.source, other: good.source }),
    };
  }
  if (revoked) return revoked;
  if (good) return good;
  // Evidence left unread for want of budget is not missing evidence: say which it was.
  if (ctx.budget.exhausted) return { kind: 'unknown', reasons: [reason('budget.exhausted')] };
  return {
    kind: 'unknown',
    reasons: both.flatMap((e) => (e.kind === 'unknown' ? e.reasons : [])),
  };
}
