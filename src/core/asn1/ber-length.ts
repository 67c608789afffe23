/**
 * Where a BER element ends (X.690 8.1), for data followed by something else: a CMS in a PDF's
 * /Contents is followed by zero padding, and writers such as PDFBox encode it with indefinite
 * lengths (8.1.3.6), whose contents run to end-of-contents octets (8.1.5) with any nesting.
 * The walk only moves forward, at least two bytes a step, and nests at most MAX_DEPTH deep.
 */

/** Deepest nesting of indefinite-length elements accepted. */
const MAX_DEPTH = 64;
/** Longest tag number (8.1.2.4) and length (8.1.3.5) read, in octets. */
const MAX_TAG_OCTETS = 5;
const MAX_LENGTH_OCTETS = 4;

export interface Header {
  constructed: boolean;
  /** Undefined for the indefinite form. */
  length?: number;
  contentStart: number;
  /** Whether the identifier uses the high-tag-number form (8.1.2.4). */
  highTag: boolean;
  /** Whether the length octets are the fewest that encode the length (DER, X.690 10.1). */
  minimalLength: boolean;
}

/** The length in bytes of the BER element at the start of `bytes`, or undefined if it is cut. */
export function berElementLength(bytes: Uint8Array): number | undefined {
  let pos = 0;
  let depth = 0;
  do {
    if (depth > 0 && bytes[pos] === 0x00 && bytes[pos + 1] === 0x00) {
      // 8.1.5: the end-of-contents octets close the innermost indefinite element.
      pos += 2;
      depth -= 1;
      continue;
    }
    const header = readHeader(bytes, pos);
    if (!header) return undefined;
    if (header.length === undefined) {
      // 8.1.3.2: only a constructed element may have an indefinite length.
      if (!header.constructed || depth >= MAX_DEPTH) return undefined;
      depth += 1;
      pos = header.contentStart;
    } else {
      pos = header.contentStart + header.length;
      if (pos > bytes.length) return undefined;
    }
  } while (depth > 0);
  return pos;
}

/** The identifier and length octets of the element at `start` (8.1.2, 8.1.3), if not cut. */
export function readHeader(bytes: Uint8Array, start: number): Header | undefined {
  let pos = start;
  const tag = bytes[pos++];
  if (tag === undefined) return undefined;
  const highTag = (tag & 0x1f) === 0x1f;
  if (highTag) {
    // 8.1.2.4: a high tag number continues while bit 8 is set.
    let octets = 0;
    for (;;) {
      const b = bytes[pos++];
      if (b === undefined || ++octets > MAX_TAG_OCTETS) return undefined;
      if ((b & 0x80) === 0) break;
    }
  }
  const first = bytes[pos++];
  if (first === undefined) return undefined;
  const constructed = (tag & 0x20) !== 0;
  if (first < 0x80) {
    return { constructed, length: first, contentStart: pos, highTag, minimalLength: true };
  }
  if (first === 0x80) return { constructed, contentStart: pos, highTag, minimalLength: false };
  const octets = first & 0x7f;
  if (octets > MAX_LENGTH_OCTETS) return undefined;
  let length = 0;
  for (let i = 0; i < octets; i++) {
    const b = bytes[pos++];
    if (b === undefined) return undefined;
    length = length * 256 + b;
  }
  // 10.1: the long form only for 128 and more, without leading zero octets.
  const minimalLength = length >= 0x80 && bytes[pos - octets] !== 0;
  return { constructed, length, contentStart: pos, highTag, minimalLength };
}
