/**
 * A bounded DER reader (X.690 8.1) for the OCSP request, the responder's untrusted hot-path input:
 * @peculiar/asn1-schema parses an OCSPRequest at about 12k/s, this reader in a few microseconds.
 * Every length is checked against its enclosing TLV; indefinite lengths (BER only) and high tag
 * numbers (not used by RFC 6960 outside opaque fields) are refused through `fail`.
 */
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
    const end = this.bytes.length;
    if (end - start < 2) this.fail(`The ${what} is truncated.`);
    const tag = this.bytes[start] ?? 0;
    if ((tag & 0x1f) === 0x1f) this.fail(`The ${what} has an unsupported high tag number.`);
    let length = this.bytes[start + 1] ?? 0;
    let offset = start + 2;
    if (length >= 0x80) {
      const count = length & 0x7f;
      if (count === 0 || count > 4) this.fail(`The ${what} has no definite DER length.`);
      if (end - offset < count) this.fail(`The ${what} is truncated.`);
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + (this.bytes[offset + i] ?? 0);
      offset += count;
    }
    if (end - offset < length) this.fail(`The ${what} is truncated.`);
    this.position = offset + length;
    return {
      tag,
      contents: this.bytes.subarray(offset, offset + length),
      encoded: this.bytes.subarray(start, offset + length),
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
