/**
 * The signed attributes of RFC 5652 section 11 and RFC 5035, as Attribute DER, and the DER SET OF
 * that a signature covers.
 */
import * as asn1js from 'asn1js';
import { OctetString } from '@peculiar/asn1-schema';
import { Time } from '@peculiar/asn1-x509';
import { digest, digestAlgorithmIdentifier, type HashName } from '../algorithms';
import { derSetOf, sortedByEncoding, type DerSetOf } from '../asn1/der-element';
import { objectIdentifier, TAG, tlv } from '../asn1/der-writer';
import { EssCertIdV2, SigningCertificateV2 } from '../asn1/ess';
import { toDer } from '../encoding';
import * as oid from '../oid';
import { bytesKey, memoize } from '../memo';
import { signerIdentity } from './signer-identity';

/**
 * Attribute DER with the given values, in the order given (RFC 5652 5.3), written with the DER
 * writer as the declared Attribute class writes it (test/core/cms/signed-data-writer.test.ts).
 */
export function encodeAttribute(type: string, values: readonly Uint8Array[]): Uint8Array {
  return tlv(TAG.SEQUENCE, attributeType(type), tlv(TAG.SET, ...values));
}

/** The OID DER of an attribute type: a handful of constants, encoded once each. */
const attributeType = memoize((type: string) => type, objectIdentifier, 64);

/**
 * The DER SET OF the attributes, sorted by encoding (X.690 11.6): what is signed, and, tagged
 * [0] IMPLICIT, what SignerInfo.signedAttrs holds (RFC 5652 5.4).
 */
export function signedAttributesSet(attributes: readonly Uint8Array[]): DerSetOf {
  return derSetOf(sortedByEncoding(attributes));
}

/** content-type (RFC 5652 11.1). */
export const contentTypeAttribute = memoize(
  (contentType: string) => contentType,
  (contentType: string) =>
    encodeAttribute(oid.OID_AA_CONTENT_TYPE, [
      new Uint8Array(new asn1js.ObjectIdentifier({ value: contentType }).toBER()),
    ]),
);

/** message-digest (RFC 5652 11.2). */
export function messageDigestAttribute(messageDigest: Uint8Array): Uint8Array {
  return encodeAttribute(oid.OID_AA_MESSAGE_DIGEST, [tlv(TAG.OCTET_STRING, messageDigest)]);
}

/**
 * signing-time (RFC 5652 11.3): UTCTime from 1950 to 2049, GeneralizedTime otherwise, in whole
 * seconds (neither may carry fractions here). Signatures made in the same second share it.
 */
export function signingTimeAttribute(signingTime: Date): Uint8Array {
  return signingTimeOfSecond(Math.floor(signingTime.getTime() / 1000));
}

const signingTimeOfSecond = memoize(
  (epochSecond: number) => String(epochSecond),
  (epochSecond: number) => {
    const time = new Date(epochSecond * 1000);
    const year = time.getUTCFullYear();
    const value =
      year >= 1950 && year <= 2049 ? new Time({ utcTime: time }) : new Time({ generalTime: time });
    return encodeAttribute(oid.OID_AA_SIGNING_TIME, [toDer(value)]);
  },
  4,
);

/**
 * signing-certificate-v2 (RFC 5035 section 3) with one ESSCertIDv2 for the signing certificate:
 * its hash under `hash` (hashAlgorithm left out for SHA-256, the DEFAULT) and its IssuerSerial.
 */
export const signingCertificateV2Attribute = memoize(
  (certificate: Uint8Array, hash: HashName) => `${hash}:${bytesKey(certificate)}`,
  (certificate: Uint8Array, hash: HashName) => {
    const certId = new EssCertIdV2({
      hashAlgorithm: digestAlgorithmIdentifier(hash),
      certHash: new OctetString(digest(hash, certificate)),
      issuerSerial: signerIdentity(certificate).issuerSerial,
    });
    return encodeAttribute(oid.OID_AA_SIGNING_CERTIFICATE_V2, [
      toDer(new SigningCertificateV2({ certs: [certId] })),
    ]);
  },
);
