/**
 * validatePath: RFC 5280 certification path validation of one certificate at a given time, with
 * path building over the trust anchors and untrusted certificates given, and revocation from the
 * CRLs given. Core code: no I/O, no clock (the time is an input). It never throws for bad input:
 * a malformed certificate is a MALFORMED result, and each candidate path that failed is reported
 * with its reason.
 */
import { FormatError } from '../errors';
import type { CertView } from '../x509/certificate-model';
import { CertificatePool } from './certificate-pool';
import { WorkBudget } from './budget';
import {
  DEFAULT_LIMITS,
  type PolicyInputs,
  type ValidationContext,
  type ValidationLimits,
} from './context';
import { CrlView } from './crl-view';
import { failure, failureFromError, type PathErrorCode, type PathFailure } from './errors';
import { candidatePaths, type SearchNotes } from './path-builder';
import { processPath, type ProcessedPath } from './process-path';
import { checkRevocationStatus } from './crl-status';

export interface PathValidationInput {
  /** The certificate to validate (DER). */
  target: Uint8Array;
  /** Trusted certificates (DER); each is a trust anchor whose name, key and constraints count. */
  trustAnchors: Uint8Array[];
  /** Certificates that may serve as intermediates or CRL signers (DER), in any order. */
  untrusted: Uint8Array[];
  /** CRLs (DER) that revocation checking may use. */
  crls: Uint8Array[];
  /** The validation time. */
  time: Date;
  /** Extended key usages the target must allow (OIDs); none by default. */
  requiredEkus?: string[];
  /**
   * Whether every certificate of the path needs revocation status from a CRL. Default: true when
   * CRLs are given. When false, CRLs that apply still count, but missing ones are not an error.
   */
  requireRevocation?: boolean;
  /** Maximum number of intermediate CA certificates, self-issued ones not counted. Default 8. */
  maxDepth?: number;
  /** RFC 5280 6.1.1 policy inputs; by default any policy, nothing required or inhibited. */
  policy?: PolicyInputs;
  /** Accept SHA-1 and DSA signatures (old archives, NIST PKITS). Default false. */
  legacyAlgorithms?: boolean;
  /** Tighter or looser bounds on paths and inputs (tests). */
  limits?: Partial<ValidationLimits>;
  /**
   * The work budget to draw from: a verification request passes its own to every call it makes,
   * so that the request as a whole is bounded. Default: a fresh one for this call.
   */
  budget?: WorkBudget;
}

export interface PathAttempt {
  /** Subjects of the candidate path, target first. */
  chain: string[];
  reason: PathFailure;
}

export interface PathValidationResult {
  valid: boolean;
  /** The validated path, target first and trust anchor last (DER). */
  chain?: Uint8Array[];
  /** Why the certificate is not valid (the most telling candidate's reason). */
  reason?: { code: PathErrorCode; message: string };
  /** Every candidate path that failed, with its reason. */
  attempts: PathAttempt[];
}

interface SearchOutcome {
  chain?: CertView[];
  failure?: PathFailure;
  attempts: { chain: CertView[]; reason: PathFailure }[];
}

/** 6.1.3(a)(3) for each certificate of a path that passed 6.1, from the anchor down. */
function checkPathRevocation(
  ctx: ValidationContext,
  chain: CertView[],
  processed: ProcessedPath,
  depth: number,
): PathFailure | undefined {
  const anchor = chain[chain.length - 1];
  if (!anchor) return undefined;
  for (let k = chain.length - 2; k >= 0; k--) {
    const cert = chain[k];
    const issuer = chain[k + 1];
    const issuerKey = processed.keys[k + 1];
    if (!cert || !issuer || !issuerKey) continue;
    const status = checkRevocationStatus(ctx, cert, issuer, issuerKey, anchor, depth);
    if (status) return status;
  }
  return undefined;
}

