/**
 * The revocation status of one certificate at a given time from all the evidence at hand: the
 * CRLs (RFC 5280 6.3, read by core/validation's revocationStatusAt, the same reading path
 * validation applies) and the OCSP responses (RFC 6960, ocsp-status.ts). Either may decide; when
 * they disagree, the revocation wins (and is said to), and of two revocations the earlier date
 * stands.
 */
import { revocationStatusAt, type CertView, type CrlStatus } from '../core/validation';
import { revocationSources, type VerificationContext } from './context';
import { ocspStatus, type RevocationEvidence } from './ocsp-status';
import { reason } from './reasons';

const iso = (d: Date): string => d.toISOString();

/** The CRL reading in the common form, the CRL named as its source. */
function fromCrls(cert: CertView, status: CrlStatus): RevocationEvidence {
  if (status.kind === 'unknown') {
    const why = status.stale
      ? reason('crl.stale', { issuer: cert.issuer.text, issued: iso(status.stale.thisUpdate) })
      : reason('crl.none', { issuer: cert.issuer.text });
    return { kind: 'unknown', reasons: [why] };
  }
  const source = reason('source.crl', {
    issuer: status.crl.issuer.text,
    issued: iso(status.crl.thisUpdate),
  });
  return status.kind === 'good'
    ? { kind: 'good', source }
    : { kind: 'revoked', revocationDate: status.revocationDate, reason: status.reason, source };
}

/**
 * The status at `time`, judged at `now` (CRLs and responses issued by then count), of `path[0]`,
 * issued by `path[1]`, on a validated path that ends at its trust anchor.
 */
export function revocationEvidence(
  ctx: VerificationContext,
  path: readonly CertView[],
  time: Date,
  now: Date,
): RevocationEvidence {
  const [cert] = path;
  if (!cert) return { kind: 'unknown', reasons: [] };
  const sources = revocationSources(ctx);
  const both = [
    fromCrls(cert, revocationStatusAt(path, sources, time, { issuedBy: now, budget: ctx.budget })),
    ocspStatus(path, ctx.ocspResponses, ctx.certificates, sources, time, now, ctx.budget),
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
