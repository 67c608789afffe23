import type { CertificateFacts } from '../core/x509/read';
import type { CaDeps } from './context';
import type { AuthorityRole, GeneratedKey } from '../ports';

/** A new certificate of one of the CA's roles, with the key the vault made for it. */
export interface MadeAuthority {
  role: AuthorityRole;
  key: GeneratedKey;
  facts: CertificateFacts;
  issuerKeyId: string;
}

/**
 * Records a new authority certificate (init, rollover) inside the caller's transaction: stored as
 * issued, put in force for its role, and audited (its key, then its certificate).
 */
export function recordAuthority(
  deps: CaDeps,
  m: MadeAuthority,
  req: { at: string; actor: string; algorithm: string },
): void {
  const { at, actor, algorithm } = req;
  deps.certificates.reserve({
    serial: m.facts.serial,
    issuerKeyId: m.issuerKeyId,
    role: m.role,
    status: 'reserved',
    subject: m.facts.subjectText,
    notBefore: m.facts.notBefore.toISOString(),
    notAfter: m.facts.notAfter.toISOString(),
    keyId: m.key.keyId,
    keyAlgorithm: algorithm,
    createdAt: at,
    keyCustody: deps.vault.custody.kind,
  });
  deps.certificates.markIssued(m.issuerKeyId, m.facts.serial, m.facts.der);
  deps.authorities.setAuthority({
    role: m.role,
    serial: m.facts.serial,
    issuerKeyId: m.issuerKeyId,
    keyId: m.key.keyId,
    keyAlgorithm: algorithm,
  });
  deps.audit.append({
    at,
    actor,
    action: 'key.generated',
    subject: m.key.keyId,
    details: { role: m.role, algorithm },
  });
  deps.audit.append({
    at,
    actor,
    action: 'certificate.issued',
    subject: m.facts.serial,
    details: {
      role: m.role,
      subjectName: m.facts.subjectText,
      notAfter: m.facts.notAfter.toISOString(),
    },
  });
}
