import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Certificate } from '@peculiar/asn1-x509';
import { OctetString } from '@peculiar/asn1-schema';
import { decodeDer, decodeOctetString } from '../../../src/core/asn1/decode';
import { FormatError } from '../../../src/core/errors';
import { OcspError } from '../../../src/core/ocsp';
import { derFromPemOrDer } from '../../../src/core/encoding';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

/** A certificate from the repository's fixtures (certs/README.md), as PEM text and as DER. */
const pemText = readFileSync(join(__dirname, '../../../certs/foreign-root.pem'));
const certificateDer = derFromPemOrDer(pemText, 'CERTIFICATE');

/** The FormatError code decodeDer throws for `input`, or 'decoded'. */
function outcome(input: Uint8Array, ber = false): string {
  try {
    decodeDer(input, OctetString, 'value', { ber });
    return 'decoded';
  } catch (error) {
    if (error instanceof FormatError) return error.code;
    throw error;
  }
}

describe('the strict decoder (core/asn1/decode.ts)', () => {
  describe('when given DER', () => {
    it('decodes the one element', () => {
      const value = decodeDer(bytes(0x04, 0x02, 0xab, 0xcd), OctetString, 'value');
      expect(Buffer.from(value.buffer).toString('hex')).toBe('abcd');
    });

    it('decodes a certificate', () => {
      const cert = decodeDer(certificateDer, Certificate, 'certificate');
      expect(cert.tbsCertificate.serialNumber.byteLength).toBeGreaterThan(0);
    });
  });

  describe('refuses, as MALFORMED_DER', () => {
    it('PEM text (RFC 7468) where DER is expected', () => {
      const pem = new Uint8Array(pemText);
      expect(() => decodeDer(pem, Certificate, 'certificate')).toThrow(/PEM/);
      expect(outcome(pem)).toBe('MALFORMED_DER');
    });

    it('a byte after the element', () => {
      expect(outcome(bytes(0x04, 0x01, 0x00, 0x00))).toBe('MALFORMED_DER');
      expect(outcome(bytes(0x04, 0x01, 0x00, 0x00), true)).toBe('MALFORMED_DER');
    });

    it.each([
      ['a truncated value', [0x04, 0x03, 0x01]],
      ['a truncated length', [0x04, 0x82, 0x01]],
      ['an element longer than its parent', [0x30, 0x03, 0x04, 0x05, 0x00, 0x00, 0x00]],
      ['no bytes at all', []],
    ])('%s', (_what, input) => {
      expect(outcome(Uint8Array.from(input))).toBe('MALFORMED_DER');
      expect(outcome(Uint8Array.from(input), true)).toBe('MALFORMED_DER');
    });

    it('a shape that is not the declared type', () => {
      expect(outcome(bytes(0x02, 0x01, 0x05))).toBe('MALFORMED_DER');
    });
  });

  describe('BER that is not DER (X.690 10.1, 10.2)', () => {
    it.each([
      ['an indefinite length', [0x24, 0x80, 0x04, 0x01, 0xab, 0x00, 0x00]],
      ['a long-form length under 128', [0x04, 0x81, 0x01, 0xab]],
      ['a length with a leading zero octet', [0x04, 0x82, 0x00, 0x01, 0xab]],
      ['a constructed OCTET STRING', [0x24, 0x03, 0x04, 0x01, 0xab]],
    ])('is refused with %s unless the caller asks for BER', (_what, input) => {
      const der = Uint8Array.from(input);
      expect(outcome(der)).toBe('MALFORMED_DER');
      expect(outcome(der, true)).toBe('decoded');
      expect(Buffer.from(decodeOctetString(der, 'value', { ber: true })).toString('hex')).toBe(
        'ab',
      );
      expect(() => decodeOctetString(der, 'value')).toThrow(FormatError);
    });

    it('is refused inside a SEQUENCE too', () => {
      // SEQUENCE { OCTET STRING with a two-octet length for one byte }
      expect(() =>
        decodeDer(bytes(0x30, 0x05, 0x04, 0x82, 0x00, 0x01, 0xab), Certificate, 'certificate'),
      ).toThrow(/not valid DER/);
    });

    it('answers deep nesting with an error, not a stack overflow', () => {
      const depth = 100_000;
      const deep = new Uint8Array(depth * 2);
      for (let i = 0; i < depth; i++) {
        deep[i * 2] = 0x30;
        deep[i * 2 + 1] = 0x80;
      }
      expect(outcome(deep)).toBe('MALFORMED_DER');
    });
  });

  describe('with a caller-given error', () => {
    it('throws that error, the decoder failure as its cause', () => {
      const fail = (message: string, cause?: unknown): never => {
        throw new OcspError('MALFORMED_RESPONSE', message, { cause });
      };
      expect(() => decodeDer(bytes(0x04, 0x01), OctetString, 'value', { fail })).toThrow(OcspError);
    });
  });
});
