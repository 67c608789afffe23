import type { AuthorityCache, CaDeps } from './context';
import { findCertificate, statusAt } from './certificates';
import { CaError } from './errors';
import { issueCertificate, type IssuedCertificate } from './issue';

/**
 * A new certificate for the same department. A kept key is replaced by a new one (key rollover);
 * a certificate from a CSR keeps the requester's key, since Signet never held it. The old
 * certificate stays valid until it expires or is revoked (SPEC.md).
 */
export async function renewCertificate(
  deps: CaDeps,
  cache: AuthorityCache,
  req: { serial: string; days?: number; actor: string },
): Promise<IssuedCertificate> {
  const old = findCertificate(deps, req.serial);
  if (old.role !== 'department' || !old.departmentId) {
    throw new CaError('NOT_RENEWABLE', 'Only department certificates are renewed this way.');
  }
  const status = statusAt(old, deps.clock.now());
  if (status === 'revoked' || status === 'not_issued') {
    throw new CaError(
      'NOT_RENEWABLE',
      `Certificate ${old.serial} is ${status.replace('_', ' ')} and cannot be renewed.`,
    );
  }
  return issueCertificate(deps, cache, {
    departmentId: old.departmentId,
    days: req.days,
    keyAlgorithm: old.keyAlgorithm,
    actor: req.actor,
    renewalOf: old.serial,
    reuseKeyOf: old.keyId ? undefined : old.der,
  });
}
