/**
 * Whether an OCSP response may speak for a certificate's issuer (RFC 6960 4.2.2.2) and whether it
 * did: its signer is the issuer itself, or a responder certificate the issuer signed directly that
 * carries id-kp-OCSPSigning; the signature verifies with that certificate's key; a delegated
 * responder was not revoked when the response was produced (4.2.2.2.1). This is the client's
 * check; the CA's own responder (the server) is ca/ocsp-answering.ts.
 */
import { verificationSchemeFromAlgorithmIdentifier, verifySignature } from '../algorithms';
import { FormatError } from '../errors';
import { OID_KP_OCSP_SIGNING, OID_PKIX_OCSP_NOCHECK } from '../oid';
import {
  parseCertificates,
  revocationStatusAt,
  type CertView,
  type RevocationSources,
  type WorkBudget,
} from '../validation';
import { OcspError } from './errors';
import { namesResponder, parseOcspResponse, type ParsedBasicOcspResponse } from './parse-response';

/** A successful OCSPResponse as carried, read once (its signer not yet judged). */
export interface OcspResponseView {
  der: Uint8Array;
  basic: ParsedBasicOcspResponse;
}

export type ResponderCheck =
  | {
      accepted: true;
      responder: CertView;
      /**
       * A delegated responder without id-pkix-ocsp-nocheck whose status no CRL gives: its own
       * revocation was not checked (as for a CA certificate without a CRL).
       */
      responderUnchecked: boolean;
    }
  | { accepted: false; reason: string };

const iso = (d: Date): string => d.toISOString();

/** Foreign failures of reading a certificate or a signature become "no". */
function safely(test: () => boolean): boolean {
  try {
    return test();
  } catch (error) {
    if (error instanceof FormatError || error instanceof OcspError) return false;
    throw error;
  }
}

/** Why a check was not made: the request's work budget allows no more signature checks. */
const workLimit = (budget: WorkBudget, what: string): string =>
  `Signet's work limit (${budget.limitReached}) was reached before ${what} was checked`;

/** Whether `issuer`'s key signed `cert` (the delegation of 4.2.2.2 is a certificate it issued). */
function certifiedBy(cert: CertView, issuer: CertView): boolean {
  return safely(() =>
    verifySignature(
      verificationSchemeFromAlgorithmIdentifier(cert.cert.signatureAlgorithm),
      issuer.publicKey(),
      cert.tbsDer,
      cert.signatureValue,
    ),
  );
}

/**
 * 4.2.2.2: why `candidate` may not sign for `issuer` at `producedAt`, or undefined when it may
 * (the issuer itself, or a certificate the issuer signed with id-kp-OCSPSigning in its EKU).
 */
function delegationProblem(
  budget: WorkBudget,
  candidate: CertView,
  issuer: CertView,
  producedAt: Date,
): string | undefined {
  if (candidate.identity === issuer.identity) return undefined;
  const namedByIssuer = candidate.issuer.key === issuer.subject.key;
  if (namedByIssuer && !budget.spend('signatureChecks')) {
    return workLimit(budget, `the certificate of its signer "${candidate.label}"`);
  }
  if (!namedByIssuer || !certifiedBy(candidate, issuer)) {
    return `its signer "${candidate.label}" is neither "${issuer.subject.text}" nor a responder it certified (RFC 6960 4.2.2.2)`;
  }
  if (!safely(() => candidate.extKeyUsage()?.includes(OID_KP_OCSP_SIGNING) === true)) {
    return `its signer "${candidate.label}" is not authorized to sign OCSP responses (no id-kp-OCSPSigning)`;
  }
  if (producedAt < candidate.notBefore || producedAt > candidate.notAfter) {
    return `its signer's certificate "${candidate.label}" was not valid when it was produced (${iso(producedAt)})`;
  }
  return undefined;
}

/**
 * 4.2.2.2.1: a delegated responder with id-pkix-ocsp-nocheck is trusted for its lifetime; one
 * without is judged from the CRLs at hand (core/validation's one reading), like a CA certificate of
 * the path: revoked before the response was produced refuses it, no status leaves it unchecked.
 */
function responderRevocation(
  responder: CertView,
  issuerPath: readonly CertView[],
  sources: RevocationSources,
  producedAt: Date,
  now: Date,
  budget: WorkBudget,
): { refused?: string; unchecked: boolean } {
  const [issuer] = issuerPath;
  if (responder.identity === issuer?.identity || responder.extension(OID_PKIX_OCSP_NOCHECK)) {
    return { unchecked: false };
  }
  const status = revocationStatusAt([responder, ...issuerPath], sources, producedAt, {
    issuedBy: now,
    budget,
  });
  if (status.kind === 'revoked' && status.revocationDate <= producedAt) {
    return {
      refused: `its responder certificate "${responder.label}" was revoked on ${iso(status.revocationDate)}, before the response was produced`,
      unchecked: false,
    };
  }
  return { unchecked: status.kind === 'unknown' };
}

/**
 * The signer of `response` for the issuer `issuerPath[0]` (its path to a trust anchor follows, for
 * the responder's own revocation), from the response's certificates, the issuer and `pool`. Each
 * signature it checks (delegation, response, CRLs) is drawn from the request's `budget`.
 */
export function authorizeResponder(
  response: OcspResponseView,
  issuerPath: readonly CertView[],
  pool: readonly CertView[],
  sources: RevocationSources,
  now: Date,
  budget: WorkBudget,
): ResponderCheck {
  const { basic } = response;
  const [issuer] = issuerPath;
  if (!issuer) return { accepted: false, reason: 'the certificate has no issuer' };
  const candidates = parseCertificates(
    [issuer, ...parseCertificates(basic.certificates), ...pool].map((c) => c.der),
  ).filter((c) => safely(() => namesResponder(c.der, basic.responderId)));
  const reasons = new Set<string>();
  for (const candidate of candidates) {
    const problem = delegationProblem(budget, candidate, issuer, basic.producedAt);
    if (problem) {
      reasons.add(problem);
      continue;
    }
    if (!budget.spend('signatureChecks')) {
      reasons.add(workLimit(budget, 'its signature'));
      break;
    }
    const verifies = safely(() => {
      const parsed = parseOcspResponse(response.der, { responderCertificate: candidate.der });
      return parsed.status === 'successful' && parsed.basic.signatureValid;
    });
    if (!verifies) {
      reasons.add(`its signature does not verify with the key of "${candidate.label}"`);
      continue;
    }
    const revocation = responderRevocation(
      candidate,
      issuerPath,
      sources,
      basic.producedAt,
      now,
      budget,
    );
    if (revocation.refused) {
      reasons.add(revocation.refused);
      continue;
    }
    return { accepted: true, responder: candidate, responderUnchecked: revocation.unchecked };
  }
  if (reasons.size === 0) reasons.add('no certificate at hand is the one its responder ID names');
  return { accepted: false, reason: [...reasons].join('; ') };
}
