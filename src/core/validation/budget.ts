/**
 * The work budget (issue 14): one per verification request, passed down to every costly step
 * (each signature validated, each path validation, each step of a path search, each candidate
 * path, each signature check of a certificate, CRL, OCSP response or time-stamp token, each name
 * comparison), so that no input, however many signers, certificates or time-stamps it carries,
 * buys more than a bounded amount of work. A path validation given no budget gets its own.
 */

/** How much of each kind of work one budget allows. */
export interface WorkLimits {
  /** Signatures validated: SignerInfos, signature-time-stamp tokens, document time-stamps. */
  validations: number;
  /** RFC 5280 path validations (validatePath calls). */
  pathValidations: number;
  /** Steps of the depth-first path search, each weighted by the issuer candidates it considers. */
  builderSteps: number;
  /** Complete candidate paths checked. */
  candidatePaths: number;
  /** Signature verifications (certificates, CRLs, OCSP responses, signers, time-stamp tokens). */
  signatureChecks: number;
  /** Name-against-constraint comparisons (the quadratic name constraints blow-up). */
  nameComparisons: number;
}

export type WorkKind = keyof WorkLimits;

/** How messages name each kind of work. */
const WORK_NAMES: Record<WorkKind, string> = {
  validations: 'signatures validated',
  pathValidations: 'path validations',
  builderSteps: 'path search steps',
  candidatePaths: 'candidate paths',
  signatureChecks: 'signature checks',
  nameComparisons: 'name comparisons',
};

/**
 * Enough for the richest honest request (16 B-LT signers, each with a time-stamp, CRLs and OCSP
 * responses, uses about a quarter of each) and for every case of the conformance suites; with keys
 * vetted (algorithms.ts: no RSA exponent above 2^32, no modulus above 8192 bits) a budget spent
 * to the end costs well under a second.
 */
export const DEFAULT_WORK_LIMITS: WorkLimits = {
  validations: 96,
  pathValidations: 96,
  builderSteps: 4000,
  candidatePaths: 128,
  signatureChecks: 512,
  nameComparisons: 250_000,
};

export class WorkBudget {
  private readonly used: Record<WorkKind, number> = {
    validations: 0,
    pathValidations: 0,
    builderSteps: 0,
    candidatePaths: 0,
    signatureChecks: 0,
    nameComparisons: 0,
  };
  /** The first kind of work whose bound was hit; from then on every step is refused. */
  exhaustedBy: WorkKind | undefined;

  constructor(readonly limits: WorkLimits = DEFAULT_WORK_LIMITS) {}

  get exhausted(): boolean {
    return this.exhaustedBy !== undefined;
  }

  /** Takes `amount` of `kind`; false (and nothing more for anyone) once a bound is passed. */
  spend(kind: WorkKind, amount = 1): boolean {
    if (this.exhaustedBy) return false;
    this.used[kind] += amount;
    if (this.used[kind] > this.limits[kind]) this.exhaustedBy = kind;
    return this.exhaustedBy === undefined;
  }

  /** The bound that was hit, for messages ("512 signature checks"); empty when none was. */
  get limitReached(): string {
    const kind = this.exhaustedBy;
    return kind ? `${this.limits[kind]} ${WORK_NAMES[kind]}` : '';
  }

  /** What was used of `kind`, for tests. */
  usedOf(kind: WorkKind): number {
    return this.used[kind];
  }
}
