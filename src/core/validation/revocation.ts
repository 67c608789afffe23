/**
 * Revocation status from CRLs (RFC 5280 6.1.3(a)(3) by the algorithm of 6.3.3), for each
 * certificate of a path that passed every other check. For each distribution point of the
 * certificate (or one implied by its issuer when it names none), every given CRL is tried: issuer
 * and scope (b), reasons (d)-(e), currency at the validation time, an authorised signer whose own
 * path ends at the same trust anchor (f)-(g), then the entry (j)-(k), until all reasons are
 * covered. Indirect CRLs (cRLIssuer, certificateIssuer entries) are supported. A delta CRL (5.2.4)
 * is used only on top of a complete CRL with the same issuer, scope and signing key that it
 * extends (6.3.3(c), (h), (i)); a delta CRL alone gives no status.
 */
import type { DistributionPoint, DistributionPointName, GeneralName } from '@peculiar/asn1-x509';
import { FormatError } from '../errors';
import { revocationReasonName } from '../crl/reason';
import { KU_CRL_SIGN, bitMask, type CertView } from './certificate-view';
import { checkSignature, type ValidationContext, type WorkingKey } from './context';
import { REASON_REMOVE_FROM_CRL, type CrlEntry, type CrlView } from './crl-view';
import { failure, type PathFailure } from './errors';
import { fromLibraryGeneralName, sameGeneralName, type GName } from './general-names';
import { appendRdn, nameView, type NameView } from './names';

/** ReasonFlags keyCompromise (bit 1) .. aACompromise (bit 8); bit 0 is "unused". */
const ALL_REASONS = 0x1fe;

interface Problem {
  message: string;
  stale: boolean;
}

type CrlOutcome =
  | { kind: 'unrelated' }
  | { kind: 'unusable'; problem: Problem }
  | { kind: 'used'; interimReasons: number; entry: CrlEntry | undefined };

const unrelated: CrlOutcome = { kind: 'unrelated' };

function unusable(crl: CrlView, why: string, stale = false): CrlOutcome {
  return {
    kind: 'unusable',
    problem: { message: `The CRL issued by "${crl.issuer.text}" ${why}.`, stale },
  };
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
    if (delta.thisUpdate > ctx.time || !delta.nextUpdate || delta.nextUpdate < ctx.time) continue;
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
  // Currency at the validation time (5.1.2.4-5.1.2.5).
  if (crl.thisUpdate > ctx.time) return unusable(crl, 'was issued after the validation time', true);
  if (!crl.nextUpdate)
    return unusable(crl, 'gives no nextUpdate, so its currency is unknown', true);
  if (crl.nextUpdate < ctx.time) {
    return unusable(crl, `was due to be replaced at ${crl.nextUpdate.toISOString()}`, true);
  }
  // (f)-(g): signer.
  const signer = checkCrlSigner(ctx, crl, issuer, issuerKey, anchor, depth);
  if ('problem' in signer) return unusable(crl, signer.problem);
  // (i)-(j): the entry for this issuer and serial number, on a delta CRL first.
  const delta = findDeltaCrl(ctx, crl, signer.key);
  const entry =
    delta?.entryFor(cert.serialHex, cert.issuer.key) ??
    crl.entryFor(cert.serialHex, cert.issuer.key);
  return { kind: 'used', interimReasons, entry };
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
  let points: (DistributionPoint | undefined)[];
  try {
    points = cert.crlDistributionPoints() ?? [undefined];
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    return failure('MALFORMED', error.message);
  }
  let reasonsMask = 0;
  const problems: Problem[] = [];
  for (const dp of points) {
    for (const crl of ctx.crls) {
      if (reasonsMask === ALL_REASONS) break;
      const outcome = applyCrl(ctx, crl, cert, dp, issuer, issuerKey, anchor, depth, reasonsMask);
      if (outcome.kind === 'unusable') problems.push(outcome.problem);
      if (outcome.kind !== 'used') continue;
      const entry = outcome.entry;
      // (k): removeFromCRL undoes a hold; certificateHold and every other reason revoke.
      if (entry && entry.reason !== REASON_REMOVE_FROM_CRL) {
        const reason = revocationReasonName(entry.reason);
        return failure(
          'REVOKED',
          `"${cert.label}" was revoked at ${entry.revocationDate.toISOString()} (${reason}), according to the CRL issued by "${crl.issuer.text}".`,
        );
      }
      reasonsMask |= outcome.interimReasons; // (l)
    }
  }
  if (reasonsMask === ALL_REASONS || !ctx.requireRevocation) return undefined;
  const stale = problems.find((p) => p.stale);
  if (stale) return failure('STALE_REVOCATION_INFO', stale.message);
  const covered = reasonsMask === 0 ? '' : ' for every revocation reason';
  return failure(
    'NO_REVOCATION_INFO',
    problems[0]?.message ??
      `No CRL given covers "${cert.label}"${covered}, and revocation status is required.`,
  );
}
