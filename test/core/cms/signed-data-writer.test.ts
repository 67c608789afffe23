/**
 * encodeSignedData, encodeSignerInfo and encodeAttribute write with the DER writer (issue 16,
 * "templates for hot DER"). The declared classes they replaced stay the reference: 10,000 random
 * SignedData parts (with their SignerInfos) and 2,000 attributes are encoded both ways and must
 * give the same bytes, and what is written reads back as the parts.
 */
import { OctetString } from '@peculiar/asn1-schema';
import {
  Attribute,
  ContentInfo,
  EncapsulatedContentInfo,
  SignedData,
  SignerInfo,
  SignerInfos,
} from '../../../src/core/asn1/cms';
import { DerElement, derSetOf, sortedByEncoding } from '../../../src/core/asn1/der-element';
import { DerReader } from '../../../src/core/asn1/der-reader';
import { contextTag, objectIdentifier, TAG, tlv } from '../../../src/core/asn1/der-writer';
import { encodeAttribute } from '../../../src/core/cms/attributes';
import {
  decodeSignedData,
  encodeSignedData,
  type SignedDataParts,
} from '../../../src/core/cms/signed-data';
import { toDer } from '../../../src/core/encoding';
import { OID_CT_DATA, OID_CT_SIGNED_DATA } from '../../../src/core/oid';
import { seededRandom, type SeededRandom } from '../../helpers/seeded-random';

/** The encoding as the declared asn1-schema classes write it (the code before the writer). */
function declaredEncoding(parts: SignedDataParts, version: number): Uint8Array {
  const certificates = sortedByEncoding(parts.certificates);
  const crls = sortedByEncoding(parts.crls);
  const signedData = new SignedData({
    version,
    digestAlgorithms: derSetOf(
      sortedByEncoding(parts.signerInfos.map((s) => s.digestAlgorithm.der)),
    ),
    encapContentInfo: new EncapsulatedContentInfo({
      eContentType: parts.contentType,
      eContent:
        parts.content === undefined
          ? undefined
          : new DerElement(toDer(new OctetString(parts.content))),
    }),
    certificates: certificates.length > 0 ? derSetOf(certificates) : undefined,
    crls: crls.length > 0 ? derSetOf(crls) : undefined,
    signerInfos: new SignerInfos([...parts.signerInfos]),
  });
  return toDer(
    new ContentInfo({
      contentType: OID_CT_SIGNED_DATA,
      content: new DerElement(toDer(signedData)),
    }),
  );
}

/** SignedData.version as written (the declared encoding is given it: the writer derives it). */
function versionOf(contentInfo: Uint8Array): number {
  const fail = (message: string): never => {
    throw new Error(message);
  };
  const inner = (tlv: Uint8Array, tag: number) =>
    new DerReader(new DerReader(tlv, fail).expect(tag, 'element').contents, fail);
  const content = inner(contentInfo, TAG.SEQUENCE);
  content.read('contentType');
  const signedData = new DerReader(content.expect(contextTag(0, true), 'content').contents, fail);
  const fields = new DerReader(signedData.expect(TAG.SEQUENCE, 'SignedData').contents, fail);
  return fields.expect(TAG.INTEGER, 'version').contents[0] ?? -1;
}

const HASHES = ['2.16.840.1.101.3.4.2.1', '2.16.840.1.101.3.4.2.2', '1.2.156.10197.1.401'];
const CONTENT_TYPES = [OID_CT_DATA, '1.2.840.113549.1.9.16.1.4', '1.3.6.1.4.1.99999.1'];

