/**
 * The PDF syntax parser (ISO 32000-1 7.2 lexical conventions, 7.3 objects, 7.3.10 indirect
 * objects). It reads one object at a time from a byte array, with every loop bounded by the input
 * and nesting bounded by MAX_DEPTH, so that hostile input ends in a MALFORMED_PDF error.
 */
import { malformed } from '../errors';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfObject } from './objects';

/** Deepest nesting of arrays and dictionaries accepted. */
const MAX_DEPTH = 100;

const CR = 0x0d;
const LF = 0x0a;

/** White-space characters (7.2.2, table 1). */
export function isWhiteSpace(c: number | undefined): boolean {
  return c === 0x00 || c === 0x09 || c === LF || c === 0x0c || c === CR || c === 0x20;
}

/** Delimiter characters (7.2.2, table 2). */
function isDelimiter(c: number | undefined): boolean {
  return (
    c === 0x28 ||
    c === 0x29 ||
    c === 0x3c ||
    c === 0x3e ||
    c === 0x5b ||
    c === 0x5d ||
    c === 0x7b ||
    c === 0x7d ||
    c === 0x2f ||
    c === 0x25
  );
}

function isRegular(c: number | undefined): boolean {
  return c !== undefined && !isWhiteSpace(c) && !isDelimiter(c);
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** An indirect object as read from the file, with the position after its `endobj`. */
export interface IndirectObject {
  ref: PdfRef;
  value: PdfObject;
  end: number;
}

/** Resolves an indirect /Length of a stream; undefined when it cannot be known. */
export type LengthResolver = (ref: PdfRef) => number | undefined;

export class PdfParser {
  pos = 0;

  /**
   * @param bytes the input.
   * @param trackSpans record where strings lie (true for the file itself, false for data decoded
   *   from an object stream, whose offsets are not file offsets).
   */
  constructor(
    readonly bytes: Uint8Array,
    private readonly trackSpans = true,
  ) {}

  /** Skips white space and comments (7.2.3). */
  skipWhiteSpace(): void {
    const b = this.bytes;
    while (this.pos < b.length) {
      const c = b[this.pos];
      if (isWhiteSpace(c)) this.pos += 1;
      else if (c === 0x25) {
        while (this.pos < b.length && b[this.pos] !== CR && b[this.pos] !== LF) this.pos += 1;
      } else return;
    }
  }

  /** Reads a keyword or other run of regular characters, or '' at a delimiter. */
  readToken(): string {
    this.skipWhiteSpace();
    const start = this.pos;
    while (isRegular(this.bytes[this.pos])) this.pos += 1;
    return latin1(this.bytes.subarray(start, this.pos));
  }

  /** Reads the keyword `word` or fails. */
  expectKeyword(word: string): void {
    const at = this.pos;
    const token = this.readToken();
    if (token !== word) throw malformed(`Expected "${word}" at offset ${at}.`);
  }

  /** Whether the next token is the keyword `word` (consumed when it is). */
  acceptKeyword(word: string): boolean {
    const at = this.pos;
    if (this.readToken() === word) return true;
    this.pos = at;
    return false;
  }

  /** Reads a non-negative integer token. */
  readUnsigned(): number {
    this.skipWhiteSpace();
    const start = this.pos;
    while (isDigit(this.bytes[this.pos])) this.pos += 1;
    if (this.pos === start || this.pos - start > 15 || isRegular(this.bytes[this.pos])) {
      throw malformed(`Expected a non-negative integer at offset ${start}.`);
    }
    return Number(latin1(this.bytes.subarray(start, this.pos)));
  }

  /** Reads any direct object (7.3); an `N G R` triple becomes a PdfRef. */
  readObject(depth = 0): PdfObject {
    if (depth > MAX_DEPTH) throw malformed(`Objects nest deeper than ${MAX_DEPTH} levels.`);
    this.skipWhiteSpace();
    const b = this.bytes;
    const c = b[this.pos];
    if (c === undefined) throw malformed('The file ends inside an object.');
    if (c === 0x2f) return this.readName();
    if (c === 0x28) return this.readLiteralString();
    if (c === 0x5b) return this.readArray(depth);
    if (c === 0x3c) return b[this.pos + 1] === 0x3c ? this.readDict(depth) : this.readHexString();
    if (isDigit(c) || c === 0x2b || c === 0x2d || c === 0x2e) return this.readNumberOrRef();
    const at = this.pos;
    const token = this.readToken();
    if (token === 'true') return true;
    if (token === 'false') return false;
    if (token === 'null') return null;
    throw malformed(`Unexpected "${token || String.fromCharCode(c)}" at offset ${at}.`);
  }

  /** Reads `N G obj` ... `endobj` at the current position (7.3.10), streams included (7.3.8). */
  readIndirectObject(resolveLength: LengthResolver): IndirectObject {
    const num = this.readUnsigned();
    const gen = this.readUnsigned();
    this.expectKeyword('obj');
    let value = this.readObject();
    if (value instanceof PdfDict && this.acceptKeyword('stream')) {
      value = new PdfStream(value, this.readStreamData(value, resolveLength));
    }
    if (!this.acceptKeyword('endobj')) {
      throw malformed(`Object ${num} ${gen} does not end with "endobj" (offset ${this.pos}).`);
    }
    return { ref: new PdfRef(num, gen), value, end: this.pos };
  }

  /**
   * The data after the `stream` keyword: the keyword is followed by CRLF or LF (7.3.8.1); the
   * data is /Length bytes long, or, when /Length is wrong or unknown, runs to `endstream`.
   */
  private readStreamData(dict: PdfDict, resolveLength: LengthResolver): Uint8Array {
    const b = this.bytes;
    if (b[this.pos] === CR) this.pos += 1;
    if (b[this.pos] === LF) this.pos += 1;
    const start = this.pos;
    const lengthObj = dict.get('Length');
    const length = lengthObj instanceof PdfRef ? resolveLength(lengthObj) : lengthObj;
    if (typeof length === 'number' && Number.isInteger(length) && length >= 0) {
      const end = start + length;
      if (end <= b.length) {
        this.pos = end;
        if (this.acceptKeyword('endstream')) return b.subarray(start, end);
      }
    }
    const found = indexOf(b, ENDSTREAM, start);
    if (found < 0) throw malformed(`A stream at offset ${start} has no "endstream".`);
    let end = found;
    if (b[end - 1] === LF) end -= 1;
    if (b[end - 1] === CR) end -= 1;
    this.pos = found + ENDSTREAM.length;
    return b.subarray(start, Math.max(start, end));
  }

  private readName(): PdfName {
    this.pos += 1;
    const start = this.pos;
    while (isRegular(this.bytes[this.pos])) this.pos += 1;
    const raw = latin1(this.bytes.subarray(start, this.pos));
    // 7.3.5: a # followed by two hexadecimal digits stands for that character.
    return new PdfName(
      raw.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    );
  }

  private readNumberOrRef(): PdfObject {
    const start = this.pos;
    const token = this.readToken();
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(token)) {
      throw malformed(`"${token}" at offset ${start} is not a number.`);
    }
    const value = Number(token);
    if (!Number.isFinite(value)) throw malformed(`The number at offset ${start} is out of range.`);
    if (/^\d+$/.test(token)) {
      // An indirect reference is `N G R` (7.3.10): look ahead, and step back when it is not one.
      const after = this.pos;
      const gen = this.readToken();
      if (/^\d+$/.test(gen) && this.readToken() === 'R') return new PdfRef(value, Number(gen));
      this.pos = after;
    }
    return value;
  }

  /** A literal string (7.3.4.2): balanced parentheses, backslash escapes, EOLs read as LF. */
  private readLiteralString(): PdfString {
    const b = this.bytes;
    const start = this.pos;
    this.pos += 1;
    const out: number[] = [];
    let nesting = 1;
    while (this.pos < b.length) {
      const c = b[this.pos++] as number;
      if (c === 0x5c) {
        const e = b[this.pos++];
        if (e === undefined) break;
        const simple = ESCAPES[e];
        if (simple !== undefined) out.push(simple);
        else if (e >= 0x30 && e <= 0x37) {
          let v = e - 0x30;
          for (let i = 0; i < 2 && (b[this.pos] ?? 0) >= 0x30 && (b[this.pos] ?? 0) <= 0x37; i++) {
            v = v * 8 + ((b[this.pos++] as number) - 0x30);
          }
          out.push(v & 0xff);
        } else if (e === CR) {
          if (b[this.pos] === LF) this.pos += 1;
        } else if (e !== LF) out.push(e);
      } else if (c === 0x28) {
        nesting += 1;
        out.push(c);
      } else if (c === 0x29) {
        nesting -= 1;
        if (nesting === 0) return this.string(new Uint8Array(out), false, start);
        out.push(c);
      } else if (c === CR) {
        if (b[this.pos] === LF) this.pos += 1;
        out.push(LF);
      } else out.push(c);
    }
    throw malformed(`A string at offset ${start} is not closed.`);
  }

  /** A hexadecimal string (7.3.4.3): white space ignored, an odd last digit followed by 0. */
  private readHexString(): PdfString {
    const b = this.bytes;
    const start = this.pos;
    const close = b.indexOf(0x3e, start);
    if (close < 0) throw malformed(`A hexadecimal string at offset ${start} is not closed.`);
    this.pos += 1;
    const out = new Uint8Array(Math.ceil((close - this.pos) / 2));
    let n = 0;
    let high = -1;
    while (this.pos <= close) {
      const c = b[this.pos++] as number;
      if (c === 0x3e) {
        if (high >= 0) out[n++] = high << 4;
        // No copy when every byte was used: a signature's /Contents may be tens of megabytes.
        return this.string(n === out.length ? out : out.slice(0, n), true, start);
      }
      if (isWhiteSpace(c)) continue;
      const v = hexValue(c);
      if (v < 0) throw malformed(`A hexadecimal string at offset ${start} holds a non-hex digit.`);
      if (high < 0) high = v;
      else {
        out[n++] = (high << 4) | v;
        high = -1;
      }
    }
    throw malformed(`A hexadecimal string at offset ${start} is not closed.`);
  }

  private string(bytes: Uint8Array, hex: boolean, start: number): PdfString {
    return new PdfString(bytes, hex, this.trackSpans ? { start, end: this.pos } : undefined);
  }

  private readArray(depth: number): PdfObject[] {
    const start = this.pos;
    this.pos += 1;
    const items: PdfObject[] = [];
    for (;;) {
      this.skipWhiteSpace();
      const c = this.bytes[this.pos];
      if (c === undefined) throw malformed(`An array at offset ${start} is not closed.`);
      if (c === 0x5d) {
        this.pos += 1;
        return items;
      }
      items.push(this.readObject(depth + 1));
    }
  }

  private readDict(depth: number): PdfDict {
    const start = this.pos;
    this.pos += 2;
    const entries: [string, PdfObject][] = [];
    for (;;) {
      this.skipWhiteSpace();
      const c = this.bytes[this.pos];
      if (c === undefined) throw malformed(`A dictionary at offset ${start} is not closed.`);
      if (c === 0x3e && this.bytes[this.pos + 1] === 0x3e) {
        this.pos += 2;
        return new PdfDict(entries);
      }
      if (c !== 0x2f) throw malformed(`A dictionary key at offset ${this.pos} is not a name.`);
      const key = this.readName().value;
      entries.push([key, this.readObject(depth + 1)]);
    }
  }
}

const ESCAPES: Record<number, number> = {
  0x6e: LF, // \n
  0x72: CR, // \r
  0x74: 0x09, // \t
  0x62: 0x08, // \b
  0x66: 0x0c, // \f
  0x28: 0x28, // \(
  0x29: 0x29, // \)
  0x5c: 0x5c, // \\
};

const ENDSTREAM = ascii('endstream');

/** The bytes of a string of single-byte characters (keywords, numbers, hexadecimal digits). */
export function ascii(text: string): Uint8Array {
  const bytes = Buffer.from(text, 'latin1');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function latin1(bytes: Uint8Array): string {
  return asBuffer(bytes).toString('latin1');
}

/** First index of `needle` in `haystack` at or after `from`, or -1. */
export function indexOf(haystack: Uint8Array, needle: Uint8Array, from = 0): number {
  return asBuffer(haystack).indexOf(asBuffer(needle), from);
}

/** Last index of `needle` in `haystack` starting at or before `from`, or -1. */
export function lastIndexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  if (from < 0) return -1;
  return asBuffer(haystack).lastIndexOf(asBuffer(needle), from);
}

/** A Buffer over the same memory (no copy); the browser's Buffer searches only for Buffers. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
