import { isRevocationReason, type RevocationReason } from '../core/crl';
import type { AuthorityCache, CaDeps } from './context';
import { findCertificate, toView, type CertificateView } from './certificates';
import { publishCrlOf } from './crl';
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
 * Revokes a certificate issued by the issuing CA, audits it, and publishes a fresh CRL listing it,
 * all or nothing (revokeWithCrl), so that relying parties and the OCSP responder agree.
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
  const at = await revokeWithCrl(deps, issuer, record, reason, req.actor, {});
  return toView(
    { ...record, status: 'revoked', revokedAt: at, revocationReason: reason },
    deps.clock.now(),
  );
}

/**
 * Revokes an issuing CA certificate (the root issued it), audits it, and publishes a fresh ARL at
 * once: relying parties that check the whole path (RFC 5280 6.3 for each certificate, `openssl
 * verify -crl_check_all`) then refuse every certificate under it. The revocation, its audit entry
 * and the ARL listing it are one transaction (revokeWithCrl).
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
  const at = await revokeWithCrl(deps, root, record, reason, req.actor, { role: 'issuing' });
  return toView(
    { ...record, status: 'revoked', revokedAt: at, revocationReason: reason },
    deps.clock.now(),
  );
}

/**
 * The revocation, its audit entry and the CRL of `issuer` that lists it, one transaction: the CRL
 * is signed first and the three commit together (crl.ts CrlRevocation), so a CRL that cannot be
 * signed or stored leaves the certificate unrevoked and the caller gets the error; never a
 * revocation answered as failed though committed, nor one that relying parties cannot see.
 * Answers the revocation time.
 */
async function revokeWithCrl(
  deps: CaDeps,
  issuer: Parameters<typeof publishCrlOf>[1],
  record: CertificateRecord,
  reason: RevocationReason,
  actor: string,
  details: Record<string, unknown>,
): Promise<string> {
  const at = deps.clock.now().toISOString();
  await publishCrlOf(deps, issuer, actor, {
    entry: { serial: record.serial, revokedAt: at, reason },
    commit: () => {
      // Revoked by another process since it was read: refused, never revoked (and audited) twice.
      const current = deps.certificates
        .findBySerial(record.serial)
        .find((c) => c.issuerKeyId === record.issuerKeyId);
      if (current?.status === 'revoked')
        throw new CaError('ALREADY_REVOKED', `Certificate ${record.serial} is already revoked.`);
      deps.certificates.markRevoked(record.issuerKeyId, record.serial, at, reason);
      deps.audit.append({
        at,
        actor,
        action: 'certificate.revoked',
        subject: record.serial,
        details: { reason, ...details },
      });
    },
  });
  return at;
}
