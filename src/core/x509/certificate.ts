import { AsnConvert } from '@peculiar/asn1-schema';
import {
  Certificate,
  Extension,
  Extensions,
  Name,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import { signatureAlgorithmIdentifier } from '../algorithms';
import { toArrayBuffer } from '../encoding';
import type { Signer } from '../signer';
import { decodeDer } from '../asn1/decode';

export interface CertificateTemplate {
  /** Content octets of a positive DER INTEGER (see serial.ts). */
  serial: Uint8Array;
  subject: Name;
  issuer: Name;
  /** DER SubjectPublicKeyInfo of the subject's key. */
  subjectPublicKey: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  extensions: Extension[];
}

/** The TBSCertificate of a v3 certificate (RFC 5280 4.1), signed with the signer's scheme. */
export function buildTbsCertificate(template: CertificateTemplate, signer: Signer): TBSCertificate {
  return new TBSCertificate({
    version: Version.v3,
    serialNumber: toArrayBuffer(template.serial),
    signature: signatureAlgorithmIdentifier(signer.scheme),
    issuer: template.issuer,
    validity: new Validity({ notBefore: template.notBefore, notAfter: template.notAfter }),
    subject: template.subject,
    subjectPublicKeyInfo: decodeDer(template.subjectPublicKey, SubjectPublicKeyInfo, 'public key'),
    extensions: new Extensions(template.extensions),
  });
}

/**
 * Signs a certificate in two phases (STYLE.md rule 6): the DER TBSCertificate is the data to be
 * signed; the signer (a key in the vault) returns the signature value; the result is assembled.
 */
export async function signCertificate(
  template: CertificateTemplate,
  signer: Signer,
): Promise<Uint8Array> {
  const tbs = buildTbsCertificate(template, signer);
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const signature = await signer.sign(tbsDer);
  const cert = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: tbs.signature,
    signatureValue: toArrayBuffer(signature),
  });
  return new Uint8Array(AsnConvert.serialize(cert));
}
