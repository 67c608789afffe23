/**
 * Certificate profiles as data (STYLE.md rule 10; cfssl SigningProfile): what each kind of
 * certificate says, from SPEC.md "Certificates". Issuance builds a template from a profile and
 * checks the result against it; nothing a requester sends can add to it.
 */
import type { KeyUsageName } from '../core/x509/extensions';
import * as oid from '../core/oid';
import type { CertificateRole } from '../ports';

export interface CertificateProfile {
  /** The audit and validation keys' certificates are not among the CA's stored certificates. */
  role: CertificateRole | 'audit' | 'validation';
  defaultDays: number;
  maxDays: number;
  ca?: { pathLen: number };
  keyUsage: readonly KeyUsageName[];
  extKeyUsage?: { purposes: readonly string[]; critical: boolean };
  /** CRL distribution point and AIA (OCSP, caIssuers) under SIGNET_PUBLIC_URL. */
  revocationPointers: boolean;
  /** CRL distribution point of the root's ARL, which lists revoked issuing CAs (RFC 5280 4.2.1.13). */
  arlPointer?: boolean;
  ocspNoCheck?: boolean;
}

const YEAR = 365;

export const PROFILES: Record<CertificateRole, CertificateProfile> = {
  root: {
    role: 'root',
    defaultDays: 20 * YEAR + 5,
    maxDays: 20 * YEAR + 5,
    ca: { pathLen: 1 },
    keyUsage: ['keyCertSign', 'cRLSign'],
    revocationPointers: false,
  },
  issuing: {
    role: 'issuing',
    defaultDays: 10 * YEAR + 3,
    maxDays: 10 * YEAR + 3,
    ca: { pathLen: 0 },
    keyUsage: ['keyCertSign', 'cRLSign'],
    revocationPointers: false,
    arlPointer: true,
  },
  // RFC 3161 2.3: the TSA certificate has exactly one EKU, timeStamping, and it is critical.
  tsa: {
    role: 'tsa',
    defaultDays: 5 * YEAR + 1,
    maxDays: 5 * YEAR + 1,
    keyUsage: ['digitalSignature', 'nonRepudiation'],
    extKeyUsage: { purposes: [oid.OID_KP_TIME_STAMPING], critical: true },
    revocationPointers: true,
  },
  // RFC 6960 4.2.2.2: a delegated responder has id-kp-OCSPSigning; with ocsp-nocheck
  // (4.2.2.2.1) clients do not ask about the responder itself, so it is kept short-lived.
  ocsp: {
    role: 'ocsp',
    defaultDays: YEAR,
    maxDays: YEAR,
    keyUsage: ['digitalSignature'],
    extKeyUsage: { purposes: [oid.OID_KP_OCSP_SIGNING], critical: false },
    revocationPointers: false,
    ocspNoCheck: true,
  },
  // RFC 9336: id-kp-documentSigning; keyUsage digitalSignature + nonRepudiation (contentCommitment).
  // emailProtection too: NSS (poppler's pdfsig, Firefox) and Adobe accept a document signer only
  // with it or with no EKU at all, and refuse documentSigning alone as "not approved".
  department: {
    role: 'department',
    defaultDays: YEAR,
    maxDays: 3 * YEAR,
    keyUsage: ['digitalSignature', 'nonRepudiation'],
    extKeyUsage: {
      purposes: [oid.OID_KP_DOCUMENT_SIGNING, oid.OID_KP_EMAIL_PROTECTION],
      critical: false,
    },
    revocationPointers: true,
  },
};

/**
 * The audit key's certificate (issue 14): the issuing CA vouches for the key that signs the heads
 * of the audit log, so that `signet audit verify` and an exported head are checked against the
 * CA's root without the key vault. Its one EKU is critical, so it signs nothing else.
 */
export const AUDIT_PROFILE: CertificateProfile = {
  role: 'audit',
  defaultDays: 5 * YEAR + 1,
  maxDays: 5 * YEAR + 1,
  keyUsage: ['digitalSignature'],
  extKeyUsage: { purposes: [oid.OID_SIGNET_KP_AUDIT_SIGNING], critical: true },
  revocationPointers: false,
};

/**
 * The validation key's certificate (issue 19): the issuing CA vouches for the key that signs
 * validation receipts, so a receipt is checked against the root alone, years later. Its own EKU
 * says what it signs; documentSigning (RFC 9336) beside it because a receipt is a signed document
 * and verifiers (Signet's own, ETSI-style) ask for that purpose, and emailProtection because
 * OpenSSL's `cms -verify` checks the S/MIME signing purpose by default (RFC 8550 4.4.4).
 * Revocation pointers as for a department: a relying party asks about it like any signer.
 */
export const VALIDATION_PROFILE: CertificateProfile = {
  role: 'validation',
  defaultDays: 5 * YEAR + 1,
  maxDays: 5 * YEAR + 1,
  keyUsage: ['digitalSignature', 'nonRepudiation'],
  extKeyUsage: {
    purposes: [
      oid.OID_SIGNET_KP_VALIDATION_SIGNING,
      oid.OID_KP_DOCUMENT_SIGNING,
      oid.OID_KP_EMAIL_PROTECTION,
    ],
    critical: false,
  },
  revocationPointers: true,
};