function randomParts(r: SeededRandom): SignedDataParts {
  // Element sizes cross the one-, two- and three-octet length forms (X.690 8.1.3.5).
  const size = (): number =>
    r.below(200) === 0 ? 70_000 : r.pick([0, 1, 60, 127, 128, 200, 255, 256, 1000]);
  // Random octets inside an OCTET STRING: the element reads as DER (its tag decides its form).
  const element = (tag: number): Uint8Array =>
    tag & 0x20 ? tlv(tag, tlv(TAG.OCTET_STRING, r.bytes(size()))) : tlv(tag, r.bytes(size()));
  const algorithm = (oid: string): Uint8Array => tlv(TAG.SEQUENCE, objectIdentifier(oid));
  const signerInfos = Array.from(
    { length: 1 + r.below(3) },
    () =>
      new SignerInfo({
        // RFC 5652 uses 1 and 3; foreign input may carry anything (the writer's other path).
        version: r.below(10) === 0 ? r.pick([0, 127, 128, 255, 256, 70_000, -1]) : r.pick([1, 3]),
        sid: new DerElement(element(r.pick([TAG.SEQUENCE, contextTag(0, false)]))),
        digestAlgorithm: new DerElement(algorithm(r.pick(HASHES))),
        signedAttrs: r.below(4) === 0 ? undefined : derSetOf([element(TAG.SEQUENCE)]),
        signatureAlgorithm: new DerElement(algorithm('1.2.840.10045.4.3.2')),
        signature: new OctetString(r.bytes(r.pick([64, 72, 256, 512]))),
        unsignedAttrs: r.below(2) === 0 ? undefined : derSetOf([element(TAG.SEQUENCE)]),
      }),
  );
  const list = (tags: readonly number[]): Uint8Array[] =>
    Array.from({ length: r.below(4) }, () => element(r.pick(tags)));
  return {
    contentType: r.pick(CONTENT_TYPES),
    content: r.below(3) === 0 ? r.bytes(size()) : undefined,
    // CertificateChoices: a Certificate, or [1]/[2]/[3] alternatives (they decide the version).
    certificates: list([TAG.SEQUENCE, TAG.SEQUENCE, 0xa1, 0xa2, 0xa3]),
    crls: list([TAG.SEQUENCE, TAG.SEQUENCE, 0xa1]),
    signerInfos,
  };
}

describe('encodeSignedData (DER writer)', () => {
  it('writes the same bytes as the declared classes for 10,000 random parts', () => {
    const r = seededRandom(20261202);
    for (let i = 0; i < 10_000; i++) {
      const parts = randomParts(r);
      const written = Buffer.from(encodeSignedData(parts));
      const declared = Buffer.from(declaredEncoding(parts, versionOf(written)));
      if (!written.equals(declared)) {
        expect([i, written.toString('hex')]).toEqual([i, declared.toString('hex')]);
      }
    }
  });

  it('writes attributes as the declared Attribute class does', () => {
    const r = seededRandom(11);
    for (let i = 0; i < 2_000; i++) {
      const type = r.pick([...CONTENT_TYPES, ...HASHES]);
      const values = Array.from({ length: r.below(4) }, () =>
        tlv(TAG.OCTET_STRING, r.bytes(r.pick([0, 32, 127, 128, 300]))),
      );
      const declared = toDer(new Attribute({ attrType: type, attrValues: derSetOf(values) }));
      expect(Buffer.from(encodeAttribute(type, values))).toEqual(Buffer.from(declared));
    }
  });

  it('reads back as the parts it was given', () => {
    const r = seededRandom(7);
    for (let i = 0; i < 100; i++) {
      const parts = randomParts(r);
      const read = decodeSignedData(encodeSignedData(parts));
      expect(read.contentType).toBe(parts.contentType);
      expect(read.content && Buffer.from(read.content)).toEqual(
        parts.content && Buffer.from(parts.content),
      );
      expect(read.certificates.map((c) => Buffer.from(c))).toEqual(
        sortedByEncoding(parts.certificates).map((c) => Buffer.from(c)),
      );
      expect(read.crls.map((c) => Buffer.from(c))).toEqual(
        sortedByEncoding(parts.crls).map((c) => Buffer.from(c)),
      );
      expect(read.signerInfos.map((s) => Buffer.from(toDer(s)))).toEqual(
        parts.signerInfos.map((s) => Buffer.from(toDer(s))),
      );
    }
  });
});
