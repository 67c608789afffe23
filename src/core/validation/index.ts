/**
 * RFC 5280 certification path validation. Two entry points: validatePath (validate-path.ts), and
 * revocationStatusAt (revocation-status.ts) for a certificate of a path found before; the rest,
 * one purpose per file:
 *   certificate-view.ts   a parsed certificate: comparable names, signed bytes, lazy extensions
 *   certificate-pool.ts   the certificates of one call, parsed once, and the issuer lookup
 *   path-builder.ts       depth-first candidate paths (RFC 4158), bounded
 *   process-path.ts       the 6.1 algorithm over one candidate path
 *   certificate-checks.ts the per-certificate steps of 6.1.3, 6.1.4 and 6.1.5
 *   profile.ts            the RFC 5280 section 4 MUSTs enforced on every certificate of a path
 *   name-constraints.ts   4.2.1.10 with 6.1.3(b)-(c) and 6.1.4(g)
 *   policies.ts           the valid_policy_tree of 6.1.3(d)-(f), 6.1.4(a)-(b), 6.1.5(g)
 *   crl-view.ts           a parsed CRL; crl-status.ts: the CRL checks of 6.3.3, Signet's only
 *                         reading of CRLs; revocation-status.ts: the same for one certificate of a
 *                         validated path at any time (signature validation)
 *   names.ts, general-names.ts  name comparison (7.1) and GeneralName decoding
 *   context.ts            what one call shares: caches, signature memo, the work budget
 *   budget.ts             the work budget, one per verification request, shared by its calls
 *   errors.ts             the PathErrorCode union
 */
export { validatePath } from './validate-path';
export type { PathAttempt, PathValidationInput, PathValidationResult } from './validate-path';
export { PathValidationError } from './errors';
export type { PathErrorCode, PathFailure } from './errors';
export { DEFAULT_LIMITS } from './context';
export { DEFAULT_WORK_LIMITS, WorkBudget, type WorkKind, type WorkLimits } from './budget';
export type { PolicyInputs, ValidationLimits } from './context';
export { revocationStatusAt } from './revocation-status';
export type { RevocationOptions, RevocationSources } from './revocation-status';
export type { CrlStatus } from './crl-status';
// The parsed certificate and CRL views and the name comparison that verification/ reads with.
export { CertView, parseCertificates } from '../x509/certificate-model';
export { CrlView } from './crl-view';
export { nameView } from './names';
