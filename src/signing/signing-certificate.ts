import {
  defaultScheme,
  isKeyAlgorithmName,
  KEY_ALGORITHMS,
  type HashName,
} from '../core/algorithms';
import type { Signer } from '../core/signer';
import type { CertificateLookup, CertificateRecord, KeyVault } from '../ports';
import { SigningError } from './errors';

export interface SigningKey {
  record: CertificateRecord;
  certificate: Uint8Array;
  signer: Signer;
}

/**
 * The certificate a department signs with: its newest issued, unexpired certificate whose key Signet
 * keeps. A revoked or expired certificate never signs; a department with none is refused, and the
 * message says why (Electronic Signature Law Art. 13: only the signer's own valid key may sign).
 */
export function signingKeyOf(
  deps: { certificates: Pick<CertificateLookup, 'list'>; vault: Pick<KeyVault, 'signer'> },
  departmentId: string,
  now: Date,
  hash: HashName,
): SigningKey {
  const all = deps.certificates.list({
    departmentId,
    role: 'department',
    statuses: ['issued', 'revoked'],
  });
  const usable = inForce(all, now).filter((c) => c.keyId);
  const chosen = usable[0];
  if (
    !chosen?.der ||
    !chosen.keyId ||
    !chosen.keyAlgorithm ||
    !isKeyAlgorithmName(chosen.keyAlgorithm)
  ) {
    const why =
      all.length === 0
        ? 'has no certificate'
        : all.some((c) => c.status === 'revoked') && !all.some((c) => c.status === 'issued')
          ? 'has only revoked certificates'
          : 'has no valid certificate with a key kept by Signet';
    throw new SigningError(
      'NO_VALID_CERTIFICATE',
      `The department ${why}, so it cannot sign; ask the CA operator for one.`,
    );
  }
  return {
    record: chosen,
    certificate: chosen.der,
    signer: deps.vault.signer(
      chosen.keyId,
      defaultScheme(KEY_ALGORITHMS[chosen.keyAlgorithm], hash),
    ),
  };
}

/** Issued certificates valid at `now`, newest first. */
function inForce(all: CertificateRecord[], now: Date): CertificateRecord[] {
  return all
    .filter(
      (c) =>
        c.status === 'issued' &&
        c.der &&
        new Date(c.notBefore) <= now &&
        new Date(c.notAfter) > now,
    )
    .sort((a, b) => b.notBefore.localeCompare(a.notBefore));
}

/**
 * The certificate of a key the department keeps itself (issued from its CSR: Signet holds no key
 * for it), for two-phase signing: the one with this serial, else the newest in force. Refused
 * like signingKeyOf when there is none.
 */
export function ownKeyCertificateOf(
  deps: { certificates: Pick<CertificateLookup, 'list'> },
  departmentId: string,
  now: Date,
  serial?: string,
): CertificateRecord & { der: Uint8Array } {
  const all = deps.certificates.list({ departmentId, role: 'department', statuses: ['issued'] });
  const chosen = inForce(all, now).find(
    (c) => !c.keyId && (serial === undefined || c.serial.toUpperCase() === serial.toUpperCase()),
  );
  if (!chosen?.der) {
    throw new SigningError(
      'NO_VALID_CERTIFICATE',
      serial === undefined
        ? 'The department has no valid certificate for a key of its own (issue one from its CSR), so it cannot sign in two phases.'
        : `The department has no valid certificate ${serial} for a key of its own.`,
    );
  }
  return { ...chosen, der: chosen.der };
}
