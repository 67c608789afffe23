/**
 * SM3 known answers (GB/T 32905-2016 Appendix A) on the server (OpenSSL through node:crypto) and
 * in the page's own SM3 (src/web/shims/sm3.ts), and the two agreeing on every length around the
 * 64-octet block and its padding boundary.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sm3 } from '../../../src/core/sm2/sm3';
import { createSm3 } from '../../../src/web/shims/sm3';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

const VECTORS: [string, Uint8Array, string][] = [
  // GB/T 32905-2016 A.1: "abc".
  ['A.1 "abc"', text('abc'), '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0'],
  // GB/T 32905-2016 A.2: "abcd" sixteen times (512 bits, so padding takes a block of its own).
  [
    'A.2 "abcd" x 16',
    text('abcd'.repeat(16)),
    'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
  ],
];

describe('SM3 (GB/T 32905)', () => {
  describe.each(VECTORS)('example %s', (_name, input, expected) => {
    it('gives the standard value on the server', () => {
      expect(hex(sm3(input))).toBe(expected);
    });
    it("gives the standard value in the page's SM3", () => {
      const h = createSm3();
      h.update(input);
      expect(hex(h.digest())).toBe(expected);
    });
  });

  it("agrees with OpenSSL's SM3 for every length from 0 to 200 octets, fed in pieces", () => {
    for (let length = 0; length <= 200; length++) {
      const data = randomBytes(length);
      const h = createSm3();
      const cut = length >> 1;
      h.update(data.subarray(0, cut));
      h.update(data.subarray(cut));
      expect(hex(h.digest())).toBe(createHash('sm3').update(data).digest('hex'));
    }
  });
});
