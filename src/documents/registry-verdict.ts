/**
 * What the status of a registered document's signing certificate means for the document (issue 13
 * item 2): one decision for the public document view of the server and for the citizen page, which
 * bundles this file for the browser (so: no node imports; the reason catalogues it renders from
 * are pure too). It is past signature validation (ETSI EN 319 102-1 5.6.2.4) over what the
 * register knows: a revocation after the time a time-stamp proves leaves the signature valid, one
 * before it does not, and without a time-stamp made before the revocation a revoked certificate is
 * never relied on (the verifier's REVOKED_NO_POE; after a keyCompromise the key may have been in
 * other hands before the CA heard of it, RFC 5280 5.3.2 invalidityDate).
 */
import type { DocumentStatus } from './ports';
import { reason, renderReason, type Reason } from '../verification/reasons';

/** The signing certificate as the register sees it now. */
export interface RegisteredCertificate {
  /** Hexadecimal, as everywhere in Signet. */
  serial: string;
  /** SHA-256 of the certificate's DER (upper-case hex): what ties a signature to this entry. */
  fingerprint: string;
  status: 'valid' | 'revoked' | 'expired';
  notAfter: string;
  revokedAt?: string;
  /** The RFC 5280 5.3.1 reason name. */
  revocationReason?: string;
  /** True when Signet kept the signing key in an HSM (PKCS#11), false in key files (issue 17). */
  hsmHeld?: boolean;
}

export type RegistryVerdictCode =
  | 'valid'
  | 'signed_before_revocation'
  | 'signed_before_expiry'
  | 'revoked_before_signing'
  | 'revoked_without_proof'
  | 'expired_without_proof'
  | 'rescinded'
  | 'superseded'
  | 'certificate_unknown';

export interface RegistryVerdict {
  code: RegistryVerdictCode;
  /** Whether the document stands (the page shows it green). */
  valid: boolean;
  /** The time the signature is proven to have existed, when one is known. */
  provenTime?: string;
  /** Why, as data (reasons/): the page renders it in the reader's language. */
  reason: Reason;
  /** One sentence for a citizen: `reason` in English, or in the report's language once localized. */
  message: string;
}

export interface RegistryVerdictInput {
  status: DocumentStatus;
  /** The CAdES/PAdES baseline level Signet signed at (B-B, B-T, B-LT, ...). */
  level: string;
  /** When Signet signed and registered the document (ISO 8601). */
  signedAt: string;
  certificate?: RegisteredCertificate;
  /**
   * The genTime of a signature time-stamp the caller verified itself (the page comparing a file);
   * without it, the register's signing time stands for it at level B-T and above.
   */
  provenTime?: string;
}

const at = (iso: string): number => new Date(iso).getTime();

/** A verdict's reason with its English sentence. */
const said = (why: Reason): Pick<RegistryVerdict, 'reason' | 'message'> => ({
  reason: why,
  message: renderReason('en', why),
});

/**
 * The time a time-stamp proves. Signet time-stamps a B-T (or higher) signature in the request that
 * registers it, so the token's genTime follows the registered signedAt by that request's duration:
 * signedAt is the proven time, to within it. A B-B signature has no proven time.
 */
function provenTimeOf(input: RegistryVerdictInput): string | undefined {
  return input.provenTime ?? (input.level === 'B-B' ? undefined : input.signedAt);
}

/** The certificate's part of the verdict, for a document whose department still stands by it. */
function certificateVerdict(
  certificate: RegisteredCertificate,
  proven: string | undefined,
): RegistryVerdict {
  if (certificate.status === 'revoked' && certificate.revokedAt) {
    const revocation = {
      revoked: certificate.revokedAt,
      cause: certificate.revocationReason ?? 'unspecified',
    };
    if (proven && at(proven) < at(certificate.revokedAt)) {
      return {
        code: 'signed_before_revocation',
        valid: true,
        provenTime: proven,
        ...said(reason('registry.signed_before_revocation', { ...revocation, proven })),
      };
    }
    if (proven) {
      return {
        code: 'revoked_before_signing',
        valid: false,
        provenTime: proven,
        ...said(reason('registry.revoked_before_signing', { ...revocation, proven })),
      };
    }
    return {
      code: 'revoked_without_proof',
      valid: false,
      ...said(reason('registry.revoked_without_proof', revocation)),
    };
  }
  if (certificate.status === 'expired') {
    const expiry = certificate.notAfter;
    return proven
      ? {
          code: 'signed_before_expiry',
          valid: true,
          provenTime: proven,
          ...said(reason('registry.signed_before_expiry', { expiry, proven })),
        }
      : {
          code: 'expired_without_proof',
          valid: false,
          ...said(reason('registry.expired_without_proof', { expiry })),
        };
  }
  return { code: 'valid', valid: true, provenTime: proven, ...said(reason('registry.valid')) };
}

/** The verdict on a registered document: its department's word, then its certificate's status. */
export function registryVerdict(input: RegistryVerdictInput): RegistryVerdict {
  const proven = provenTimeOf(input);
  const { certificate } = input;
  if (!certificate) {
    return {
      code: 'certificate_unknown',
      valid: false,
      ...said(reason('registry.certificate_unknown')),
    };
  }
  const fromCertificate = certificateVerdict(certificate, proven);
  // A signature made with a revoked certificate is void whatever its department said since.
  if (fromCertificate.code === 'revoked_before_signing') return fromCertificate;
  if (input.status === 'rescinded') {
    return {
      code: 'rescinded',
      valid: false,
      provenTime: proven,
      ...said(reason('registry.rescinded')),
    };
  }
  if (input.status === 'superseded') {
    return {
      code: 'superseded',
      valid: false,
      provenTime: proven,
      ...said(reason('registry.superseded')),
    };
  }
  return fromCertificate;
}
