/**
 * The one decoder of untrusted input into declared structures. Strict by default: PEM text where
 * DER is expected, truncation, bytes after the element, an encoding that is not DER (X.690 10:
 * indefinite or over-long lengths, constructed strings) and a shape that does not match are all
 * refused, as one error with the parser's failure as its cause, never a TypeError (STYLE.md rule
 * 2). BER is read only where the caller asks (`ber: true`): CMS is BER (RFC 5652 section 1) but
 * for signed attributes (5.3), and PDFBox or `openssl cms -stream` write indefinite lengths.
 */
import * as asn1js from 'asn1js';
import { AsnParser } from '@peculiar/asn1-schema';
import { FormatError } from '../errors';
import { readHeader } from './ber-length';

export interface DecodeOptions {
  /** Most ASN.1 nodes to read; a CMS carrying a large CRL needs more than asn1js's 10,000. */
  maxNodes?: number;
  /** Accept BER (X.690 8) as well as DER: only for CMS, whose writers may use it. */
  ber?: boolean;
  /**
   * The error to throw, for an area whose callers expect its own code (an OCSP or CRL error);
   * a FormatError MALFORMED_DER when absent.
   */
  fail?: (message: string, cause?: unknown) => never;
}

/** Decodes exactly one element of `bytes` as the declared `type`. */
export function decodeDer<T>(
  bytes: Uint8Array | ArrayBuffer,
  type: new () => T,
  what: string,
  options: DecodeOptions = {},
): T {
  return decodeDerTree(bytes, type, what, options).value;
}

/** decodeDer that also gives the decoded tree, for decodeExplicitContent. */
export function decodeDerTree<T>(
  bytes: Uint8Array | ArrayBuffer,
  type: new () => T,
  what: string,
  options: DecodeOptions = {},
): { value: T; tree: asn1js.AsnType } {
  const tree = readElement(
    bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes),
    what,
    options,
  );
  return { value: fromTree(tree, type, what, options), tree };
}

/** Decodes exactly one element of `bytes` into asn1js's tree, for structures read by hand. */
export function decodeElement(
  bytes: Uint8Array,
  what: string,
  options: DecodeOptions = {},
): asn1js.AsnType {
  return readElement(bytes, what, options);
}

/**
 * Like decodeDer, for the single element that an EXPLICIT tag of an already decoded element holds
 * (a ContentInfo's content): the declared `type` is read from the tree decoded once, not from its
 * bytes decoded again. Undefined when the tag does not hold exactly one element.
 */
export function decodeExplicitContent<T>(
  tagged: asn1js.AsnType | undefined,
  type: new () => T,
  what: string,
): T | undefined {
  const inner = tagged instanceof asn1js.Constructed ? tagged.valueBlock.value : undefined;
  if (!inner || inner.length !== 1) return undefined;
  return fromTree(inner[0] as asn1js.AsnType, type, what, {});
}

/** The value of an OCTET STRING element: primitive, or constructed from segments where BER is asked. */
export function decodeOctetString(
  bytes: Uint8Array,
  what: string,
  options: DecodeOptions = {},
): Uint8Array {
  const element = readElement(bytes, what, options);
  if (!(element instanceof asn1js.OctetString)) {
    failWith(options, `The ${what} is not an OCTET STRING.`);
  }
  return new Uint8Array(element.getValue());
}

/** The dotted form of an OBJECT IDENTIFIER element. */
export function decodeObjectIdentifier(
  bytes: Uint8Array,
  what: string,
  options: DecodeOptions = {},
): string {
  const element = readElement(bytes, what, options);
  if (!(element instanceof asn1js.ObjectIdentifier)) {
    failWith(options, `The ${what} is not an OBJECT IDENTIFIER.`);
  }
  return element.getValue();
}

function failWith(options: DecodeOptions, message: string, cause?: unknown): never {
  if (options.fail) return options.fail(message, cause);
  throw new FormatError('MALFORMED_DER', message, cause === undefined ? undefined : { cause });
}

function fromTree<T>(
  tree: asn1js.AsnType,
  type: new () => T,
  what: string,
  options: DecodeOptions,
): T {
  try {
    return AsnParser.fromASN(tree, type);
  } catch (cause) {
    return failWith(options, `The ${what} does not have the expected structure.`, cause);
  }
}

/** True when the bytes start as PEM armour (RFC 7468), which callers must decode first. */
function looksLikePem(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 64)).toString('latin1').trimStart().startsWith('-----BEGIN');
}

function readElement(bytes: Uint8Array, what: string, options: DecodeOptions): asn1js.AsnType {
  if (looksLikePem(bytes)) {
    failWith(options, `The ${what} is PEM text; DER bytes are expected.`);
  }
  if (!options.ber) {
    const why = notDer(bytes);
    if (why) failWith(options, `The ${what} is not valid DER: ${why}.`);
  }
  let parsed: asn1js.FromBerResult;
  try {
    parsed = asn1js.fromBER(bytes, { parseEmbedded: false, maxNodes: options.maxNodes });
  } catch (cause) {
    // asn1js reports most failures in its result but throws on some (a BMPString of odd length).
    return failWith(options, `The ${what} is not valid DER.`, cause);
  }
  if (parsed.offset === -1 || parsed.result.error) {
    failWith(
      options,
      `The ${what} is not valid DER.`,
      new Error(parsed.result.error || 'asn1js could not decode the input'),
    );
  }
  if (parsed.offset !== bytes.byteLength) {
    failWith(options, `The ${what} has bytes after its DER encoding.`);
  }
  return parsed.result;
}

/** Universal string types, which DER encodes primitive only (X.690 10.2): BIT, OCTET, the strings. */
const STRING_TAGS = new Set([3, 4, 12, 18, 19, 20, 21, 22, 25, 26, 27, 28, 30]);

/**
 * Why `bytes` is not one DER element (undefined when it is one), judging only the identifier and
 * length octets of every element (X.690 10.1, 10.2): definite and shortest lengths that fit their
 * parent, no end-of-contents, no constructed string, nothing after the element. The contents of
 * primitive values are left to the declared type. The walk keeps its own stack: deep nesting is
 * an answer, not a stack overflow.
 */
function notDer(bytes: Uint8Array): string | undefined {
  const top = readHeader(bytes, 0);
  if (top?.length !== undefined && top.contentStart + top.length < bytes.length) {
    return 'it has bytes after its encoding';
  }
  // The ends of the constructed elements being walked, outermost first; `end` is the innermost.
  const ends: number[] = [];
  let end = bytes.length;
  let pos = 0;
  for (;;) {
    while (pos === end) {
      const outer = ends.pop();
      if (outer === undefined) return undefined;
      end = outer;
    }
    const tag = bytes[pos] ?? 0;
    const header = readHeader(bytes, pos);
    if (!header) return 'it is truncated';
    if (header.length === undefined) return 'it has an indefinite length';
    if (!header.minimalLength) return 'it has a length in more octets than needed';
    if (tag === 0x00) return 'it has end-of-contents octets';
    if ((tag & 0xe0) === 0x20 && STRING_TAGS.has(tag & 0x1f)) return 'it has a constructed string';
    const contentEnd = header.contentStart + header.length;
    if (contentEnd > end) return 'it is truncated';
    if (header.constructed) {
      ends.push(end);
      end = contentEnd;
      pos = header.contentStart;
    } else {
      pos = contentEnd;
    }
  }
}
