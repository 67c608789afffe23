/**
 * ATSHashIndexV3 (ETSI EN 319 122-1 5.5.2) written and read back: every hash of each list stays
 * itself. asn1-schema 2.11.1 reads a repeated asn1-schema OctetString class into one shared
 * instance, so a list [a, b] came back as [b, b] and an archive time-stamp's index no longer
 * covered the first CRL or certificate (a changed one went unnoticed).
 */
import { createHash } from 'node:crypto';
import { AtsHashIndexV3 } from '../../../src/core/asn1/ats';
import { decodeDer } from '../../../src/core/asn1/decode';
import { toDer } from '../../../src/core/encoding';

const hashOf = (text: string): ArrayBuffer =>
  new Uint8Array(createHash('sha256').update(text).digest()).buffer;
const hex = (list: ArrayBuffer[]) => list.map((b) => Buffer.from(b).toString('hex'));

describe('ATSHashIndexV3', () => {
  it('reads back each hash of each list, in order', () => {
    const index = new AtsHashIndexV3({
      certificatesHashIndex: ['root', 'issuing', 'signer'].map(hashOf),
      crlsHashIndex: ['issuing.crl', 'root.crl'].map(hashOf),
      unsignedAttrValuesHashIndex: [hashOf('signature-time-stamp')],
    });
    const read = decodeDer(toDer(index), AtsHashIndexV3, 'ats-hash-index-v3');
    expect(hex(read.certificatesHashIndex)).toEqual(hex(index.certificatesHashIndex));
    expect(hex(read.crlsHashIndex)).toEqual(hex(index.crlsHashIndex));
    expect(hex(read.unsignedAttrValuesHashIndex)).toEqual(hex(index.unsignedAttrValuesHashIndex));
    expect(new Set(hex(read.certificatesHashIndex)).size).toBe(3);
  });
});
