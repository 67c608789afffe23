/**
 * A typed view of a CMS SignedData for verifiers (RFC 5652 section 5, ETSI EN 319 122-1): what
 * each signer signed and with which attributes, and the certificates and revocation data carried.
 * Malformed input gives a FormatError or a CmsError; whether the signature holds is the
 * verifier's question, not the parser's.
 */
import { SignerIdentifier } from '@peculiar/asn1-cms';
import { AlgorithmIdentifier, Time } from '@peculiar/asn1-x509';
import { hashFromOid, type HashName } from '../algorithms';
import { Attribute, type SignerInfo } from '../asn1/cms';
import {
  decodeDer,
  decodeObjectIdentifier,
  decodeOctetString,
  type DecodeOptions,
} from '../asn1/decode';
import { SigningCertificateV2 } from '../asn1/ess';
import { toDer } from '../encoding';
import { FormatError } from '../errors';
import * as oid from '../oid';
import { CmsError } from './errors';
import { splitRevocationInfo } from './revocation-info';
import { decodeSignedData } from './signed-data';

export interface AttributeView {
  type: string;
  /** Each AttributeValue's DER. */
  values: Uint8Array[];
}

export type SignerIdentifierView =
  | { kind: 'issuerAndSerialNumber'; issuer: Uint8Array; serialNumber: Uint8Array }
  | { kind: 'subjectKeyIdentifier'; subjectKeyIdentifier: Uint8Array };

export interface SignerInfoView {
  /** The SignerInfo's encoding, by which copies of one SignerInfo are recognised. */
  der: Uint8Array;
  version: number;
  /** Issuer Name DER and serial INTEGER content octets, or the key identifier (RFC 5652 5.3). */
  sid: SignerIdentifierView;
  digestAlgorithm: AlgorithmIdentifier;
  /** The digest algorithm as a hash Signet accepts; undefined for others (MD5, SHA-1...). */
  digestHash: HashName | undefined;
  signatureAlgorithm: AlgorithmIdentifier;
  signature: Uint8Array;
  /** The DER SET OF signed attributes as the signature covers it (RFC 5652 5.4). */
  signedAttributesDer?: Uint8Array;
  signedAttributes: AttributeView[];
  unsignedAttributes: AttributeView[];
  /** content-type (RFC 5652 11.1). */
  contentType?: string;
  /** message-digest (RFC 5652 11.2). */
  messageDigest?: Uint8Array;
  /** signing-time (RFC 5652 11.3). */
  signingTime?: Date;
  /** signing-certificate-v2 (RFC 5035 section 3). */
  signingCertificateV2?: SigningCertificateV2;
  /** TimeStampToken DER of each signature-time-stamp (ETSI EN 319 122-1 5.3). */
  signatureTimestamps: Uint8Array[];
  /** TimeStampToken DER of each archive-time-stamp-v3 (ETSI EN 319 122-1 5.5.3). */
  archiveTimestamps: Uint8Array[];
  /** SignetTlogProof DER of each transparency-log proof attribute (core/asn1/tlog-proof.ts). */
  tlogProofs: Uint8Array[];
}

export interface SignedDataView {
  version: number;
  /** eContentType (RFC 5652 5.2). */
  contentType: string;
  /** eContent; undefined for a detached signature. */
  content?: Uint8Array;
  /** X.509 certificates carried (DER); other CertificateChoices are left out. */
  certificates: Uint8Array[];
  /** CertificateList DER of each CRL carried. */
  crls: Uint8Array[];
  /** OCSPResponse DER of each id-ri-ocsp-response carried (RFC 5940). */
  ocspResponses: Uint8Array[];
  signerInfos: SignerInfoView[];
  /**
   * SignedData.certificates and .crls as encoded (every CertificateChoices and RevocationInfoChoice),
   * which an archive time-stamp's hash index names (ETSI EN 319 122-1 5.5.2).
   */
  encoded: { certificates: readonly Uint8Array[]; crls: readonly Uint8Array[] };
}

/** Reads a ContentInfo holding a SignedData (DER or BER; PEM is refused). */
export function parseSignedData(der: Uint8Array): SignedDataView {
  const parts = decodeSignedData(der);
  const { crls, ocspResponses } = splitRevocationInfo(parts.crls);
  return {
    version: parts.version,
    contentType: parts.contentType,
    content: parts.content,
    certificates: parts.certificates.filter((c) => c[0] === 0x30),
    crls,
    ocspResponses,
    signerInfos: parts.signerInfos.map(signerInfoView),
    encoded: { certificates: parts.certificates, crls: parts.crls },
  };
}

