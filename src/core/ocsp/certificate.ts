import { DerReader } from '../asn1/der-reader';
import { contextTag, TAG } from './der-writer';
import { OcspError } from './errors';

/** What OCSP takes from a certificate: names and keys to hash, and a key to verify with. */
export interface CertificateKey {
  /** DER of the subject Name, exactly as in the certificate. */
  subject: Uint8Array;
  /** The subjectPublicKey BIT STRING value, without tag, length and unused-bits octet. */
  publicKey: Uint8Array;
  /** DER SubjectPublicKeyInfo. */
  publicKeyInfo: Uint8Array;
}

/**
 * Reads the subject and public key of a DER certificate (RFC 5280 4.1) with the DER reader: the
 * exact bytes RFC 6960 4.1.1 hashes, in microseconds where a full certificate parse takes about a
 * millisecond. The certificate's signature and extensions are not checked here.
 */
export function readCertificateKey(der: Uint8Array, what: string): CertificateKey {
  const fail = (detail: string): never => {
    throw new OcspError('MALFORMED_CERTIFICATE', `The ${what} is not a DER certificate.`, {
      cause: new Error(detail),
    });
  };
  // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
  const outer = new DerReader(der, fail);
  const certificate = new DerReader(outer.expect(TAG.SEQUENCE, 'Certificate').contents, fail);
  outer.end('Certificate');
  // TBSCertificate ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1, serialNumber, signature,
  //   issuer, validity, subject, subjectPublicKeyInfo, ... }
  const tbs = new DerReader(certificate.expect(TAG.SEQUENCE, 'TBSCertificate').contents, fail);
  tbs.optional(contextTag(0, true), 'version');
  tbs.expect(TAG.INTEGER, 'serialNumber');
  tbs.expect(TAG.SEQUENCE, 'signature');
  tbs.expect(TAG.SEQUENCE, 'issuer');
  tbs.expect(TAG.SEQUENCE, 'validity');
  const subject = tbs.expect(TAG.SEQUENCE, 'subject').encoded;
  const spki = tbs.expect(TAG.SEQUENCE, 'subjectPublicKeyInfo');
  // SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
  const keyInfo = new DerReader(spki.contents, fail);
  keyInfo.expect(TAG.SEQUENCE, 'algorithm');
  const bits = keyInfo.expect(TAG.BIT_STRING, 'subjectPublicKey').contents;
  keyInfo.end('subjectPublicKeyInfo');
  if (bits[0] !== 0) fail('The public key BIT STRING has unused bits.');
  return {
    subject: Uint8Array.from(subject),
    publicKey: bits.slice(1),
    publicKeyInfo: Uint8Array.from(spki.encoded),
  };
}
