/**
 * The signed bytes and the signature value of each SM2-signed structure Signet makes, read with
 * @peculiar's schemas, so that OpenSSL can check the raw SM2 signature itself (`openssl pkeyutl
 * -verify -rawin -digest sm3 -pkeyopt distid:...`): OpenSSL 3.0's x509/crl/ocsp/cms/ts commands
 * take no distinguishing ID for SM2 and verify under the empty one.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, CertificateList } from '@peculiar/asn1-x509';
import { BasicOCSPResponse, OCSPResponse } from '@peculiar/asn1-ocsp';
import { ContentInfo, SignedData } from '@peculiar/asn1-cms';
import { parseSignedData } from '../../../src/core/cms/parse';

export interface SignedPart {
  tbs: Uint8Array;
  signature: Uint8Array;
}

const bytes = (b: ArrayBuffer | ArrayBufferView): Uint8Array =>
  b instanceof ArrayBuffer
    ? new Uint8Array(b)
    : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

export function certificateParts(der: Uint8Array): SignedPart {
  const c = AsnConvert.parse(der, Certificate);
  return { tbs: bytes(AsnConvert.serialize(c.tbsCertificate)), signature: bytes(c.signatureValue) };
}

export function crlParts(der: Uint8Array): SignedPart {
  const c = AsnConvert.parse(der, CertificateList);
  return { tbs: bytes(AsnConvert.serialize(c.tbsCertList)), signature: bytes(c.signature) };
}

export function ocspParts(der: Uint8Array): SignedPart {
  const r = AsnConvert.parse(der, OCSPResponse);
  const basic = AsnConvert.parse(
    r.responseBytes?.response.buffer ?? new ArrayBuffer(0),
    BasicOCSPResponse,
  );
  return {
    tbs: bytes(AsnConvert.serialize(basic.tbsResponseData)),
    signature: bytes(basic.signature),
  };
}

/**
 * The first SignerInfo's signed attributes as signed (DER SET OF, RFC 5652 5.4), as Signet's CMS
 * reader finds them, and its signature value: OpenSSL then judges the signature over them.
 */
export function cmsSignerParts(der: Uint8Array): SignedPart {
  const si = parseSignedData(der).signerInfos[0];
  if (!si?.signedAttributesDer) throw new Error('no signed attributes');
  expect(si.signedAttributesDer[0]).toBe(0x31);
  return { tbs: si.signedAttributesDer, signature: si.signature };
}

/** The time-stamp token (a CMS ContentInfo) in the first SignerInfo's unsigned attributes. */
export function timestampTokenOf(der: Uint8Array, attributeOid: string): Uint8Array {
  const info = AsnConvert.parse(der, ContentInfo);
  const sd = AsnConvert.parse(info.content, SignedData);
  const attr = sd.signerInfos[0]?.unsignedAttrs?.find((a) => a.attrType === attributeOid);
  const value = attr?.attrValues[0];
  if (!value) throw new Error('no time-stamp token');
  return bytes(value);
}
