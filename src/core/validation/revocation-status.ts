/**
 * revocationStatusAt: the revocation status of one certificate of a validated path from CRLs, by
 * the same RFC 5280 6.3 algorithm path validation applies (crl-status.ts: scope, reasons, delta
 * and indirect CRLs, a CRL signer whose own path ends at the path's trust anchor), for callers that
 * judge revocation apart from the path: signature validation across times (ETSI EN 319 102-1
 * 5.2.5-5.2.6), where a certificate revoked after a proven signing time leaves the signature valid.
 */
import { FormatError } from '../errors';
import type { CertView } from '../x509/certificate-model';
import { CertificatePool } from './certificate-pool';
import { WorkBudget } from './budget';
import { DEFAULT_LIMITS, workingKeyOf, type ValidationLimits } from './context';
import type { CrlView } from './crl-view';
import { PathValidationError } from './errors';
import { crlStatus, type CrlStatus } from './crl-status';
import { createContext } from './validate-path';

export interface RevocationSources {
  /** Trusted certificates (DER); a CRL signer's path must end at the path's own anchor. */
  trustAnchors: readonly Uint8Array[];
  /** Certificates (DER) that may sign CRLs or serve in a CRL signer's path. */
  certificates: readonly Uint8Array[];
  crls: readonly CrlView[];
}

export interface RevocationOptions {
  /**
   * The latest issue time of a CRL that counts, when `time` is in the past: a CRL issued between
   * `time` and this counts as current (it would list a revocation made before it). Default: `time`.
   */
  issuedBy?: Date;
  /** Accept SHA-1 and DSA signatures on CRLs (old archives, NIST PKITS). Default false. */
  legacyAlgorithms?: boolean;
  limits?: Partial<ValidationLimits>;
  /**
   * The work budget to draw from (budget.ts): the verification request's own, so that the CRL
   * signature checks and CRL signer path searches it asks for count against the request. Default:
   * a fresh one for this call.
   */
  budget?: WorkBudget;
}

function unknown(message: string): CrlStatus {
  return { kind: 'unknown', code: 'NO_REVOCATION_INFO', message };
}

/**
 * The status at `time` of `path[0]`, issued by `path[1]`, on a path that ends at its trust anchor
 * (as validatePath returns it). Never throws for malformed input: it gives no status then.
 */
export function revocationStatusAt(
  path: readonly CertView[],
  sources: RevocationSources,
  time: Date,
  options: RevocationOptions = {},
): CrlStatus {
  if (path.length < 2) return unknown('A trust anchor has no revocation status.');
  const pool = new CertificatePool();
  sources.trustAnchors.forEach((der, i) => pool.addAnchor(der, i));
  const anchorDer = path[path.length - 1]?.der;
  if (anchorDer) pool.addAnchor(anchorDer, sources.trustAnchors.length);
  sources.certificates.forEach((der, i) => pool.addIntermediate(der, i));
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const ctx = createContext({
    time,
    crlsIssuedBy: options.issuedBy,
    pool,
    crls: [...sources.crls],
    limits,
    budget: options.budget ?? new WorkBudget(),
    requireRevocation: true,
    requiredEkus: [],
    maxIntermediates: limits.maxIntermediates,
    policy: {},
    legacyAlgorithms: options.legacyAlgorithms ?? false,
  });
  try {
    // The pool's views, so that "the path's issuer" and "the path's anchor" are the same objects.
    const views = path.map((cert) => pool.parse(cert.der));
    const [cert, issuer] = views;
    const anchor = views[views.length - 1];
    if (!cert || !issuer || !anchor) return unknown('The path is empty.');
    // The issuer's working key, with parameters inherited down the path (RFC 5280 6.1.4(f)).
    let issuerKey = workingKeyOf(anchor, undefined);
    for (let k = views.length - 2; k >= 1; k--) {
      const next = views[k];
      if (next) issuerKey = workingKeyOf(next, issuerKey);
    }
    return crlStatus(ctx, cert, issuer, issuerKey, anchor, 0);
  } catch (error) {
    if (!(error instanceof FormatError || error instanceof PathValidationError)) throw error;
    return unknown(`The revocation data of the certificate cannot be read: ${error.message}`);
  }
}
