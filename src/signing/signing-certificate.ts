import {
  defaultScheme,
  isKeyAlgorithmName,
  KEY_ALGORITHMS,
  type HashName,
  type KeyAlgorithmName,
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
  const chosen = keptCertificateOf(deps, departmentId, now);
  const algorithm = KEY_ALGORITHMS[chosen.keyAlgorithm];
  // SM2 signs SM3 message digests (GB/T 35275-2017 7; GB/T 35276 5), and SM3 only goes with SM2.
  if ((algorithm.type === 'sm2') !== (hash === 'sm3')) {
    throw new SigningError(
      'UNSUPPORTED_DIGEST_ALGORITHM',
      algorithm.type === 'sm2'
        ? "The department's key is SM2, which signs SM3 digests: use the digest algorithm sm3."
        : `The department's key is ${algorithm.name}, which does not sign SM3 digests.`,
    );
  }
  return {
    record: chosen,
    certificate: chosen.der,
    signer: deps.vault.signer(chosen.keyId, defaultScheme(algorithm, hash)),
  };
}

/**
 * The hash a department's documents are digested with when the caller names none: SM3 for an SM2
 * key (GB/T 35275), SHA-256 otherwise. Refused like signingKeyOf when the department cannot sign.
 */
export function documentHashOf(
  deps: { certificates: Pick<CertificateLookup, 'list'> },
  departmentId: string,
  now: Date,
): HashName {
  const chosen = keptCertificateOf(deps, departmentId, now);
  return KEY_ALGORITHMS[chosen.keyAlgorithm].type === 'sm2' ? 'sm3' : 'sha256';
}

/** The newest certificate in force whose key Signet keeps, or NO_VALID_CERTIFICATE. */
function keptCertificateOf(
  deps: { certificates: Pick<CertificateLookup, 'list'> },
  departmentId: string,
  now: Date,
): CertificateRecord & { der: Uint8Array; keyId: string; keyAlgorithm: KeyAlgorithmName } {
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
  return { ...chosen, der: chosen.der, keyId: chosen.keyId, keyAlgorithm: chosen.keyAlgorithm };
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
