/**
 * CAdES-B-LTA (ETSI EN 319 122-1 section 6.3): B-LT plus an archive-time-stamp-v3 (5.5.3) whose
 * message imprint covers the signed data's hash, the SignerInfo's signed fields and an
 * ats-hash-index-v3 (5.5.2) naming, by hash, every certificate, revocation value and unsigned
 * attribute value present. The index travels as an unsigned attribute of the time-stamp token's
 * own SignerInfo. A renewal is the same step again: the earlier archive time-stamps are unsigned
 * attribute values, so the new index covers them.
 */
import * as asn1js from 'asn1js';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { digest, hashFromOid, hashOid, type HashName } from '../../algorithms';
import { AtsHashIndexV3 } from '../../asn1/ats';
import { decodeDer } from '../../asn1/decode';
import { DerReader } from '../../asn1/der-reader';
import { toDer } from '../../encoding';
import { FormatError } from '../../errors';
import { OID_AA_ARCHIVE_TIME_STAMP_V3, OID_AA_ATS_HASH_INDEX_V3, OID_SHA256 } from '../../oid';
import { encodeAttribute } from '../attributes';
import { CmsError } from '../errors';
import { signerInfoView, type AttributeView } from '../parse';
import { decodeSignedData } from '../signed-data';
import { addUnsignedAttributes } from '../unsigned-attributes';
import { addValidationData, type ValidationData } from './baseline-lt';
import { checkTokenCovers, type TimestampSource } from './baseline-t';

/** What an archive-time-stamp-v3 of one SignerInfo is computed over (5.5.3). */
export interface ArchiveScope {
  /** SignedData.encapContentInfo.eContentType. */
  contentType: string;
  /** SignedData.certificates: each CertificateChoices DER. */
  certificates: readonly Uint8Array[];
  /** SignedData.crls: each RevocationInfoChoice DER. */
  crls: readonly Uint8Array[];
  /** The SignerInfo's DER. */
  signerInfoDer: Uint8Array;
  unsignedAttributes: readonly AttributeView[];
}

const oidDer = (value: string): Uint8Array =>
  new Uint8Array(new asn1js.ObjectIdentifier({ value }).toBER());

/** 5.5.2: each unsigned attribute value is indexed as the hash of attrType || AttributeValue. */
function unsignedValueInputs(attributes: readonly AttributeView[]): Uint8Array[] {
  return attributes.flatMap((a) => {
    const type = oidDer(a.type);
    return a.values.map((v) => Buffer.concat([type, v]));
  });
}

/** The ATSHashIndexV3 DER (5.5.2) of everything in `scope`, under `hash`. */
export function atsHashIndexV3(scope: ArchiveScope, hash: HashName): Uint8Array {
  const hashes = (items: readonly Uint8Array[]) =>
    items.map((item) => digest(hash, item).buffer as ArrayBuffer);
  return toDer(
    new AtsHashIndexV3({
      // DER leaves the DEFAULT (sha-256) out (X.690 11.5).
      hashIndAlgorithm: new AlgorithmIdentifier({ algorithm: hashOid(hash) }),
      certificatesHashIndex: hashes(scope.certificates),
      crlsHashIndex: hashes(scope.crls),
      unsignedAttrValuesHashIndex: hashes(unsignedValueInputs(scope.unsignedAttributes)),
    }),
  );
}

/**
 * The fields version, sid, digestAlgorithm, signedAttrs, signatureAlgorithm and signature of the
 * SignerInfo in their encoding, unsignedAttrs ([1]) left out (5.5.3 item 3).
 */
function signedFields(signerInfoDer: Uint8Array): Uint8Array {
  const fail = (message: string): never => {
    throw new FormatError(
      'MALFORMED_DER',
      `The SignerInfo cannot be read for its archive hash: ${message}`,
    );
  };
  const signerInfo = new DerReader(signerInfoDer, fail).expect(0x30, 'SignerInfo');
  const fields = new DerReader(signerInfo.contents, fail);
  const kept: Uint8Array[] = [];
  while (!fields.done) {
    const field = fields.read('SignerInfo field');
    // unsignedAttrs is [1] IMPLICIT SET OF: context-specific, constructed, tag number 1.
    if (field.tag !== 0xa1) kept.push(field.encoded);
  }
  if (kept.length < 5) fail('it has fewer than five fields');
  return Buffer.concat(kept);
}

/**
 * The data whose hash is an archive-time-stamp-v3's message imprint (5.5.3): eContentType, the
 * signed data's hash under the time-stamp's hash algorithm, the SignerInfo's signed fields, and the
 * ATSHashIndexV3 the token carries.
 */