/** Signature and chaining failures say "this was not the issuer"; other reasons say more. */
function mostTelling(attempts: SearchOutcome['attempts']): PathFailure | undefined {
  const telling = attempts.find(
    (a) => a.reason.code !== 'BAD_SIGNATURE' && a.reason.code !== 'NAME_CHAINING',
  );
  return (telling ?? attempts[0])?.reason;
}

/** Why a partial path ends: its last certificate has no issuer among those given. */
function deadEndReason(chain: readonly CertView[]): PathFailure {
  const last = chain[chain.length - 1];
  return failure(
    'NO_PATH',
    last
      ? `No issuer of "${last.label}" ("${last.issuer.text}") was found among the trust anchors and the other certificates given.`
      : 'No path was found.',
  );
}

/** Why no candidate path was found at all. */
function noPathReason(ctx: ValidationContext, target: CertView, notes: SearchNotes): PathFailure {
  if (ctx.budget.exhausted) {
    return failure(
      'LIMIT_EXCEEDED',
      `Path building for "${target.label}" stopped at Signet's work limit (${ctx.budget.limitReached}) without reaching a trust anchor.`,
    );
  }
  if (notes.depthCut) {
    return failure(
      'NO_PATH',
      `No path from "${target.label}" to a trust anchor exists within ${ctx.maxIntermediates} intermediate certificates.`,
    );
  }
  return deadEndReason(notes.deadEnds[0] ?? [target]);
}

/** Builds candidate paths from `target` and returns the first that passes every check. */
function findPath(
  ctx: ValidationContext,
  target: CertView,
  anchorFilter: ReadonlySet<string> | undefined,
  depth: number,
  requiredEkus: readonly string[],
): SearchOutcome {
  const attempts: SearchOutcome['attempts'] = [];
  const tryPath = (chain: CertView[]): boolean => {
    const processed = processPath(ctx, chain, requiredEkus);
    let reason = processed.failure;
    try {
      reason ??= checkPathRevocation(ctx, chain, processed, depth);
    } catch (error) {
      reason = failureFromError(error, 'Revocation data of the path is malformed');
    }
    if (reason) attempts.push({ chain, reason });
    return !reason;
  };
  if (ctx.pool.isAnchor(target) && (!anchorFilter || anchorFilter.has(target.fingerprint))) {
    if (tryPath([target])) return { chain: [target], attempts };
  }
  const notes: SearchNotes = { deadEnds: [], depthCut: false };
  for (const chain of candidatePaths(ctx, target, anchorFilter, notes)) {
    if (tryPath(chain)) return { chain, attempts };
  }
  const deadEnds = notes.deadEnds.map((chain) => ({ chain, reason: deadEndReason(chain) }));
  return {
    failure: mostTelling(attempts) ?? noPathReason(ctx, target, notes),
    attempts: [...attempts, ...deadEnds],
  };
}

/** The caller's maximum depth, when it is a usable number. */
function depthOf(maxDepth: number | undefined): number | undefined {
  return maxDepth !== undefined && Number.isFinite(maxDepth) && maxDepth >= 0
    ? Math.floor(maxDepth)
    : undefined;
}

/** What a caller decides for one call; the rest of a ValidationContext is the call's own state. */
export type ContextInput = Pick<
  ValidationContext,
  | 'pool'
  | 'crls'
  | 'limits'
  | 'budget'
  | 'requireRevocation'
  | 'requiredEkus'
  | 'maxIntermediates'
  | 'policy'
  | 'legacyAlgorithms'
> & {
  time: Date;
  /** The latest issue time of a CRL that counts; the validation time by default. */
  crlsIssuedBy?: Date;
};

/** Certificate times have second precision: times are compared by the second. */
const bySecond = (time: Date): Date => new Date(Math.floor(time.getTime() / 1000) * 1000);

/**
 * The context of one call: the CRLs newest first (so that the newest CRL decides a hold), fresh
 * caches, and the path check of a CRL signer's certificate (RFC 5280 6.3.3(f)) in the same context.
 */
