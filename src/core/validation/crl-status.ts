/**
 * Revocation status from CRLs (RFC 5280 6.1.3(a)(3) by the algorithm of 6.3.3), for each
 * certificate of a path that passed every other check. For each distribution point of the
 * certificate (or one implied by its issuer when it names none), every given CRL is tried: issuer
 * and scope (b), reasons (d)-(e), currency at the validation time, an authorised signer whose own
 * path ends at the same trust anchor (f)-(g), then the entry (j)-(k), until all reasons are
 * covered. Indirect CRLs (cRLIssuer, certificateIssuer entries) are supported. A delta CRL (5.2.4)
 * is used only on top of a complete CRL with the same issuer, scope and signing key that it
 * extends (6.3.3(c), (h), (i)); a delta CRL alone gives no status.
 *
 * crlStatus is the one reading of CRLs in Signet: path validation (checkRevocationStatus) and
 * signature validation (revocationStatusAt, revocation-status.ts) both ask it. Besides 6.3.3 at
 * the validation time it answers what signature validation needs across times (ETSI EN 319 102-1
 * 5.2.5): the revocation date of a listed certificate (from any authentic CRL in scope, current or
 * not), and, when the context allows CRLs issued after the validation time (`crlsIssuedBy`), a CRL
 * issued later counts as current, since it would list a revocation made before it.
 */
import type { DistributionPoint, DistributionPointName, GeneralName } from '@peculiar/asn1-x509';
import { FormatError } from '../errors';
import { revocationReasonName } from '../crl/reason';
import { KU_CRL_SIGN, bitMask, type CertView } from '../x509/certificate-model';
import { checkSignature, type ValidationContext, type WorkingKey } from './context';
import {
  REASON_CERTIFICATE_HOLD,
  REASON_REMOVE_FROM_CRL,
  type CrlEntry,
  type CrlView,
} from './crl-view';
import { failure, PathValidationError, type PathFailure } from './errors';
import { fromLibraryGeneralName, sameGeneralName, type GName } from './general-names';
import { appendRdn, nameView, type NameView } from './names';

/** ReasonFlags keyCompromise (bit 1) .. aACompromise (bit 8); bit 0 is "unused". */
const ALL_REASONS = 0x1fe;
/** ReasonFlags certificateHold (bit 6). */
const HOLD_REASON = 1 << 6;

/** What the CRLs say about one certificate (6.3.3(k)-(l)), for path and signature validation. */
export type CrlStatus =
  | {
      kind: 'good';
      /** The newest current CRL that covers the certificate. */
      crl: CrlView;
    }
  | {
      kind: 'revoked';
      revocationDate: Date;
      /** The CRLReason name (RFC 5280 5.3.1), unspecified when the entry gives none. */
      reason: string;
      crl: CrlView;
    }
  | {
      kind: 'unknown';
      code: 'NO_REVOCATION_INFO' | 'STALE_REVOCATION_INFO';
      message: string;
      /** The newest CRL that covers the certificate but is not current, when there is one. */
      stale?: CrlView;
    };

interface Problem {
  message: string;
  /** The CRL covers the certificate but is not current at the validation time. */
  stale?: CrlView;
}

type CrlOutcome =
  | { kind: 'unrelated' }
  | { kind: 'unusable'; problem: Problem }
  | {
      kind: 'used';
      interimReasons: number;
      entry: CrlEntry | undefined;
      /** Why the CRL is not current: its entries count, its silence does not. */
      stale?: Problem;
    };

const unrelated: CrlOutcome = { kind: 'unrelated' };

function problemOf(crl: CrlView, why: string, stale = false): Problem {
  return {
    message: `The CRL issued by "${crl.issuer.text}" ${why}.`,
    stale: stale ? crl : undefined,
  };
}

function unusable(crl: CrlView, why: string, stale = false): CrlOutcome {
  return { kind: 'unusable', problem: problemOf(crl, why, stale) };
}

/**
 * Why the CRL is not current at the validation time (5.1.2.4-5.1.2.5), or undefined: current when
 * the time falls between thisUpdate and nextUpdate, or when it was issued after the time but by
 * `crlsIssuedBy` (signature validation at a past time).
 */
