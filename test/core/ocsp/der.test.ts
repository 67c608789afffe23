import { fromBER, type BaseBlock } from 'asn1js';
import { DerReader } from '../../../src/core/asn1/der-reader';
import { generalizedTime, tlv } from '../../../src/core/asn1/der-writer';

const fail = (message: string): never => {
  throw new Error(message);
};

describe('the DER writer of the OCSP responder', () => {
  it.each([0, 1, 127, 128, 255, 256, 65535, 65536, 70000])(
    'writes a %i-octet value with the length asn1js reads (X.690 8.1.3)',
    (n) => {
      const der = tlv(0x04, new Uint8Array(n).fill(7));
      const parsed = fromBER(der);
      expect(parsed.offset).toBe(der.length);
      expect((parsed.result as BaseBlock).valueBeforeDecodeView.length).toBe(der.length);
      expect(new DerReader(der, fail).expect(0x04, 'value').contents).toEqual(
        new Uint8Array(n).fill(7),
      );
    },
  );

  it('writes GeneralizedTime in whole seconds, Zulu (X.690 11.7)', () => {
    const der = generalizedTime(new Date('2051-02-03T04:05:06.789Z'));
    expect(Buffer.from(der).toString('latin1')).toBe('\x18\x0f20510203040506Z');
  });
});

describe('the DER reader of the OCSP responder', () => {
  it.each([
    ['an indefinite length', [0x30, 0x80, 0x00, 0x00]],
    ['a length of five octets', [0x04, 0x85, 0, 0, 0, 0, 1, 0]],
    ['a high tag number', [0x1f, 0x81, 0x00, 0x00]],
    ['a length beyond the data', [0x04, 0x82, 0x01, 0x00, 0x00]],
    ['a long-form length under 128 (X.690 10.1)', [0x04, 0x81, 0x01, 0x00]],
    ['a length with a leading zero octet', [0x04, 0x82, 0x00, 0x01, 0x00]],
  ])('refuses %s', (_what, bytes) => {
    expect(() => new DerReader(Uint8Array.from(bytes), fail).read('value')).toThrow();
  });
});
