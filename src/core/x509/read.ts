import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, Name, SubjectKeyIdentifier } from '@peculiar/asn1-x509';
import * as oid from '../oid';
import { derFromPemOrDer, serialToHex } from '../encoding';
import { keyIdentifierOf } from './extensions';
import { nameToString } from './name';
import { bytesKey, memoize } from '../memo';
import { decodeDer } from '../asn1/decode';

/** The fields of a certificate that the CA and the reports need, read once from its DER. */
export interface CertificateFacts {
  der: Uint8Array;
  serial: string;
  subject: Name;
  issuer: Name;
  subjectText: string;
  issuerText: string;
  notBefore: Date;
  notAfter: Date;
  subjectPublicKey: Uint8Array;
  /** The SKI extension's value, or the RFC 5280 4.2.1.2 (1) hash when the extension is absent. */
  keyIdentifier: Uint8Array;
}

/**
 * The facts of a certificate (PEM or DER). Signing and verification read the same few certificates
 * again and again, so the facts are kept per certificate, a bounded number: they are shared, frozen
 * at the top level, and must not be changed by callers.
 */
export const readCertificate: (bytes: Uint8Array) => CertificateFacts = memoize(
  bytesKey,
  // A copy of the bytes is kept, never the caller's buffer.
  (bytes: Uint8Array) => Object.freeze(readCertificateOnce(new Uint8Array(bytes))),
  1024,
);

function readCertificateOnce(bytes: Uint8Array): CertificateFacts {
  const der = derFromPemOrDer(bytes, 'CERTIFICATE');
  const cert = decodeDer(der, Certificate, 'certificate');
  const tbs = cert.tbsCertificate;
  const subjectPublicKey = new Uint8Array(AsnConvert.serialize(tbs.subjectPublicKeyInfo));
  const ski = tbs.extensions?.find((e) => e.extnID === oid.OID_CE_SUBJECT_KEY_IDENTIFIER);
  const keyIdentifier = ski
    ? new Uint8Array(
        decodeDer(new Uint8Array(ski.extnValue.buffer), SubjectKeyIdentifier, 'key identifier')
          .buffer,
      )
    : keyIdentifierOf(subjectPublicKey);
  return {
    der,
    serial: serialToHex(tbs.serialNumber),
    subject: tbs.subject,
    issuer: tbs.issuer,
    subjectText: nameToString(tbs.subject),
    issuerText: nameToString(tbs.issuer),
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    subjectPublicKey,
    keyIdentifier,
  };
}
