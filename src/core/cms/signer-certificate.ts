/**
 * Which certificate a SignerInfo names (RFC 5652 5.3 sid: issuer and serial number, or subject key
 * identifier) and whether its signing-certificate-v2 attribute binds it (RFC 5035 3: the hash of
 * the certificate, and its issuer and serial when given), so that no other certificate with the
 * same key can be substituted. Signatures and time-stamp tokens alike.
 */
import { timingSafeEqual } from 'node:crypto';
import { Name } from '@peculiar/asn1-x509';
import { digest, hashFromOid } from '../algorithms';

import { FormatError } from '../errors';
import { nameView, type CertView } from '../validation';
import type { SignerIdentifierView, SignerInfoView } from './parse';
import { decodeDer } from '../asn1/decode';

/** The certificates a SignerIdentifier names among `candidates`. */
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
    issuerKey = nameView(decodeDer(sid.issuer, Name, 'signer issuer name')).key;
  } catch (error) {
    if (error instanceof FormatError) return [];
    throw error;
  }
  const serial = Buffer.from(sid.serialNumber).toString('hex').toUpperCase();
  return candidates.filter((c) => c.issuer.key === issuerKey && c.serialHex === serial);
}

/** Why the first ESSCertIDv2 does not identify a certificate. */
export type EssCertIdMismatch =
  | { code: 'no_certificate' }
  | { code: 'unaccepted_hash'; algorithm: string }
  | { code: 'other_certificate' }
  | { code: 'issuer_serial_mismatch' };

/** Why the first ESSCertIDv2 does not identify `cert`, or undefined when it does. */
export function essCertIdV2Mismatch(
  signerInfo: SignerInfoView,
  cert: CertView,
): EssCertIdMismatch | undefined {
  const first = signerInfo.signingCertificateV2?.certs[0];
  if (!first) return { code: 'no_certificate' };
  const hash = hashFromOid(first.hashAlgorithm.algorithm);
  if (!hash) return { code: 'unaccepted_hash', algorithm: first.hashAlgorithm.algorithm };
  const expected = new Uint8Array(first.certHash.buffer);
  const actual = digest(hash, cert.der);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    return { code: 'other_certificate' };
  }
  const issuerSerial = first.issuerSerial;
  if (issuerSerial) {
    const serial = Buffer.from(issuerSerial.serialNumber).toString('hex').toUpperCase();
    const issuerMatches = issuerSerial.issuer.some(
      (gn) => gn.directoryName !== undefined && nameView(gn.directoryName).key === cert.issuer.key,
    );
    if (!issuerMatches || serial !== cert.serialHex) return { code: 'issuer_serial_mismatch' };
  }
  return undefined;
}