function currencyProblem(ctx: ValidationContext, crl: CrlView): string | undefined {
  if (crl.thisUpdate > ctx.time && crl.thisUpdate <= ctx.crlsIssuedBy) return undefined;
  if (!crl.nextUpdate) return 'gives no nextUpdate, so its currency is unknown';
  if (crl.nextUpdate < ctx.time) return `was due to be replaced at ${crl.nextUpdate.toISOString()}`;
  return undefined;
}

function directoryNames(names: GeneralName[]): NameView[] {
  return names.flatMap((gn) => (gn.directoryName ? [nameView(gn.directoryName)] : []));
}

/** The names of a distribution point; a relative name is appended to `relativeTo` (4.2.1.13). */
function distributionPointNames(dp: DistributionPointName, relativeTo: NameView): GName[] {
  if (dp.fullName) return dp.fullName.map(fromLibraryGeneralName);
  if (dp.nameRelativeToCRLIssuer) {
    return [{ kind: 'dn', name: appendRdn(relativeTo, dp.nameRelativeToCRLIssuer) }];
  }
  return [];
}

/** 6.3.3(b)(2): the CRL's issuingDistributionPoint covers this certificate. */
function scopeProblem(
  crl: CrlView,
  cert: CertView,
  dp: DistributionPoint | undefined,
  crlIssuers: NameView[] | undefined,
): string | undefined {
  const idp = crl.idp;
  if (!idp) return undefined;
  if (idp.distributionPoint) {
    const idpNames = distributionPointNames(idp.distributionPoint, crl.issuer);
    const certNames = dp?.distributionPoint
      ? distributionPointNames(dp.distributionPoint, crlIssuers?.[0] ?? cert.issuer)
      : (dp?.cRLIssuer ?? []).map(fromLibraryGeneralName);
    if (!idpNames.some((a) => certNames.some((b) => sameGeneralName(a, b)))) {
      return `is for a distribution point that "${cert.label}" does not name`;
    }
  }
  const ca = cert.isCA();
  if (idp.onlyContainsUserCerts && ca) return 'covers only end-entity certificates';
  if (idp.onlyContainsCACerts && !ca) return 'covers only CA certificates';
  if (idp.onlyContainsAttributeCerts) return 'covers only attribute certificates';
  return undefined;
}

function keyIdOf(cert: CertView): string | undefined {
  try {
    return cert.subjectKeyId();
  } catch (error) {
    if (error instanceof FormatError) return undefined;
    throw error;
  }
}

/**
 * 6.3.3(f)-(g): a key allowed to sign CRLs (keyUsage cRLSign when present) verifies the CRL, and
 * its certificate is valid on a path to the same trust anchor. The certificate's issuer in the
 * path is tried first; then any other certificate with the CRL issuer's name (a separate CRL
 * signing key, a key rollover, an indirect CRL issuer).
 */
function checkCrlSigner(
  ctx: ValidationContext,
  crl: CrlView,
  issuer: CertView,
  issuerKey: WorkingKey,
  anchor: CertView,
  depth: number,
): { key: Uint8Array } | { problem: string } {
  const candidates: { cert: CertView; key: Uint8Array; inPath: boolean }[] = [];
  if (crl.issuer.key === issuer.subject.key) {
    candidates.push({ cert: issuer, key: issuerKey.der, inPath: true });
  }
  for (const cert of ctx.pool.certificatesNamed(crl.issuer)) {
    if (cert !== issuer) candidates.push({ cert, key: cert.spkiDer, inPath: false });
  }
  const problems: string[] = [];
  for (const candidate of candidates) {
    const { cert } = candidate;
    const ski = keyIdOf(cert);
    if (crl.authorityKeyId && ski && crl.authorityKeyId !== ski) continue;
    try {
      const ku = cert.keyUsage();
      if (ku !== undefined && (ku & KU_CRL_SIGN) === 0) {
        problems.push(`names "${cert.label}" as issuer, whose keyUsage lacks cRLSign`);
        continue;
      }
      const outcome = checkSignature(
        ctx,
        `crl:${crl.fingerprint}`,
        crl.list.signatureAlgorithm,
        crl.tbsDer,
        crl.signatureValue,
        candidate.key,
      );
      if (outcome === 'limit')
        return { problem: 'could not be checked within the signature limit' };
      if (outcome === 'invalid') {
        problems.push(`has a signature that does not verify with the key of "${cert.label}"`);
        continue;
      }
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
      problems.push(`cannot be verified with the key of "${cert.label}": ${error.message}`);
      continue;
    }
    if (candidate.inPath || cert === anchor) return { key: candidate.key };
    if (ctx.pool.isAnchor(cert)) {
      problems.push(`is signed by "${cert.label}", a trust anchor other than the path's`);
      continue;
    }
    if (depth >= ctx.limits.maxCrlIssuerDepth) {
      problems.push(`is signed by "${cert.label}", too many CRL issuer paths deep`);
      continue;
    }
    const signerFailure = ctx.validateSignerPath(cert, anchor, depth + 1);
    if (!signerFailure) return { key: candidate.key };
    problems.push(
      `is signed by "${cert.label}", whose certificate is not valid (${signerFailure.message.replace(/\.$/, '')})`,
    );
  }
  return { problem: problems[0] ?? 'is signed by no certificate Signet was given' };
}

