/**
 * The path validation algorithm of RFC 5280 6.1 over one candidate path, in the order of the RFC:
 * inputs and initialisation (6.1.1-6.1.2), basic processing of each certificate (6.1.3),
 * preparation for the next (6.1.4) and wrap-up (6.1.5). Revocation (6.1.3(a)(3)) runs afterwards
 * over paths that pass everything else (crl-status.ts), so that CRLs are only fetched from the pool
 * and verified for a path that could be valid.
 */
import {
  checkCaBasicConstraints,
  checkCriticalExtensions,
  checkExtendedKeyUsage,
  checkKeyCertSign,
  checkNameChaining,
  checkPathLength,
  checkPublicKey,
  checkValidityPeriod,
  nextMaxPathLength,
  verifyCertificateSignature,
} from './certificate-checks';
import type { CertView } from '../x509/certificate-model';
import { workingKeyOf, type ValidationContext, type WorkingKey } from './context';
import { failureFromError, type PathFailure } from './errors';
import { checkConstraintSyntax, checkNamesAgainstConstraints } from './name-constraints';
import {
  checkPolicyMappings,
  initialPolicyState,
  processCertificatePolicies,
  processPolicyMappings,
  updatePolicyCounters,
  wrapUpPolicies,
} from './policies';
import { checkCertificateProfile } from './profile';

export interface ProcessedPath {
  failure?: PathFailure;
  /** The working public key of each certificate of the chain (target first), for CRL checks. */
  keys: WorkingKey[];
}

/** 6.1.1(d): what Signet requires of the trust anchor certificate that starts the path. */
function checkTrustAnchor(
  ctx: ValidationContext,
  anchor: CertView,
  n: number,
): PathFailure | undefined {
  const failure =
    checkCertificateProfile(anchor, 'anchor') ??
    checkValidityPeriod(anchor, ctx.time) ??
    checkPublicKey(anchor, ctx.legacyAlgorithms) ??
    checkCriticalExtensions(anchor);
  if (failure || n === 0) return failure;
  // The anchor signs certificate 1: it must be a CA allowed to sign certificates (6.1.4(k), (n)).
  return (
    checkCaBasicConstraints(anchor) ?? checkKeyCertSign(anchor) ?? checkConstraintSyntax(anchor)
  );
}

/**
 * Runs 6.1.2-6.1.5 over `chain` (target first, trust anchor last). The anchor's own
 * basicConstraints pathLenConstraint and name constraints constrain the path (RFC 5937).
 */
export function processPath(
  ctx: ValidationContext,
  chain: readonly CertView[],
  requiredEkus: readonly string[],
): ProcessedPath {
  const anchor = chain[chain.length - 1];
  const certs = chain.slice(0, -1).reverse(); // certificate 1 (issued by the anchor) .. n (target)
  const n = certs.length;
  const keys: WorkingKey[] = [];
  if (!anchor) return { keys, failure: { code: 'NO_PATH', message: 'The path is empty.' } };
  try {
    const anchorFailure = checkTrustAnchor(ctx, anchor, n);
    if (anchorFailure || n === 0) {
      return { keys, failure: anchorFailure ?? checkExtendedKeyUsage(anchor, requiredEkus) };
    }
    // 6.1.2 initialisation.
    let workingKey = workingKeyOf(anchor, undefined);
    let workingIssuerName = anchor.subject;
    let workingIssuerLabel = anchor.label;
    let maxPathLength = Math.min(n, anchor.basicConstraints()?.pathLenConstraint ?? n);
    const constrainingCas: CertView[] = anchor.nameConstraints() ? [anchor] : [];
    const policy = initialPolicyState(ctx.policy, n, ctx.limits.maxPolicyNodes);
    keys.push(workingKey);
    for (let i = 1; i <= n; i++) {
      const cert = certs[i - 1];
      if (!cert) break;
      const last = i === n;
      // 6.1.3 basic certificate processing.
      const basic =
        checkCertificateProfile(cert, 'path') ??
        checkValidityPeriod(cert, ctx.time) ?? // (a)(2)
        checkNameChaining(cert, workingIssuerName) ?? // (a)(4)
        verifyCertificateSignature(ctx, cert, workingKey, workingIssuerLabel) ?? // (a)(1)
        (last ? checkPublicKey(cert, ctx.legacyAlgorithms) : undefined) ??
        // (b)-(c): name constraints, not applied to self-issued intermediates.
        (last || !cert.selfIssued
          ? checkNamesAgainstConstraints(cert, constrainingCas, ctx.budget)
          : undefined) ??
        processCertificatePolicies(policy, cert, i, n); // (d)-(f)
      if (basic) return { keys, failure: basic };
      workingKey = workingKeyOf(cert, workingKey); // 6.1.4(d)-(f), 6.1.5(c)-(e)
      keys.push(workingKey);
      if (last) {
        // 6.1.5 wrap-up.
        const wrapUp =
          wrapUpPolicies(policy, cert, ctx.policy, n) ?? // (a)-(b), (g)
          checkCriticalExtensions(cert) ?? // (f)
          checkExtendedKeyUsage(cert, requiredEkus);
        return { keys: keys.reverse(), failure: wrapUp };
      }
      // 6.1.4 preparation for certificate i+1.
      const preparation =
        checkPublicKey(cert, ctx.legacyAlgorithms) ?? // (d): the next working public key
        checkCaBasicConstraints(cert) ?? // (k)
        checkPathLength(cert, maxPathLength) ?? // (l)
        checkKeyCertSign(cert) ?? // (n)
        checkPolicyMappings(cert) ?? // (a)
        processPolicyMappings(policy, cert, i) ?? // (b)
        checkConstraintSyntax(cert) ?? // (g)
        checkCriticalExtensions(cert); // (o)
      if (preparation) return { keys, failure: preparation };
      workingIssuerName = cert.subject; // (c)
      workingIssuerLabel = cert.label;
      if (cert.nameConstraints()) constrainingCas.push(cert); // (g)
      updatePolicyCounters(policy, cert); // (h)-(j)
      maxPathLength = nextMaxPathLength(cert, maxPathLength); // (l)-(m)
    }
    return { keys, failure: { code: 'NO_PATH', message: 'The path is empty.' } };
  } catch (error) {
    return { keys, failure: failureFromError(error, 'A certificate of the path is malformed') };
  }
}
