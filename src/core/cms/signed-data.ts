/**
 * SignedData assembly and its inverse (RFC 5652 section 5), shared by signing and by the steps
 * that extend a signature later (unsigned attributes, validation data).
 */
import * as asn1js from 'asn1js';
import { ContentInfo, SignedData, type SignerInfo } from '../asn1/cms';
import { decodeDer, decodeDerTree, decodeExplicitContent, decodeOctetString } from '../asn1/decode';
import { sortedByEncoding } from '../asn1/der-element';
import { contextTag, integer, objectIdentifier, TAG, tlv } from '../asn1/der-writer';
import { encodeSignerInfo } from './signer-info';
import { OID_CT_DATA, OID_CT_SIGNED_DATA } from '../oid';
import { CmsError } from './errors';

/** Room for a CMS carrying CRLs with tens of thousands of entries (B-LT). */
export const CMS_MAX_NODES = 500_000;

export interface SignedDataParts {
  /** eContentType (RFC 5652 5.2); id-data for a signed document. */
  contentType: string;
  /** eContent; absent in a detached signature. Written as a primitive OCTET STRING (DER). */
  content?: Uint8Array;
  /** CertificateChoices DER; an X.509 Certificate is one. */
  certificates: readonly Uint8Array[];
  /** RevocationInfoChoice DER: a CertificateList, or `other` such as an OCSP response. */
  crls: readonly Uint8Array[];
  signerInfos: readonly SignerInfo[];
}

/**
 * ContentInfo DER of a SignedData. Sets are written in DER order (X.690 11.6) without
 * duplicates; digestAlgorithms are those of the signers (RFC 5652 5.1). Written with the DER
 * writer around the parts, which are encoded already (certificates, CRLs, AlgorithmIdentifiers):
 * through asn1-schema every certificate was copied at each level of the tree, a third of a
 * signature's time (bench/README.md). test/core/cms/signed-data-writer.test.ts encodes random
 * parts both ways, this and the declared classes, and requires the same bytes.
 */
export function encodeSignedData(parts: SignedDataParts): Uint8Array {
  const certificates = sortedByEncoding(parts.certificates);
  const crls = sortedByEncoding(parts.crls);
  const digestAlgorithms = sortedByEncoding(parts.signerInfos.map((s) => s.digestAlgorithm.der));
  const encapContentInfo = tlv(
    TAG.SEQUENCE,
    objectIdentifier(parts.contentType),
    ...(parts.content === undefined
      ? []
      : [tlv(contextTag(0, true), tlv(TAG.OCTET_STRING, parts.content))]),
  );
  const signedData = tlv(
    TAG.SEQUENCE,
    integer(signedDataVersion(parts, certificates, crls)),
    tlv(TAG.SET, ...digestAlgorithms),
    encapContentInfo,
    // certificates [0] IMPLICIT and crls [1] IMPLICIT SET OF: constructed, tags 0xa0 and 0xa1.
    ...(certificates.length > 0 ? [tlv(contextTag(0, true), ...certificates)] : []),
    ...(crls.length > 0 ? [tlv(contextTag(1, true), ...crls)] : []),
    // SignerInfos in the order given, as the declared SET OF wrote them.
    tlv(TAG.SET, ...parts.signerInfos.map(encodeSignerInfo)),
  );
  return new Uint8Array(
    tlv(TAG.SEQUENCE, OID_SIGNED_DATA_DER, tlv(contextTag(0, true), signedData)),
  );
}

const OID_SIGNED_DATA_DER = objectIdentifier(OID_CT_SIGNED_DATA);

export interface DecodedSignedData extends SignedDataParts {
  /** The version as received; encodeSignedData derives it again from the parts. */
  version: number;
}

/** The parts of a ContentInfo holding a SignedData with at least one SignerInfo. */
export function decodeSignedData(der: Uint8Array): DecodedSignedData {
  // RFC 5652 section 1: CMS is BER; PDFBox and `openssl cms -stream` write indefinite lengths.
  const limits = { maxNodes: CMS_MAX_NODES, ber: true };
  const { value: contentInfo, tree } = decodeDerTree(der, ContentInfo, 'CMS ContentInfo', limits);
  if (contentInfo.contentType !== OID_CT_SIGNED_DATA) {
    throw new CmsError(
      'NOT_SIGNED_DATA',
      `The CMS content type is ${contentInfo.contentType}, not SignedData.`,
    );
  }
  // The SignedData was decoded with its ContentInfo: it is read from that tree, not decoded again.
  const content = tree instanceof asn1js.Sequence ? tree.valueBlock.value[1] : undefined;
  const signedData =
    decodeExplicitContent(content, SignedData, 'CMS SignedData') ??
    decodeDer(contentInfo.content.der, SignedData, 'CMS SignedData', limits);
  if (signedData.signerInfos.length === 0) {
    throw new CmsError('NO_SIGNER_INFO', 'The CMS SignedData has no SignerInfo.');
  }
  const { eContent, eContentType } = signedData.encapContentInfo;
  return {
    version: signedData.version,
    contentType: eContentType,
    content: eContent && decodeOctetString(eContent.der, 'CMS eContent', { ber: true }),
    certificates: signedData.certificates?.encodings() ?? [],
    crls: signedData.crls?.encodings() ?? [],
    signerInfos: [...signedData.signerInfos],
  };
}

// Tags of the CHOICE alternatives that decide the version (RFC 5652 10.2.2, 10.2.1).
const CERT_V1_ATTR = 0xa1;
const CERT_V2_ATTR = 0xa2;
const CERT_OTHER = 0xa3;
const CRL_OTHER = 0xa1;

/** SignedData version (RFC 5652 5.1). */
function signedDataVersion(
  parts: SignedDataParts,
  certificates: readonly Uint8Array[],
  crls: readonly Uint8Array[],
): number {
  const certTags = new Set(certificates.map((c) => c[0]));
  if (certTags.has(CERT_OTHER) || crls.some((c) => c[0] === CRL_OTHER)) return 5;
  if (certTags.has(CERT_V2_ATTR)) return 4;
  if (
    certTags.has(CERT_V1_ATTR) ||
    parts.signerInfos.some((s) => s.version === 3) ||
    parts.contentType !== OID_CT_DATA
  ) {
    return 3;
  }
  return 1;
}

/**
 * The same signature without the document it encloses: eContent is OPTIONAL and a detached
 * signature omits it (RFC 5652 5.2). The SignerInfos are copied as decoded, so what was signed
 * (the signed attributes with their message-digest, RFC 5652 5.4) and the signature value are
 * untouched; the result is DER whatever the input's encoding (BER from a streaming writer such as
 * `openssl cms -sign -stream`). A verifier can then be sent the signature and the document's
 * digest, never the document.
 */
export function withoutContent(der: Uint8Array): Uint8Array {
  const { version: _version, ...parts } = decodeSignedData(der);
  return encodeSignedData({ ...parts, content: undefined });
}

/**
 * The same signature enclosing `content` (RFC 5652 5.2 eContent): a signature made detached over
 * the content's digest becomes an enveloping one without touching what was signed.
 */
export function withContent(der: Uint8Array, content: Uint8Array): Uint8Array {
  const { version: _version, ...parts } = decodeSignedData(der);
  return encodeSignedData({ ...parts, content });
}