/** 6.3.3(c), (h): a current delta CRL that extends `complete`, signed with the same key. */
function findDeltaCrl(
  ctx: ValidationContext,
  complete: CrlView,
  key: Uint8Array,
): CrlView | undefined {
  const base = complete.crlNumber;
  if (base === undefined) return undefined;
  for (const delta of ctx.crls) {
    if (!delta.isDelta || delta.problem || delta.issuer.key !== complete.issuer.key) continue;
    if (delta.idpHex !== complete.idpHex) continue;
    // 5.2.4: the complete CRL is at least the delta's base and older than the delta.
    if (delta.baseCrlNumber === undefined || delta.crlNumber === undefined) continue;
    if (delta.baseCrlNumber > base || delta.crlNumber <= base) continue;
    if (delta.thisUpdate > ctx.crlsIssuedBy || currencyProblem(ctx, delta)) continue;
    try {
      const outcome = checkSignature(
        ctx,
        `crl:${delta.fingerprint}`,
        delta.list.signatureAlgorithm,
        delta.tbsDer,
        delta.signatureValue,
        key,
      );
      if (outcome === 'valid') return delta;
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
    }
  }
  return undefined;
}

/** 6.3.3(b)-(g) and (j) for one CRL and one distribution point. */
function applyCrl(
  ctx: ValidationContext,
  crl: CrlView,
  cert: CertView,
  dp: DistributionPoint | undefined,
  issuer: CertView,
  issuerKey: WorkingKey,
  anchor: CertView,
  depth: number,
  reasonsMask: number,
): CrlOutcome {
  // (b)(1): the CRL comes from the distribution point's cRLIssuer (then indirect) or the issuer.
  const crlIssuers = dp?.cRLIssuer ? directoryNames(dp.cRLIssuer) : undefined;
  if (crlIssuers) {
    if (!crlIssuers.some((name) => name.key === crl.issuer.key)) return unrelated;
    if (!crl.idp?.indirectCRL) {
      return unusable(crl, `is named as cRLIssuer for "${cert.label}" but is not an indirect CRL`);
    }
  } else if (crl.issuer.key !== cert.issuer.key) {
    return unrelated;
  }
  if (crl.isDelta) return unusable(crl, 'is a delta CRL, which Signet does not use');
  if (crl.problem) return unusable(crl, crl.problem);
  // (b)(2): scope.
  const outOfScope = scopeProblem(crl, cert, dp, crlIssuers);
  if (outOfScope) return unusable(crl, outOfScope);
  // (d)-(e): reasons this CRL adds.
  const dpReasons = dp?.reasons ? bitMask(dp.reasons) & ALL_REASONS : ALL_REASONS;
  const idpReasons = crl.idp?.onlySomeReasons
    ? bitMask(crl.idp.onlySomeReasons) & ALL_REASONS
    : ALL_REASONS;
  const interimReasons = dpReasons & idpReasons;
  if ((interimReasons & ~reasonsMask) === 0) return unrelated;
  // A CRL not yet issued at the latest time the caller accepts says nothing.
  if (crl.thisUpdate > ctx.crlsIssuedBy) {
    return unusable(crl, 'was issued after the validation time', true);
  }
  const stale = currencyProblem(ctx, crl);
  // (f)-(g): signer. A stale CRL is still authenticated: a revocation it lists stands.
  const signer = checkCrlSigner(ctx, crl, issuer, issuerKey, anchor, depth);
  if ('problem' in signer) return unusable(crl, stale ?? signer.problem, stale !== undefined);
  // (i)-(j): the entry for this issuer and serial number, on a delta CRL first.
  const delta = stale ? undefined : findDeltaCrl(ctx, crl, signer.key);
  const entry =
    delta?.entryFor(cert.serialHex, cert.issuer.key) ??
    crl.entryFor(cert.serialHex, cert.issuer.key);
  return {
    kind: 'used',
    interimReasons,
    entry,
    stale: stale ? problemOf(crl, stale, true) : undefined,
  };
}

