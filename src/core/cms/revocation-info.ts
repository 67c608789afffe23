/**
 * RevocationInfoChoice (RFC 5652 10.2.1): a CRL is carried as its CertificateList, an OCSP
 * response as `other` with id-ri-ocsp-response and the OCSPResponse (RFC 5940 section 4.1).
 */
import { OtherRevocationInfoFormat, RevocationInfoChoice } from '@peculiar/asn1-cms';
import { decodeDer } from '../asn1/decode';
import { toArrayBuffer, toDer } from '../encoding';
import { OID_RI_OCSP_RESPONSE } from '../oid';

const CRL_TAG = 0x30; // crl CertificateList (a SEQUENCE)
const OTHER_TAG = 0xa1; // other [1] IMPLICIT OtherRevocationInfoFormat

/** The RevocationInfoChoice DER carrying one OCSPResponse (DER). */
export function ocspRevocationInfoChoice(ocspResponse: Uint8Array): Uint8Array {
  return toDer(
    new RevocationInfoChoice({
      other: new OtherRevocationInfoFormat({
        otherRevInfoFormat: OID_RI_OCSP_RESPONSE,
        otherRevInfo: toArrayBuffer(ocspResponse),
      }),
    }),
  );
}

/** CRLs and OCSP responses among RevocationInfoChoice encodings; other formats are skipped. */
export function splitRevocationInfo(choices: readonly Uint8Array[]): {
  crls: Uint8Array[];
  ocspResponses: Uint8Array[];
} {
  const crls: Uint8Array[] = [];
  const ocspResponses: Uint8Array[] = [];
  for (const choice of choices) {
    if (choice[0] === CRL_TAG) crls.push(choice);
    if (choice[0] !== OTHER_TAG) continue;
    const other = decodeDer(choice, RevocationInfoChoice, 'CMS RevocationInfoChoice', {
      ber: true,
    }).other;
    if (other.otherRevInfoFormat === OID_RI_OCSP_RESPONSE) {
      ocspResponses.push(new Uint8Array(other.otherRevInfo));
    }
  }
  return { crls, ocspResponses };
}