/** The view of one SignerInfo. */
export function signerInfoView(signerInfo: SignerInfo): SignerInfoView {
  const digestAlgorithm = decodeDer(
    signerInfo.digestAlgorithm.der,
    AlgorithmIdentifier,
    'SignerInfo digestAlgorithm',
    BER,
  );
  // RFC 5652 5.3: signed attributes are DER (the signature covers them); the rest may be BER.
  const signedAttributes = (signerInfo.signedAttrs?.encodings() ?? []).map((der) =>
    attributeView(der, {}),
  );
  const unsignedAttributes = (signerInfo.unsignedAttrs?.encodings() ?? []).map((der) =>
    attributeView(der, BER),
  );
  const single = (type: string): Uint8Array | undefined => singleValue(signedAttributes, type);
  const contentType = single(oid.OID_AA_CONTENT_TYPE);
  const messageDigest = single(oid.OID_AA_MESSAGE_DIGEST);
  const signingTime = single(oid.OID_AA_SIGNING_TIME);
  const signingCertificateV2 = single(oid.OID_AA_SIGNING_CERTIFICATE_V2);
  return {
    der: toDer(signerInfo),
    version: signerInfo.version,
    sid: signerIdentifierView(signerInfo.sid.der),
    digestAlgorithm,
    digestHash: hashFromOid(digestAlgorithm.algorithm),
    signatureAlgorithm: decodeDer(
      signerInfo.signatureAlgorithm.der,
      AlgorithmIdentifier,
      'SignerInfo signatureAlgorithm',
      BER,
    ),
    signature: new Uint8Array(signerInfo.signature.buffer),
    signedAttributesDer: signerInfo.signedAttrs && toDer(signerInfo.signedAttrs),
    signedAttributes,
    unsignedAttributes,
    contentType: contentType && attributeValue(contentType, 'content-type', decodeObjectIdentifier),
    messageDigest:
      messageDigest && attributeValue(messageDigest, 'message-digest', decodeOctetString),
    signingTime: signingTime && attributeValue(signingTime, 'signing-time', decodeTime),
    signingCertificateV2:
      signingCertificateV2 &&
      attributeValue(signingCertificateV2, 'signing-certificate-v2', decodeSigningCertificateV2),
    signatureTimestamps: valuesOf(unsignedAttributes, oid.OID_AA_SIGNATURE_TIME_STAMP_TOKEN),
    archiveTimestamps: valuesOf(unsignedAttributes, oid.OID_AA_ARCHIVE_TIME_STAMP_V3),
    tlogProofs: valuesOf(unsignedAttributes, oid.OID_SIGNET_AA_TLOG_PROOF),
  };
}

const valuesOf = (attributes: readonly AttributeView[], type: string): Uint8Array[] =>
  attributes.filter((a) => a.type === type).flatMap((a) => a.values);

/** What the fields of a SignerInfo outside its signed attributes are read as (RFC 5652 section 1). */
const BER: DecodeOptions = { ber: true };

function attributeView(der: Uint8Array, options: DecodeOptions): AttributeView {
  const attribute = decodeDer(der, Attribute, 'CMS Attribute', options);
  return { type: attribute.attrType, values: attribute.attrValues.encodings() };
}

/**
 * The value of an attribute that may appear once with one value (RFC 5652 11.1-11.3, RFC 5035 3).
 */
function singleValue(attributes: readonly AttributeView[], type: string): Uint8Array | undefined {
  const found = attributes.filter((a) => a.type === type);
  if (found.length === 0) return undefined;
  const value = found[0]?.values[0];
  if (found.length > 1 || found[0]?.values.length !== 1 || !value) {
    throw new CmsError(
      'INVALID_ATTRIBUTE',
      `The signed attribute ${type} must appear once, with one value.`,
    );
  }
  return value;
}

function attributeValue<T>(
  der: Uint8Array,
  name: string,
  decode: (der: Uint8Array, what: string) => T,
): T {
  try {
    return decode(der, `${name} attribute value`);
  } catch (cause) {
    throw new CmsError('INVALID_ATTRIBUTE', `The ${name} attribute value is malformed.`, { cause });
  }
}

const decodeTime = (der: Uint8Array, what: string): Date => decodeDer(der, Time, what).getTime();
const decodeSigningCertificateV2 = (der: Uint8Array, what: string): SigningCertificateV2 =>
  decodeDer(der, SigningCertificateV2, what);

function signerIdentifierView(der: Uint8Array): SignerIdentifierView {
  const sid = decodeDer(der, SignerIdentifier, 'SignerInfo sid', BER);
  if (sid.issuerAndSerialNumber) {
    return {
      kind: 'issuerAndSerialNumber',
      issuer: toDer(sid.issuerAndSerialNumber.issuer),
      serialNumber: new Uint8Array(sid.issuerAndSerialNumber.serialNumber),
    };
  }
  if (sid.subjectKeyIdentifier) {
    return {
      kind: 'subjectKeyIdentifier',
      subjectKeyIdentifier: new Uint8Array(sid.subjectKeyIdentifier.buffer),
    };
  }
  throw new FormatError('MALFORMED_DER', 'The SignerInfo sid names no signer.');
}
