/**
 * Revocation status of one certificate at a given time, from the OCSP responses a signature
 * carries (RFC 6960; RFC 5940 in a CMS, the DSS /OCSPs of a PDF), read across times the way
 * core/validation's revocationStatusAt reads CRLs: "when was it revoked", and "is the good news
 * fresh enough for the time of interest".
 *
 * A response counts when its responseStatus is successful (4.2.1), its signer may answer for the
 * certificate's issuer and its signature verifies (4.2.2.2, core/ocsp's authorizeResponder), and a
 * SingleResponse's CertID names the certificate (4.1.1: issuer name hash, issuer key hash, serial).
 */
import { FormatError } from '../core/errors';
import {
  authorizeResponder,
  createCertIdMatcher,
  OcspError,
  parseOcspResponse,
  type OcspResponseView,
  type OcspSingleResponse,
} from '../core/ocsp';
import { toHex } from '../core/encoding';
import type { CertView, RevocationSources, WorkBudget } from '../core/validation';
import { sameSerial } from './certificates';
import { reason, type Reason } from './reasons';

/** The status of a certificate from evidence, with the evidence (source.*) named for the report. */
export type RevocationEvidence =
  | { kind: 'good'; source: Reason }
  | { kind: 'revoked'; revocationDate: Date; reason: string; source: Reason }
  | { kind: 'unknown'; reasons: Reason[] };

interface Answer {
  single: OcspSingleResponse;
  source: Reason;
}

const iso = (d: Date): string => d.toISOString();

/** The successful responses among DER OCSPResponses; others carry no status (4.2.1). */
export function readOcspResponses(ders: readonly Uint8Array[]): OcspResponseView[] {
  const views: OcspResponseView[] = [];
  for (const der of ders) {
    try {
      const parsed = parseOcspResponse(der);
      if (parsed.status === 'successful') views.push({ der, basic: parsed.basic });
    } catch (error) {
      if (!(error instanceof OcspError || error instanceof FormatError)) throw error;
    }
  }
  return views;
}

/**
 * The SingleResponses about `cert` from responses its issuer (`issuerPath[0]`, on its path to a
 * trust anchor) stands behind, produced by `now`, with why the others were refused.
 */
function answersFor(
  cert: CertView,
  issuerPath: readonly CertView[],
  responses: readonly OcspResponseView[],
  pool: readonly CertView[],
  sources: RevocationSources,
  now: Date,
  budget: WorkBudget,
): { answers: Answer[]; refused: Reason[] } {
  const answers: Answer[] = [];
  const refused: Reason[] = [];
  const [issuer] = issuerPath;
  if (responses.length === 0 || !issuer) return { answers, refused };
  let matchesIssuer: ReturnType<typeof createCertIdMatcher>;
  try {
    matchesIssuer = createCertIdMatcher(issuer.der);
  } catch (error) {
    // The CertID hashes the issuer's DER name and key (RFC 6960 4.1.1): an issuer certificate
    // that is BER, not DER (found by the fuzzer), cannot be matched, so no response answers.
    if (!(error instanceof OcspError || error instanceof FormatError)) throw error;
    refused.push(reason('ocsp.unmatchable', { detail: error.message }));
    return { answers, refused };
  }
  for (const response of responses) {
    const { basic } = response;
    const singles = basic.responses.filter(
      (s) =>
        s.thisUpdate <= now &&
        matchesIssuer(s.certId) &&
        sameSerial(toHex(s.certId.serialNumber), cert.serialHex),
    );
    if (singles.length === 0 || basic.producedAt > now) continue;
    const responder = authorizeResponder(response, issuerPath, pool, sources, now, budget);
    if (!responder.accepted) {
      refused.push(reason('ocsp.refused', { detail: responder.reason }));
      continue;
    }
    const from = { responder: responder.responder.subject.text, produced: iso(basic.producedAt) };
    const source = responder.responderUnchecked
      ? reason('source.ocsp_unchecked_responder', from)
      : reason('source.ocsp', from);
    for (const single of singles) answers.push({ single, source });
  }
  return { answers, refused };
}

/**
 * The status of `path[0]` (issued by `path[1]`, on a path to a trust anchor) at `time`, judged at
 * `now`, as revocationStatusAt gives it from CRLs:
 * - revoked, when an accepted response says so (a hold only when the newest one still does);
 * - good, when an accepted "good" response was issued (thisUpdate) after `time`, or at or before
 *   it with a nextUpdate not before it;
 * - unknown otherwise ("unknown" answers, 4.2.1, say nothing).
 */
export function ocspStatus(
  path: readonly CertView[],
  responses: readonly OcspResponseView[],
  pool: readonly CertView[],
  sources: RevocationSources,
  time: Date,
  now: Date,
  budget: WorkBudget,
): RevocationEvidence {
  const [cert, ...issuerPath] = path;
  if (!cert) return { kind: 'unknown', reasons: [] };
  const { answers, refused } = answersFor(cert, issuerPath, responses, pool, sources, now, budget);
  answers.sort((a, b) => b.single.thisUpdate.getTime() - a.single.thisUpdate.getTime());
  if (answers.length === 0) {
    return {
      kind: 'unknown',
      reasons: [reason('ocsp.none', { issuer: cert.issuer.text, refused })],
    };
  }
  let revoked: RevocationEvidence | undefined;
  for (const [i, { single, source }] of answers.entries()) {
    const status = single.status;
    if (status.type !== 'revoked' || status.reason === 'removeFromCRL') continue;
    // A hold may be lifted: only the newest answer says whether it still stands (RFC 5280 5.3.1).
    if (status.reason === 'certificateHold' && i !== 0) continue;
    if (revoked?.kind === 'revoked' && revoked.revocationDate <= status.revocationTime) continue;
    revoked = {
      kind: 'revoked',
      revocationDate: status.revocationTime,
      reason: status.reason ?? 'unspecified',
      source,
    };
  }
  if (revoked) return revoked;
  const fresh = answers.find(
    ({ single }) =>
      single.status.type === 'good' &&
      (single.thisUpdate >= time ||
        (single.nextUpdate !== undefined &&
          single.thisUpdate <= time &&
          time <= single.nextUpdate)),
  );
  if (fresh) return { kind: 'good', source: fresh.source };
  const newest = answers[0]?.single;
  if (!answers.some(({ single }) => single.status.type === 'good')) {
    return { kind: 'unknown', reasons: [reason('ocsp.answers_unknown')] };
  }
  const issued = newest ? iso(newest.thisUpdate) : '';
  return {
    kind: 'unknown',
    reasons: [
      newest?.nextUpdate
        ? reason('ocsp.stale_next_update', { issued, next: iso(newest.nextUpdate) })
        : reason('ocsp.stale', { issued }),
    ],
  };
}
