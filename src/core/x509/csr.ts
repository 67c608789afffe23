import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificationRequest } from '@peculiar/asn1-csr';
import { Name } from '@peculiar/asn1-x509';
import { publicKeyFromSpki, schemeFromAlgorithmIdentifier, verifySignature } from '../algorithms';
import { FormatError } from '../errors';
import { derFromPemOrDer } from '../encoding';
import { decodeDer } from '../asn1/decode';

export interface CheckedCsr {
  subject: Name;
  /** DER SubjectPublicKeyInfo whose possession the request's self-signature proved. */
  subjectPublicKey: Uint8Array;
}

/**
 * Reads a PKCS#10 request (RFC 2986, PEM or DER) and checks its self-signature, the proof that the
 * requester holds the private key. Requested extensions are deliberately not returned: the
 * certificate profile, not the requester, decides what a certificate says.
 */
export function readCsr(bytes: Uint8Array): CheckedCsr {
  const der = derFromPemOrDer(bytes, 'CERTIFICATE REQUEST');
  const csr = decodeDer(der, CertificationRequest, 'certificate signing request');
  const info = csr.certificationRequestInfo;
  const signedBytes = csr.certificationRequestInfoRaw ?? AsnConvert.serialize(info);
  const subjectPublicKey = new Uint8Array(AsnConvert.serialize(info.subjectPKInfo));
  const scheme = schemeFromAlgorithmIdentifier(csr.signatureAlgorithm);
  const valid = verifySignature(
    scheme,
    publicKeyFromSpki(subjectPublicKey),
    new Uint8Array(signedBytes),
    new Uint8Array(csr.signature),
  );
  if (!valid) {
    throw new FormatError(
      'INVALID_VALUE',
      'The certificate signing request is not signed by its own key.',
    );
  }
  return { subject: info.subject, subjectPublicKey };
}
