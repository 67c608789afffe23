/**
 * CAdES-B-LT (ETSI EN 319 122-1 section 6.3): B-T plus the certificates and revocation data a
 * verifier needs later, in SignedData.certificates and SignedData.crls, an OCSP response as a
 * RevocationInfoChoice `other` of format id-ri-ocsp-response (RFC 5940).
 */
import { OCSPResponse } from '@peculiar/asn1-ocsp';
import { CertificateList } from '@peculiar/asn1-x509';
import { decodeDer } from '../../asn1/decode';
import { assertCertificates } from '../certificates';
import { CmsError } from '../errors';
import { signerInfoView } from '../parse';
import { ocspRevocationInfoChoice } from '../revocation-info';
import { CMS_MAX_NODES, decodeSignedData, encodeSignedData } from '../signed-data';

export interface ValidationData {
  certificates?: readonly Uint8Array[];
  /** CertificateList DER. */
  crls?: readonly Uint8Array[];
  /** OCSPResponse DER. */
  ocspResponses?: readonly Uint8Array[];
}

/** The CMS with the validation data it does not carry yet added (equal DER is kept once). */
export function addValidationData(cmsDer: Uint8Array, data: ValidationData): Uint8Array {
  const parts = decodeSignedData(cmsDer);
  if (parts.signerInfos.some((s) => signerInfoView(s).signatureTimestamps.length === 0)) {
    throw new CmsError(
      'NOT_BASELINE_T',
      'B-LT extends a B-T signature, and a SignerInfo has no signature time-stamp.',
    );
  }
  const certificates = data.certificates ?? [];
  const crls = data.crls ?? [];
  const ocspResponses = data.ocspResponses ?? [];
  assertCertificates(certificates);
  for (const crl of crls) decodeDer(crl, CertificateList, 'CRL', { maxNodes: CMS_MAX_NODES });
  for (const response of ocspResponses) decodeDer(response, OCSPResponse, 'OCSP response');
  return encodeSignedData({
    ...parts,
    certificates: [...parts.certificates, ...certificates],
    crls: [...parts.crls, ...crls, ...ocspResponses.map(ocspRevocationInfoChoice)],
  });
}
