/**
 * Certificates as the verifier reads them: parsed once per request (core/validation's CertView), a
 * malformed one left out rather than failing the request, and summarised for the report.
 */
import { carriedCertificateCount } from '../core/cms';
import { normalizeSerialHex, serialToHex } from '../core/encoding';
import { FormatError } from '../core/errors';
import { bytesKey } from '../core/memo';
import * as oid from '../core/oid';
import type { CertView } from '../core/validation';
import { nameAttribute } from '../core/x509/name';
import type { CertificateSummary, SignerSummary } from './report';

export { parseCertificates } from '../core/validation';

/**
 * Distinct certificates one input may carry (a signature's CMS, a PDF's signatures and DSS, a
 * time-stamp token): an honest one carries a path or a few, and each certificate is parsed and
 * weighed as a candidate issuer by every path search (issue 14).
 */
export const MAX_CERTIFICATES = 256;

/** How many distinct encodings `ders` holds: copies of one certificate count once. */
export function distinctCount(ders: readonly Uint8Array[]): number {
  return new Set(ders.map(bytesKey)).size;
}

/**
 * How many certificates the SignedData (or TimeStampToken) `der` carries when that is more than
 * MAX_CERTIFICATES, counted before any is decoded (core/cms/certificate-count.ts); else undefined.
 */
export function tooManyCertificates(der: Uint8Array): number | undefined {
  const carried = carriedCertificateCount(der) ?? 0;
  return carried > MAX_CERTIFICATES ? carried : undefined;
}

/** Names in the RFC 4514 form ("CN=..., O=..., C=CN"), as every message of the report gives them. */
export function certificateSummary(cert: CertView): CertificateSummary {
  return {
    subject: cert.subject.text,
    issuer: cert.issuer.text,
    serial: serialToHex(cert.serial),
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
  };
}

export function signerSummary(cert: CertView): SignerSummary {
  const subject = cert.tbs.subject;
  return {
    name: nameAttribute(subject, oid.OID_AT_COMMON_NAME),
    organization: nameAttribute(subject, oid.OID_AT_ORGANIZATION),
    department: nameAttribute(subject, oid.OID_AT_ORGANIZATIONAL_UNIT),
    ...certificateSummary(cert),
  };
}

/** How messages name a signer: the common name, else the whole subject. */
export function signerName(cert: CertView): string {
  return nameAttribute(cert.tbs.subject, oid.OID_AT_COMMON_NAME) ?? cert.label;
}

/** Serials compare in their canonical hexadecimal form. */
export function sameSerial(a: string, b: string): boolean {
  try {
    return normalizeSerialHex(a) === normalizeSerialHex(b);
  } catch (error) {
    if (error instanceof FormatError) return false;
    throw error;
  }
}
