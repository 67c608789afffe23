/**
 * What a SignerInfo and its signing-certificate-v2 attribute say about the signer's certificate,
 * read once per certificate: signing then costs no certificate parsing.
 */
import { IssuerAndSerialNumber } from '@peculiar/asn1-cms';
import { GeneralName, GeneralNames, type Name } from '@peculiar/asn1-x509';
import { IssuerSerial } from '../asn1/ess';
import { toDer } from '../encoding';
import { bytesKey, memoize } from '../memo';
import { CertView } from '../x509/certificate-model';

export interface SignerIdentity {
  /** The certificate's DER as given. */
  readonly certificate: Uint8Array;
  /**
   * SignerIdentifier DER: issuerAndSerialNumber, which every verifier reads and which makes the
   * SignerInfo version 1 (RFC 5652 5.3).
   */
  readonly sid: Uint8Array;
  /** The certificate's issuer and serial as ESSCertIDv2 names them (RFC 5035 section 4). */
  readonly issuerSerial: IssuerSerial;
  readonly subject: Name;
}

export const signerIdentity = memoize(bytesKey, (certificate: Uint8Array): SignerIdentity => {
  const tbs = CertView.parse(certificate).tbs;
  return {
    certificate,
    sid: toDer(new IssuerAndSerialNumber({ issuer: tbs.issuer, serialNumber: tbs.serialNumber })),
    issuerSerial: new IssuerSerial({
      issuer: new GeneralNames([new GeneralName({ directoryName: tbs.issuer })]),
      serialNumber: tbs.serialNumber,
    }),
    subject: tbs.subject,
  };
});
