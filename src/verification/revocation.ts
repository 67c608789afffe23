/**
 * Revocation status of one certificate at a given time, from CRLs (RFC 5280 5 and 6.3), read the
 * way ETSI EN 319 102-1 5.2.5 and 5.2.6 need it for signatures: not only "is it revoked now" but
 * "when was it revoked", so that a signature proven to exist before a revocation keeps its value,
 * and "is there fresh enough information", so that silence is not taken for good news.
 *
 * A CRL counts when it was issued by the certificate's issuer under the issuer's key (name, key
 * identifier, cRLSign, signature), is a complete CRL (not a delta) with no problem core/ found in
 * it, and its scope covers the certificate. Path validation (core/validation) applies the full
 * RFC 5280 6.3 algorithm at one validation time; this reading answers the question across times.
 */
import type { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import {
  publicKeyFromSpki,
  verificationSchemeFromAlgorithmIdentifier,
  verifySignature,
} from '../core/algorithms';
import { revocationReasonName } from '../core/crl';
import { FormatError } from '../core/errors';
import {
  fromLibraryGeneralName,
  KU_CRL_SIGN,
  REASON_CERTIFICATE_HOLD,
  REASON_REMOVE_FROM_CRL,
  sameGeneralName,
  type CertView,
  type CrlView,
  type WorkBudget,
} from '../core/validation';
import { reason, type Reason } from './reasons';

export type RevocationStatus =
  | {
      kind: 'good';
      /** The CRL that shows the certificate not revoked. */
      crl: CrlView;
    }
  | {
      kind: 'revoked';
      revocationDate: Date;
      reason: string;
      crl: CrlView;
    }
  | {
      kind: 'unknown';
      /** Why no CRL gives the status (crl.*). */
      reason: Reason;
    };

/**
 * Whether `signer`'s key made `signature` over `signed`; false for an unreadable key or algorithm,
 * and once the request's work budget allows no more signature checks.
 */
export function signedWith(
  budget: WorkBudget,
  signer: CertView,
  algorithm: AlgorithmIdentifier,
  signed: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (!budget.spend('signatureChecks')) return false;
  try {
    const scheme = verificationSchemeFromAlgorithmIdentifier(algorithm);
    return verifySignature(scheme, publicKeyFromSpki(signer.spkiDer), signed, signature);
  } catch (error) {
    if (error instanceof FormatError) return false;
    throw error;
  }
}

/** Whether the issuer's key signed this CRL (RFC 5280 6.3.3(f)-(g), the issuer being the signer). */
function signedByIssuer(budget: WorkBudget, crl: CrlView, issuer: CertView): boolean {
  try {
    const ski = issuer.subjectKeyId();
    if (crl.authorityKeyId && ski && crl.authorityKeyId !== ski) return false;
    const ku = issuer.keyUsage();
    if (ku !== undefined && (ku & KU_CRL_SIGN) === 0) return false;
  } catch (error) {
    if (error instanceof FormatError) return false;
    throw error;
  }
  return signedWith(budget, issuer, crl.list.signatureAlgorithm, crl.tbsDer, crl.signatureValue);
}

/**
 * The CRL's issuingDistributionPoint covers the certificate (RFC 5280 6.3.3(b)(2)), and whether it
 * covers every reason. A CRL for a named distribution point covers a certificate naming that point.
 */
function scopeOf(crl: CrlView, cert: CertView): { covers: boolean; allReasons: boolean } {
  const idp = crl.idp;
  if (!idp) return { covers: true, allReasons: true };
  if (idp.indirectCRL || idp.onlyContainsAttributeCerts)
    return { covers: false, allReasons: false };
  const ca = cert.isCA();
  if ((idp.onlyContainsUserCerts && ca) || (idp.onlyContainsCACerts && !ca)) {
    return { covers: false, allReasons: false };
  }
  const allReasons = !idp.onlySomeReasons;
  const full = idp.distributionPoint?.fullName;
  if (!idp.distributionPoint) return { covers: true, allReasons };
  if (!full) return { covers: false, allReasons: false };
  const wanted = full.map(fromLibraryGeneralName);
  const named = (cert.crlDistributionPoints() ?? []).flatMap((dp) =>
    (dp.distributionPoint?.fullName ?? []).map(fromLibraryGeneralName),
  );
  return { covers: wanted.some((a) => named.some((b) => sameGeneralName(a, b))), allReasons };
}

/**
 * The status of `cert` (issued by `issuer`) at `time`, judged at `now`:
 * - revoked, when a CRL lists it (a hold only when the newest CRL still does), with the date;
 * - good, when a CRL that does not list it is current at `time` or was issued after `time`
 *   (a CRL issued later would list a revocation made before it);
 * - unknown otherwise.
 * CRLs dated after `now` are ignored.
 */
export function revocationStatus(
  cert: CertView,
  issuer: CertView,
  crls: readonly CrlView[],
  time: Date,
  now: Date,
  budget: WorkBudget,
): RevocationStatus {
  const usable = crls
    .filter(
      (crl) =>
        !crl.isDelta &&
        !crl.problem &&
        crl.issuer.key === cert.issuer.key &&
        crl.thisUpdate <= now &&
        signedByIssuer(budget, crl, issuer),
    )
    .map((crl) => ({ crl, scope: scopeOf(crl, cert) }))
    .filter(({ scope }) => scope.covers)
    .sort((a, b) => b.crl.thisUpdate.getTime() - a.crl.thisUpdate.getTime());
  if (usable.length === 0) {
    return {
      kind: 'unknown',
      reason: reason('crl.none', { issuer: cert.issuer.text }),
    };
  }
  let revoked: RevocationStatus | undefined;
  for (const [i, { crl }] of usable.entries()) {
    const entry = crl.entryFor(cert.serialHex, cert.issuer.key);
    if (!entry || entry.reason === REASON_REMOVE_FROM_CRL) continue;
    // A hold may be lifted: only the newest CRL says whether it still stands (RFC 5280 5.3.1).
    if (entry.reason === REASON_CERTIFICATE_HOLD && i !== 0) continue;
    if (revoked?.kind === 'revoked' && revoked.revocationDate <= entry.revocationDate) continue;
    revoked = {
      kind: 'revoked',
      revocationDate: entry.revocationDate,
      reason: revocationReasonName(entry.reason),
      crl,
    };
  }
  if (revoked) return revoked;
  const fresh = usable.find(
    ({ crl, scope }) =>
      scope.allReasons &&
      (crl.thisUpdate >= time ||
        (crl.thisUpdate <= time && crl.nextUpdate !== undefined && time <= crl.nextUpdate)),
  );
  if (fresh) return { kind: 'good', crl: fresh.crl };
  const newest = usable[0]?.crl;
  return {
    kind: 'unknown',
    reason: reason('crl.stale', {
      issuer: cert.issuer.text,
      issued: newest?.thisUpdate.toISOString() ?? '',
    }),
  };
}
