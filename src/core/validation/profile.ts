/**
 * The MUSTs of the RFC 5280 section 4 profile that Signet enforces on every certificate of a path,
 * trust anchor included, on top of the section 6 algorithm: a certificate that breaks them was not
 * made by a conforming CA and is not relied on. Deliberately not enforced, because RFC 5280 itself
 * or NIST PKITS require relying parties to accept them: negative or zero serial numbers (4.1.2.2
 * asks users to "gracefully handle" them; PKITS 4.4.14), non-critical basicConstraints (PKITS
 * 4.6.4) and non-critical policyConstraints (PKITS 4.9-4.11).
 */
import * as oid from '../oid';
import { KU_KEY_CERT_SIGN, extensionName, type CertView } from '../x509/certificate-model';
import { failure, type PathFailure } from './errors';

/** Extensions that "conforming CAs MUST mark as non-critical" (4.2.1.1, 4.2.1.2, 4.2.1.15, 4.2.2). */
const MUST_BE_NON_CRITICAL = [
  oid.OID_CE_AUTHORITY_KEY_IDENTIFIER,
  oid.OID_CE_SUBJECT_KEY_IDENTIFIER,
  oid.OID_CE_FRESHEST_CRL,
  oid.OID_PE_AUTHORITY_INFO_ACCESS,
  oid.OID_PE_SUBJECT_INFO_ACCESS,
];

const invalid = (cert: CertView, why: string): PathFailure =>
  failure('INVALID_CERTIFICATE', `"${cert.label}" ${why} (RFC 5280 section 4).`);

/**
 * RFC 5280 section 4 profile checks; throws FormatError when an extension is malformed. For a
 * trust anchor the authority key identifier is not required: nothing is verified against it, and
 * cross-certified roots are commonly trusted directly (x509-limbo cve-2024-0567).
 */
export function checkCertificateProfile(
  cert: CertView,
  role: 'anchor' | 'path',
): PathFailure | undefined {
  // 4.2: at most one instance of an extension.
  if (cert.duplicateExtension) {
    return invalid(cert, `contains the ${extensionName(cert.duplicateExtension)} extension twice`);
  }
  cert.decodeKnownExtensions();
  // 4.1.1.2: signatureAlgorithm MUST equal the signature field of the TBSCertificate.
  if (!cert.signatureAlgorithmsAgree()) {
    return invalid(cert, 'names two different signature algorithms');
  }
  // 4.1.2.2: serial numbers of at most 20 octets. Negative ones are accepted (the old encoding
  // slip of unsigned values, PKITS 4.4.14). Zero is refused below a trust anchor; an anchor's
  // serial plays no part in validation, and widely trusted roots have serial zero.
  if (cert.serial.length > 20) return invalid(cert, 'has a serial number longer than 20 octets');
  if (role === 'path' && cert.serial.every((b) => b === 0)) {
    return invalid(cert, 'has serial number zero');
  }
  // 4.1.2.1: extensions only in version 3 certificates.
  if (cert.version !== 3 && cert.extensionIds().length > 0) {
    return invalid(cert, `is version ${cert.version} but has extensions`);
  }
  // 4.1.2.4: a non-empty issuer name.
  if (cert.issuer.empty) return invalid(cert, 'has an empty issuer name');
  const ca = cert.isCA();
  // 4.1.2.6: a CA's subject is non-empty; an empty subject needs a critical subjectAltName.
  if (cert.subject.empty) {
    if (ca) return invalid(cert, 'is a CA certificate with an empty subject');
    const san = cert.extension(oid.OID_CE_SUBJECT_ALT_NAME);
    if (!san?.critical)
      return invalid(cert, 'has an empty subject without a critical subjectAltName');
  }
  for (const id of MUST_BE_NON_CRITICAL) {
    if (cert.extension(id)?.critical) return invalid(cert, `marks ${extensionName(id)} critical`);
  }
  // 4.2.1.1: authorityKeyIdentifier keyIdentifier, except in self-issued (root) certificates.
  if (role === 'path' && !cert.selfIssued && cert.authorityKeyId() === undefined) {
    return invalid(cert, 'has no authority key identifier');
  }
  // 4.2.1.2: subjectKeyIdentifier in every CA certificate.
  if (ca && cert.subjectKeyId() === undefined) {
    return invalid(cert, 'is a CA certificate without a subject key identifier');
  }
  // 4.2.1.9: keyCertSign only with cA TRUE.
  const ku = cert.keyUsage();
  if (!ca && ku !== undefined && (ku & KU_KEY_CERT_SIGN) !== 0) {
    return invalid(cert, 'asserts keyCertSign without being a CA');
  }
  // 4.2.1.10: name constraints only in CA certificates, and critical.
  const nc = cert.extension(oid.OID_CE_NAME_CONSTRAINTS);
  if (nc && !ca) return invalid(cert, 'has name constraints but is not a CA');
  if (nc && !nc.critical) return invalid(cert, 'has non-critical name constraints');
  return undefined;
}