export function createContext(input: ContextInput): ValidationContext {
  const time = bySecond(input.time);
  const ctx: ValidationContext = {
    ...input,
    time,
    crlsIssuedBy: input.crlsIssuedBy ? bySecond(input.crlsIssuedBy) : time,
    crls: [...input.crls].sort((a, b) => b.thisUpdate.getTime() - a.thisUpdate.getTime()),
    signatureMemo: new Map(),
    keyCache: new Map(),
    signerStack: new Set(),
    validSigners: new Set(),
    validateSignerPath: (signer, anchor, depth) => {
      const key = `${signer.fingerprint}|${anchor.fingerprint}`;
      if (ctx.validSigners.has(key)) return undefined;
      // A CRL issuer's certificate may be covered by the CRL it signs (PKITS 4.14.30): while its
      // path is being validated it counts as valid; if the rest of that validation fails, the
      // outer validation fails with it.
      if (ctx.signerStack.has(signer.fingerprint)) return undefined;
      ctx.signerStack.add(signer.fingerprint);
      try {
        const outcome = findPath(ctx, signer, new Set([anchor.fingerprint]), depth, []);
        if (!outcome.failure) ctx.validSigners.add(key);
        return outcome.failure;
      } finally {
        ctx.signerStack.delete(signer.fingerprint);
      }
    },
  };
  return ctx;
}

function failed(code: PathErrorCode, message: string): PathValidationResult {
  return { valid: false, reason: { code, message }, attempts: [] };
}

export function validatePath(input: PathValidationInput): PathValidationResult {
  if (!(input.time instanceof Date) || Number.isNaN(input.time.getTime())) {
    return failed('MALFORMED', 'The validation time is not a valid date.');
  }
  const limits: ValidationLimits = { ...DEFAULT_LIMITS, ...input.limits };
  const inputs = input.trustAnchors.length + input.untrusted.length + input.crls.length;
  if (inputs > limits.maxInputObjects) {
    return failed(
      'LIMIT_EXCEEDED',
      `${inputs} certificates and CRLs were given; Signet checks at most ${limits.maxInputObjects}.`,
    );
  }
  const budget = input.budget ?? new WorkBudget();
  if (!budget.spend('pathValidations')) {
    return failed(
      'LIMIT_EXCEEDED',
      `Signet stopped before validating this certificate's path: the verification used up its work limit (${budget.limitReached}).`,
    );
  }
  const pool = new CertificatePool();
  let target: CertView;
  try {
    target = pool.parse(input.target);
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    return failed('MALFORMED', `The certificate to validate cannot be read: ${error.message}`);
  }
  input.trustAnchors.forEach((der, i) => pool.addAnchor(der, i));
  input.untrusted.forEach((der, i) => pool.addIntermediate(der, i));
  const crls: CrlView[] = [];
  for (const der of input.crls) {
    try {
      crls.push(CrlView.parse(der));
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
    }
  }
  const ctx = createContext({
    time: input.time,
    pool,
    crls,
    limits,
    budget,
    requireRevocation: input.requireRevocation ?? input.crls.length > 0,
    requiredEkus: input.requiredEkus ?? [],
    maxIntermediates: Math.min(
      depthOf(input.maxDepth) ?? limits.maxIntermediates,
      limits.maxPathCertificates,
    ),
    policy: input.policy ?? {},
    legacyAlgorithms: input.legacyAlgorithms ?? false,
  });
  const outcome = findPath(ctx, target, undefined, 0, ctx.requiredEkus);
  const attempts = outcome.attempts.map(({ chain, reason }) => ({
    chain: chain.map((cert) => cert.subject.text),
    reason,
  }));
  if (outcome.chain) {
    return { valid: true, chain: outcome.chain.map((cert) => cert.der), attempts };
  }
  const reason = outcome.failure ?? failure('NO_PATH', 'No path was found.');
  return { valid: false, reason, attempts };
}
