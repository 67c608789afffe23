/**
 * What the checks of one verification share: the time, the trust anchors, the certificate, CRL and
 * OCSP response pools (the signature's own, the caller's and this CA's), each parsed once, and the
 * request's work budget, which every costly step draws from (issue 14).
 */
import { FormatError } from '../core/errors';
import { CrlView, WorkBudget, type CertView, type RevocationSources } from '../core/validation';
import { parseCertificates } from './certificates';
import type { OcspResponseView } from '../core/ocsp';
import { readOcspResponses } from './ocsp-status';
import type { IssuedCertificates } from './ports';

export interface VerificationContext {
  /** The validation time ("current time" of ETSI EN 319 102-1). */
  now: Date;
  trustAnchors: Uint8Array[];
  /** Every certificate that may serve in a path (DER): the signature's, the caller's, the CA's. */
  untrusted: Uint8Array[];
  /** The same, parsed; a certificate that does not parse is left out. */
  certificates: CertView[];
  crls: CrlView[];
  /** Successful OCSP responses (RFC 6960 4.2.1), their signers judged when used. */
  ocspResponses: OcspResponseView[];
  /** This CA's department certificates, for a signature that leaves its signer's out. */
  issued?: IssuedCertificates;
  /** The request's work budget: signatures, paths, signature checks (core/validation/budget.ts). */
  budget: WorkBudget;
  /** Transparency-log keys trusted (vkeys, c2sp.org/signed-note), for transparency-log.ts. */
  logKeys: readonly string[];
}

/**
 * The context from DER pools; CRLs and OCSP responses that do not parse are left out (a signature
 * may carry junk).
 */
export function verificationContext(
  now: Date,
  trustAnchors: Uint8Array[],
  untrusted: Uint8Array[],
  crls: readonly Uint8Array[],
  ocspResponses: readonly Uint8Array[],
  issued?: IssuedCertificates,
  logKeys: readonly string[] = [],
): VerificationContext {
  const views: CrlView[] = [];
  for (const der of crls) {
    try {
      views.push(CrlView.parse(der));
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
    }
  }
  // Duplicates (the same DER) and what does not parse are dropped before any work.
  const certificates = parseCertificates(untrusted);
  return {
    now,
    trustAnchors,
    untrusted: certificates.map((c) => c.der),
    certificates,
    crls: views,
    ocspResponses: readOcspResponses(ocspResponses),
    issued,
    budget: new WorkBudget(),
    logKeys,
  };
}

/** Where CRLs and the certificates of their signers come from, for core's revocation reading. */
export function revocationSources(ctx: VerificationContext): RevocationSources {
  return { trustAnchors: ctx.trustAnchors, certificates: ctx.untrusted, crls: ctx.crls };
}
