import { isRevocationReason, type RevocationReason } from '../core/crl';
import type { AuthorityCache, CaDeps } from './context';
import { findCertificate, toView, type CertificateView } from './certificates';
import { publishCrl, publishCrlOf } from './crl';
import { CaError } from './errors';
import type { CertificateRecord } from '../ports';

/** Reasons an operator may give. removeFromCRL only has meaning in delta CRLs (RFC 5280 5.3.1). */
function checkReason(reason: string): RevocationReason {
  if (!isRevocationReason(reason) || reason === 'removeFromCRL') {
    throw new CaError(
      'INVALID_REASON',
      `"${reason}" is not an RFC 5280 revocation reason (e.g. keyCompromise, superseded, cessationOfOperation).`,
    );
  }
  return reason;
}

/**
 * Revokes a certificate issued by the issuing CA, audits it, and publishes a fresh CRL at once so
 * that relying parties and the OCSP responder agree.
 */
export async function revokeCertificate(
  deps: CaDeps,
  cache: AuthorityCache,
  req: { serial: string; reason: string; actor: string; departmentId?: string },
): Promise<CertificateView> {
  const reason = checkReason(req.reason);
  const record = findCertificate(deps, req.serial);
  if (req.departmentId !== undefined && record.departmentId !== req.departmentId) {
    throw new CaError(
      'UNKNOWN_CERTIFICATE',
      `No certificate of this department has serial ${record.serial}.`,
    );
  }
  // The issuing CA in force, or one retired by a rollover that still signs CRLs for its own.
  const issuer = cache
    .issuingCas(deps.clock.now())
    .find((ca) => ca.keyIdentifierHex === record.issuerKeyId);
  if (!issuer) {
    throw new CaError(
      'NOT_REVOCABLE',
      'Only certificates issued by the issuing CA can be revoked here.',
    );
  }
  if (record.status === 'revoked')
    throw new CaError('ALREADY_REVOKED', `Certificate ${record.serial} is already revoked.`);
  if (record.status !== 'issued')
    throw new CaError('UNKNOWN_CERTIFICATE', `Certificate ${record.serial} was never issued.`);
  const at = markRevoked(deps, record, reason, req.actor, {});
  await publishCrlOf(deps, issuer, req.actor);
  return toView(
    { ...record, status: 'revoked', revokedAt: at, revocationReason: reason },
    deps.clock.now(),
  );
}

/**
 * Revokes an issuing CA certificate (the root issued it), audits it, and publishes a fresh ARL at
 * once: relying parties that check the whole path (RFC 5280 6.3 for each certificate, `openssl
 * verify -crl_check_all`) then refuse every certificate under it. The revocation and its audit
 * entry are one transaction; an ARL that lags it is published again at the next start or refresh
 * (CurrentCrl.catchUp).
 */
export async function revokeIssuingCa(
  deps: CaDeps,
  cache: AuthorityCache,
  req: { serial: string; reason: string; actor: string },
): Promise<CertificateView> {
  const reason = checkReason(req.reason);
  const root = cache.get('root');
  const record = findCertificate(deps, req.serial);
  if (record.role !== 'issuing' || record.issuerKeyId !== root.keyIdentifierHex) {
    throw new CaError(
      'NOT_REVOCABLE',
      `Certificate ${record.serial} is not an issuing CA certificate of this root.`,
    );
  }
  if (record.status === 'revoked')
    throw new CaError('ALREADY_REVOKED', `Certificate ${record.serial} is already revoked.`);
  const at = markRevoked(deps, record, reason, req.actor, { role: 'issuing' });
  await publishCrl(deps, cache, req.actor, 'root');
  return toView(
    { ...record, status: 'revoked', revokedAt: at, revocationReason: reason },
    deps.clock.now(),
  );
}

/** The revocation and its audit entry, one transaction; answers the revocation time. */
function markRevoked(
  deps: CaDeps,
  record: CertificateRecord,
  reason: RevocationReason,
  actor: string,
  details: Record<string, unknown>,
): string {
  const at = deps.clock.now().toISOString();
  deps.tx.transaction(() => {
    deps.certificates.markRevoked(record.issuerKeyId, record.serial, at, reason);
    deps.audit.append({
      at,
      actor,
      action: 'certificate.revoked',
      subject: record.serial,
      details: { reason, ...details },
    });
  });
  return at;
}
