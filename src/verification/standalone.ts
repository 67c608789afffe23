/**
 * Verification for anyone outside the CA (issue 14): trust anchors the caller names, no data
 * directory, no key passphrase, nothing written. Revocation comes from the signature's own
 * validation data (B-LT: the CRLs and OCSP responses it carries); a signature without it is
 * TRY_LATER, as ETSI EN 319 102-1 5.2.5 says, never "not revoked".
 */
import { derFromPemOrDer } from '../core/encoding';
import type { Clock } from '../ports';
import type { VerificationDeps } from './verify';

/** Deps for `verify()` with these trust anchors (PEM or DER) and nothing of this CA. */
export function standaloneVerificationDeps(anchors: Uint8Array[], clock: Clock): VerificationDeps {
  const ders = anchors.map((a) => derFromPemOrDer(a, 'CERTIFICATE'));
  return {
    clock,
    trusted: { anchors: () => ders, intermediates: () => [] },
    revocation: { currentCrls: async () => [] },
  };
}