export function archiveTimestampInput(
  scope: ArchiveScope,
  documentDigest: Uint8Array,
  indexDer: Uint8Array,
): Uint8Array {
  return Buffer.concat([
    oidDer(scope.contentType),
    documentDigest,
    signedFields(scope.signerInfoDer),
    indexDer,
  ]);
}

/** The hash algorithm an ATSHashIndexV3 names (sha-256 when left out). */
export function atsHashIndexAlgorithm(indexDer: Uint8Array): HashName | undefined {
  const index = decodeDer(indexDer, AtsHashIndexV3, 'ats-hash-index-v3');
  return hashFromOid(index.hashIndAlgorithm?.algorithm ?? OID_SHA256);
}

/**
 * The hashes an ATSHashIndexV3 lists that match nothing in `scope`: data the archive time-stamp
 * covered was taken away (5.5.2; more data may have been added since, by a renewal).
 */
export function missingFromIndex(indexDer: Uint8Array, scope: ArchiveScope): number {
  const index = decodeDer(indexDer, AtsHashIndexV3, 'ats-hash-index-v3');
  const hash = hashFromOid(index.hashIndAlgorithm?.algorithm ?? OID_SHA256);
  if (!hash) return Number.POSITIVE_INFINITY;
  const present = (items: readonly Uint8Array[]) =>
    new Set(items.map((i) => Buffer.from(digest(hash, i)).toString('hex')));
  const lists: [ArrayBuffer[], Set<string>][] = [
    [index.certificatesHashIndex, present(scope.certificates)],
    [index.crlsHashIndex, present(scope.crls)],
    [index.unsignedAttrValuesHashIndex, present(unsignedValueInputs(scope.unsignedAttributes))],
  ];
  return lists.reduce(
    (n, [listed, have]) =>
      n + listed.filter((h) => !have.has(Buffer.from(h).toString('hex'))).length,
    0,
  );
}

/** The ats-hash-index-v3 a time-stamp token's SignerInfo carries as an unsigned attribute. */
export function atsHashIndexOfToken(token: Uint8Array): Uint8Array | undefined {
  const signerInfo = decodeSignedData(token).signerInfos[0];
  if (!signerInfo) return undefined;
  const found = signerInfoView(signerInfo).unsignedAttributes.filter(
    (a) => a.type === OID_AA_ATS_HASH_INDEX_V3,
  );
  return found.length === 1 && found[0]?.values.length === 1 ? found[0].values[0] : undefined;
}

/**
 * The CMS with `data` added (a renewal's newer CRLs and certificates) and then an
 * archive-time-stamp-v3 on each SignerInfo, under the SignerInfo's digest algorithm: its
 * message-digest attribute is then the signed data's hash the imprint needs, so the document
 * itself is not needed (RFC 5652 5.4 ties the two once the signature verifies).
 */
export async function addArchiveTimestamp(
  cmsDer: Uint8Array,
  timestamp: TimestampSource,
  data: ValidationData = {},
): Promise<Uint8Array> {
  const unstamped = decodeSignedData(cmsDer).signerInfos.some(
    (s) => signerInfoView(s).signatureTimestamps.length === 0,
  );
  if (unstamped) {
    throw new CmsError(
      'NOT_ARCHIVABLE',
      'B-LTA extends a B-T or B-LT signature, and a SignerInfo has no signature time-stamp.',
    );
  }
  const withData = addValidationData(cmsDer, data);
  const parts = decodeSignedData(withData);
  return addUnsignedAttributes(withData, async (signerInfo) => {
    const hash = signerInfo.digestHash;
    if (!hash || !signerInfo.messageDigest) {
      throw new CmsError(
        'NOT_ARCHIVABLE',
        'An archive time-stamp needs a SignerInfo with a supported digest and a message-digest.',
      );
    }
    const scope: ArchiveScope = {
      contentType: parts.contentType,
      certificates: parts.certificates,
      crls: parts.crls,
      signerInfoDer: signerInfo.der,
      unsignedAttributes: signerInfo.unsignedAttributes,
    };
    const index = atsHashIndexV3(scope, hash);
    const imprint = digest(hash, archiveTimestampInput(scope, signerInfo.messageDigest, index));
    const token = await timestamp(imprint, hash);
    checkTokenCovers(token, hash, imprint);
    // The index goes into the token's SignerInfo unsigned: the TSA's signature is untouched.
    const indexed = await addUnsignedAttributes(token, async () => [
      encodeAttribute(OID_AA_ATS_HASH_INDEX_V3, [index]),
    ]);
    return [encodeAttribute(OID_AA_ARCHIVE_TIME_STAMP_V3, [indexed])];
  });
}
