/**
 * Certificates as the verifier reads them: parsed once per request (core/validation's CertView), a
 * malformed one left out rather than failing the request, and summarised for the report.
 */
import { Name } from '@peculiar/asn1-x509';
import { normalizeSerialHex, parseDer, serialToHex } from '../core/encoding';
import { FormatError } from '../core/errors';
import { bytesKey } from '../core/memo';
import * as oid from '../core/oid';
import { CertView, nameView } from '../core/validation';
import { nameAttribute } from '../core/x509/name';
import type { SignerIdentifierView } from '../core/cms';
import type { CertificateSummary, SignerSummary } from './report';

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

/** The certificates among `ders` that parse, each once; the others cannot be anyone's certificate. */
export function parseCertificates(ders: readonly Uint8Array[]): CertView[] {
  const views: CertView[] = [];
  const seen = new Set<string>();
  for (const der of ders) {
    try {
      const view = CertView.parse(der);
      if (seen.has(view.fingerprint)) continue;
      seen.add(view.fingerprint);
      views.push(view);
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
    }
  }
  return views;
}

/** The certificates a SignerIdentifier names (RFC 5652 5.3): issuer and serial, or key id. */
export function certificatesNamedBy(
  sid: SignerIdentifierView,
  candidates: readonly CertView[],
): CertView[] {
  if (sid.kind === 'subjectKeyIdentifier') {
    const wanted = Buffer.from(sid.subjectKeyIdentifier).toString('hex').toUpperCase();
    return candidates.filter((c) => {
      try {
        return c.subjectKeyId() === wanted;
      } catch (error) {
        if (error instanceof FormatError) return false;
        throw error;
      }
    });
  }
  let issuerKey: string;
  try {
    issuerKey = nameView(parseDer(sid.issuer, Name, 'signer issuer name')).key;
  } catch (error) {
    if (error instanceof FormatError) return [];
    throw error;
  }
  const serial = Buffer.from(sid.serialNumber).toString('hex').toUpperCase();
  return candidates.filter((c) => c.issuer.key === issuerKey && c.serialHex === serial);
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