/** The certificate's distribution points, or one implied by its issuer when it names none. */
function distributionPoints(cert: CertView): (DistributionPoint | undefined)[] {
  try {
    return cert.crlDistributionPoints() ?? [undefined];
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    throw new PathValidationError('MALFORMED', error.message, { cause: error });
  }
}

/**
 * 6.3.3 for `cert`, issued by `issuer` (whose working key is `issuerKey`) on a path to `anchor`:
 * every distribution point, every CRL newest first, until all reasons are covered by current
 * CRLs (l) or an entry revokes the certificate (k). removeFromCRL undoes a hold; a hold stands
 * unless a newer CRL that covers certificateHold no longer lists it (RFC 5280 5.3.1).
 */
export function crlStatus(
  ctx: ValidationContext,
  cert: CertView,
  issuer: CertView,
  issuerKey: WorkingKey,
  anchor: CertView,
  depth: number,
): CrlStatus {
  const points = distributionPoints(cert);
  let reasonsMask = 0;
  let holdLifted = false;
  let good: CrlView | undefined;
  const problems: Problem[] = [];
  for (const dp of points) {
    for (const crl of ctx.crls) {
      if (reasonsMask === ALL_REASONS) break;
      const outcome = applyCrl(ctx, crl, cert, dp, issuer, issuerKey, anchor, depth, reasonsMask);
      if (outcome.kind === 'unusable') problems.push(outcome.problem);
      if (outcome.kind !== 'used') continue;
      const entry = outcome.entry;
      const holdStands = entry?.reason !== REASON_CERTIFICATE_HOLD || !holdLifted;
      if (entry && entry.reason !== REASON_REMOVE_FROM_CRL && holdStands) {
        return {
          kind: 'revoked',
          revocationDate: entry.revocationDate,
          reason: revocationReasonName(entry.reason),
          crl,
        };
      }
      if ((outcome.interimReasons & HOLD_REASON) !== 0) holdLifted = true;
      if (outcome.stale) {
        problems.push(outcome.stale);
        continue;
      }
      good ??= crl;
      reasonsMask |= outcome.interimReasons; // (l)
    }
  }
  if (reasonsMask === ALL_REASONS && good) return { kind: 'good', crl: good };
  const stale = problems.find((p) => p.stale);
  if (stale) {
    return {
      kind: 'unknown',
      code: 'STALE_REVOCATION_INFO',
      message: stale.message,
      stale: stale.stale,
    };
  }
  const covered = reasonsMask === 0 ? '' : ' for every revocation reason';
  return {
    kind: 'unknown',
    code: 'NO_REVOCATION_INFO',
    message:
      problems[0]?.message ??
      `No CRL given covers "${cert.label}"${covered}, and revocation status is required.`,
  };
}

/**
 * 6.1.3(a)(3): the certificate was not revoked at the validation time. When revocation is not
 * required, CRLs that apply still count (a revoked certificate is refused) but missing or
 * unusable CRLs are not an error.
 */
export function checkRevocationStatus(
  ctx: ValidationContext,
  cert: CertView,
  issuer: CertView,
  issuerKey: WorkingKey,
  anchor: CertView,
  depth: number,
): PathFailure | undefined {
  if (ctx.crls.length === 0 && !ctx.requireRevocation) return undefined;
  const status = crlStatus(ctx, cert, issuer, issuerKey, anchor, depth);
  if (status.kind === 'revoked') {
    return failure(
      'REVOKED',
      `"${cert.label}" was revoked at ${status.revocationDate.toISOString()} (${status.reason}), according to the CRL issued by "${status.crl.issuer.text}".`,
    );
  }
  if (status.kind === 'good' || !ctx.requireRevocation) return undefined;
  return failure(status.code, status.message);
}
