import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, Name, SubjectKeyIdentifier } from '@peculiar/asn1-x509';
import * as oid from '../oid';
import { derFromPemOrDer, parseDer, serialToHex } from '../encoding';
import { keyIdentifierOf } from './extensions';
import { nameToString } from './name';

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

export function readCertificate(bytes: Uint8Array): CertificateFacts {
  const der = derFromPemOrDer(bytes, 'CERTIFICATE');
  const cert = parseDer(der, Certificate, 'certificate');
  const tbs = cert.tbsCertificate;
  const subjectPublicKey = new Uint8Array(AsnConvert.serialize(tbs.subjectPublicKeyInfo));
  const ski = tbs.extensions?.find((e) => e.extnID === oid.OID_CE_SUBJECT_KEY_IDENTIFIER);
  const keyIdentifier = ski
    ? new Uint8Array(
        parseDer(new Uint8Array(ski.extnValue.buffer), SubjectKeyIdentifier, 'key identifier')
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
