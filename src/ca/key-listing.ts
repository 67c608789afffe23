/**
 * `signet keys list` (issue 17): every key the CA keeps, what it is for and where it lives. The
 * purposes come from the registry (certificates whose key the vault holds, and the audit key); the
 * vault answers where its keys are and whether each is still there.
 */
import { auditKeyId } from './audit-anchor';
import { recordedValidationKey } from './validation-key';
import type { CaDeps } from './context';
import type { CertificateRecord, KeyCustody } from '../ports';

export interface KeyListing {
  keyId: string;
  /** What the key signs: "root CA", "department finance", "audit log anchors"... */
  purposes: string[];
  algorithm?: string;
  custody: KeyCustody['kind'];
  location: string;
  /** False when the vault no longer holds the key (destroyed, or another token or directory). */
  present: boolean;
}

const ROLE_PURPOSES: Record<CertificateRecord['role'], string> = {
  root: 'root CA',
  issuing: 'issuing CA',
  tsa: 'time-stamping authority',
  ocsp: 'OCSP responder',
  department: 'department',
};

export async function listKeys(
  deps: Pick<CaDeps, 'certificates' | 'audit' | 'vault'>,
): Promise<KeyListing[]> {
  const keys = new Map<string, { purposes: Set<string>; algorithm?: string }>();
  const add = (keyId: string, purpose: string, algorithm?: string): void => {
    const entry = keys.get(keyId) ?? { purposes: new Set<string>(), algorithm };
    entry.purposes.add(purpose);
    keys.set(keyId, entry);
  };
  for (const c of deps.certificates.list({ statuses: ['issued', 'revoked'] })) {
    if (!c.keyId) continue;
    const purpose =
      c.role === 'department' ? `department ${c.departmentId ?? ''}`.trim() : ROLE_PURPOSES[c.role];
    add(c.keyId, purpose, c.keyAlgorithm);
  }
  const audit = auditKeyId(deps);
  if (audit) add(audit, 'audit log anchors', 'ecdsa-p256');
  const validation = recordedValidationKey(deps)?.keyId;
  if (validation) add(validation, 'validation receipts', 'ecdsa-p256');
  const { kind, location } = deps.vault.custody;
  const listed: KeyListing[] = [];
  for (const [keyId, entry] of keys) {
    listed.push({
      keyId,
      purposes: [...entry.purposes],
      algorithm: entry.algorithm,
      custody: kind,
      location,
      present: await deps.vault.publicKey(keyId).then(
        () => true,
        () => false,
      ),
    });
  }
  return listed;
}
