import {
  defaultScheme,
  isKeyAlgorithmName,
  KEY_ALGORITHMS,
  type HashName,
} from '../core/algorithms';
import type { Signer } from '../core/signer';
import type { CaDeps } from '../ca/context';
import type { CertificateRecord } from '../ca/ports';
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
  deps: Pick<CaDeps, 'certificates' | 'vault'>,
  departmentId: string,
  now: Date,
  hash: HashName,
): SigningKey {
  const all = deps.certificates.list({
    departmentId,
    role: 'department',
    statuses: ['issued', 'revoked'],
  });
  const usable = all
    .filter(
      (c) =>
        c.status === 'issued' &&
        c.der &&
        c.keyId &&
        new Date(c.notBefore) <= now &&
        new Date(c.notAfter) > now,
    )
    .sort((a, b) => b.notBefore.localeCompare(a.notBefore));
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
