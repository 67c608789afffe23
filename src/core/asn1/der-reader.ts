/**
 * The DER tokenizer (X.690 8.1 with the DER restrictions of 10.1): the one reader of identifier
 * and length octets under every strict decode (decode.ts checks a whole encoding with it before
 * asn1js builds the tree) and, directly, on the OCSP responder's hot path, where
 * @peculiar/asn1-schema parses an OCSPRequest at about 12k/s and this reader takes microseconds.
 * Every length is checked against its enclosing TLV; indefinite lengths (BER only), long-form
 * lengths that are not the shortest (10.1) and high tag numbers (not used by the structures read
 * this way outside opaque fields) are refused through `fail`.
 */
import { readHeader } from './ber-length';

export interface Tlv {
  tag: number;
  /** The contents octets. */
  contents: Uint8Array;
  /** The whole TLV: identifier, length and contents octets. */
  encoded: Uint8Array;
}

export class DerReader {
  private position = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly fail: (message: string) => never,
  ) {}

  get done(): boolean {
    return this.position >= this.bytes.length;
  }

  /** The next TLV, whatever its tag. */
  read(what: string): Tlv {
    const start = this.position;
    const tag = this.bytes[start] ?? 0;
    if ((tag & 0x1f) === 0x1f) this.fail(`The ${what} has an unsupported high tag number.`);
    const header = readHeader(this.bytes, start);
    if (!header) return this.fail(`The ${what} is truncated.`);
    if (header.length === undefined) this.fail(`The ${what} has no definite DER length.`);
    if (!header.minimalLength) this.fail(`The ${what} has a length that is not DER (X.690 10.1).`);
    const end = header.contentStart + (header.length ?? 0);
    if (end > this.bytes.length) this.fail(`The ${what} is truncated.`);
    this.position = end;
    return {
      tag,
      contents: this.bytes.subarray(header.contentStart, end),
      encoded: this.bytes.subarray(start, end),
    };
  }

  /** The next TLV, which must have this tag. */
  expect(tag: number, what: string): Tlv {
    const field = this.read(what);
    if (field.tag !== tag) this.fail(`The ${what} has tag 0x${field.tag.toString(16)}.`);
    return field;
  }

  /** The next TLV if it has this tag (an OPTIONAL or DEFAULT field), else nothing is read. */
  optional(tag: number, what: string): Tlv | undefined {
    return !this.done && this.bytes[this.position] === tag ? this.read(what) : undefined;
  }

  /** Fails when anything is left: DER has no trailing data inside or after a TLV. */
  end(what: string): void {
    if (!this.done) this.fail(`The ${what} has unexpected trailing data.`);
  }
}
