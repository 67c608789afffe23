/**
 * RFC 5280 certification path validation. One entry point, validatePath (validate-path.ts); the
 * rest, one purpose per file:
 *   certificate-view.ts   a parsed certificate: comparable names, signed bytes, lazy extensions
 *   certificate-pool.ts   the certificates of one call, parsed once, and the issuer lookup
 *   path-builder.ts       depth-first candidate paths (RFC 4158), bounded
 *   process-path.ts       the 6.1 algorithm over one candidate path
 *   certificate-checks.ts the per-certificate steps of 6.1.3, 6.1.4 and 6.1.5
 *   profile.ts            the RFC 5280 section 4 MUSTs enforced on every certificate of a path
 *   name-constraints.ts   4.2.1.10 with 6.1.3(b)-(c) and 6.1.4(g)
 *   policies.ts           the valid_policy_tree of 6.1.3(d)-(f), 6.1.4(a)-(b), 6.1.5(g)
 *   crl-view.ts           a parsed CRL; revocation.ts: the CRL checks of 6.3.3
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
// The parsed certificate and CRL views and the name helpers that verification/ builds on.
export { CertView, KU_CRL_SIGN } from './certificate-view';
export { CrlView, REASON_CERTIFICATE_HOLD, REASON_REMOVE_FROM_CRL } from './crl-view';
export { nameView } from './names';
export { fromLibraryGeneralName, sameGeneralName } from './general-names';
