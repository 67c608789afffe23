/**
 * Signet's validation key (issue 19): the key that signs validation receipts, apart from every
 * other key so that a receipt can never be mistaken for a document signature or an audit anchor.
 * Made like the audit key (audit-anchor.ts): generated in the key vault, certified by the issuing
 * CA under VALIDATION_PROFILE, and both recorded in the audit log (`validation.key-generated`,
 * `validation.key-certified` with the certificate), so no migration is needed and an existing data
 * directory gets its key on the first start after the upgrade. `signet init` and the server's
 * start make it; a receipt asked for before that makes it then.
 */
import { auditCertificate, certify, type CertifyDeps } from './audit-anchor';
import { VALIDATION_PROFILE } from './profiles';

export const VALIDATION_KEY_GENERATED = 'validation.key-generated';
export const VALIDATION_KEY_CERTIFIED = 'validation.key-certified';
/** ECDSA P-256 with SHA-256 whatever the CA's algorithm: what OpenSSL 3.0 checks everywhere. */
export const VALIDATION_SCHEME = { keyType: 'ec', hash: 'sha256' } as const;

export interface ValidationKey {
  keyId: string;
  /** DER, issued by the issuing CA. */
  certificate: Uint8Array;
}

/** The validation key the audit log records, with its certificate; undefined before it is made. */
export function recordedValidationKey(deps: Pick<CertifyDeps, 'audit'>): ValidationKey | undefined {
  const entries = [...deps.audit.entries()].filter((e) => e.action.startsWith('validation.key-'));
  const keyId = entries.find((e) => e.action === VALIDATION_KEY_GENERATED)?.subject;
  const certificate = keyId && auditCertificate(entries, keyId, VALIDATION_KEY_CERTIFIED);
  return keyId && certificate ? { keyId, certificate } : undefined;
}

async function make(deps: CertifyDeps): Promise<ValidationKey> {
  const { keyId } = await deps.vault.generate('ecdsa-p256');
  const certificate = await certify(deps, keyId, VALIDATION_PROFILE, 'Signet validation receipts');
  // Another process (the CLI beside the server) may have made one meanwhile: the first one logged
  // is the validation key, and the one made here is dropped.
  const chosen = deps.tx.transaction(() => {
    const first = recordedValidationKey(deps);
    if (first) return first;
    const at = deps.clock.now().toISOString();
    const actor = 'system:validation';
    deps.audit.append({
      at,
      actor,
      action: VALIDATION_KEY_GENERATED,
      subject: keyId,
      details: { algorithm: 'ecdsa-p256', purpose: 'signs validation receipts' },
    });
    deps.audit.append({
      at,
      actor,
      action: VALIDATION_KEY_CERTIFIED,
      subject: keyId,
      details: { certificate: Buffer.from(certificate).toString('base64') },
    });
    return { keyId, certificate };
  });
  if (chosen.keyId !== keyId) await deps.vault.destroy(keyId);
  return chosen;
}

/** Each process reads the audit log for its validation key once. */
const known = new WeakMap<object, Promise<ValidationKey>>();

/** The validation key, made and certified now if this CA has none yet. */
export function validationKey(deps: CertifyDeps): Promise<ValidationKey> {
  let key = known.get(deps.audit);
  if (!key) {
    const found = recordedValidationKey(deps);
    key = found ? Promise.resolve(found) : make(deps);
    // A failure (a vault that cannot write) is not remembered: the next call tries again.
    key.catch(() => known.delete(deps.audit));
    known.set(deps.audit, key);
  }
  return key;
}
