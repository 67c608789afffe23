/**
 * Whose signatures a file carries, for archive renewal by a department (the HTTP API): a
 * department renews its own signatures only, never another's (SPEC.md "Who uses it": one
 * department cannot act as another). Every signer of the file must be a certificate this CA issued
 * to the department; a file co-signed with another department is renewed by the operator (`signet
 * archive renew`, SIGNET_ARCHIVE_DIR).
 */
import { timingSafeEqual } from 'node:crypto';
import { certificatesNamedBy, parseSignedData, type SignerIdentifierView } from '../core/cms';
import { serialToHex } from '../core/encoding';
import { hasPdfHeader, readPdfSignatures } from '../core/pades';
import { parseCertificates } from '../core/validation';
import type { CertificateLookup } from '../ports';
import { SigningError } from './errors';

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && timingSafeEqual(a, b);

/** The CMS SignedData of each signature in the file: the file itself, or a PDF's signatures. */
function signatureCmses(file: Uint8Array): Uint8Array[] {
  if (!hasPdfHeader(file)) return [file];
  // ETSI EN 319 142-1 5.4.3: ETSI.RFC3161 entries are document time-stamps, signed by a TSA.
  return readPdfSignatures(file)
    .signatures.filter((s) => s.subFilter !== 'ETSI.RFC3161')
    .map((s) => s.contents);
}

/**
 * The departments of the certificates a SignerInfo names (RFC 5652 5.3), found in the register by
 * serial and compared byte for byte; the certificates the CMS carries stand in for a key identifier.
 */
function signerDepartments(
  certificates: Pick<CertificateLookup, 'findBySerial'>,
  sid: SignerIdentifierView,
  carried: Uint8Array[],
): (string | undefined)[] {
  const stored = (serial: string) =>
    certificates.findBySerial(serial).flatMap((r) => (r.der ? [{ ...r, der: r.der }] : []));
  const candidates = [
    ...carried,
    ...(sid.kind === 'issuerAndSerialNumber'
      ? stored(serialToHex(sid.serialNumber)).map((r) => r.der)
      : []),
  ];
  return certificatesNamedBy(sid, parseCertificates(candidates)).flatMap((named) =>
    stored(serialToHex(named.serial))
      .filter((r) => sameBytes(r.der, named.der))
      .map((r) => (r.role === 'department' ? r.departmentId : undefined)),
  );
}

/**
 * Refuses a file with a signer that is not a certificate of `departmentId`, or with no signer: as
 * for another department's document (documents/rescind.ts), the answer is "unknown", so nothing is
 * confirmed about another department's signatures.
 */
export function assertOwnSignatures(
  deps: { certificates: Pick<CertificateLookup, 'findBySerial'> },
  file: Uint8Array,
  departmentId: string,
): void {
  const signers = signatureCmses(file).flatMap((cms) => {
    const signedData = parseSignedData(cms);
    return signedData.signerInfos.map((s) =>
      signerDepartments(deps.certificates, s.sid, signedData.certificates),
    );
  });
  const own = (holders: (string | undefined)[]) =>
    holders.length > 0 && holders.every((d) => d === departmentId);
  if (signers.length === 0 || !signers.every(own)) {
    throw new SigningError(
      'UNKNOWN_SIGNATURE',
      'The file carries a signature that is not one of this department.',
    );
  }
}
