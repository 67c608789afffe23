/**
 * Decoding of untrusted input into declared structures. Whatever goes wrong (PEM text where DER is
 * expected, truncation, bytes after the element, a shape that does not match) becomes one
 * FormatError with the parser's failure as its cause, never a TypeError (STYLE.md rule 2).
 * BER is read as well as DER: CMS is BER (RFC 5652 section 1) but for signed attributes (5.3).
 */
import * as asn1js from 'asn1js';
import { AsnParser } from '@peculiar/asn1-schema';
import { FormatError } from '../errors';

export interface DecodeLimits {
  /** Most ASN.1 nodes to read; a CMS carrying a large CRL needs more than asn1js's 10,000. */
  maxNodes?: number;
}

/** Decodes exactly one element of `bytes` as the declared `type`. */
export function decodeDer<T>(
  bytes: Uint8Array,
  type: new () => T,
  what: string,
  limits: DecodeLimits = {},
): T {
  const element = readElement(bytes, what, limits);
  try {
    return AsnParser.fromASN(element, type);
  } catch (cause) {
    throw new FormatError('MALFORMED_DER', `The ${what} does not have the expected structure.`, {
      cause,
    });
  }
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
  try {
    return AsnParser.fromASN(inner[0] as asn1js.AsnType, type);
  } catch (cause) {
    throw new FormatError('MALFORMED_DER', `The ${what} does not have the expected structure.`, {
      cause,
    });
  }
}

/** decodeDer that also gives the decoded tree, for decodeExplicitContent. */
export function decodeDerTree<T>(
  bytes: Uint8Array,
  type: new () => T,
  what: string,
  limits: DecodeLimits = {},
): { value: T; tree: asn1js.AsnType } {
  const tree = readElement(bytes, what, limits);
  try {
    return { value: AsnParser.fromASN(tree, type), tree };
  } catch (cause) {
    throw new FormatError('MALFORMED_DER', `The ${what} does not have the expected structure.`, {
      cause,
    });
  }
}

/** The value of an OCTET STRING element, primitive (DER) or constructed from segments (BER). */
export function decodeOctetString(bytes: Uint8Array, what: string): Uint8Array {
  const element = readElement(bytes, what, {});
  if (!(element instanceof asn1js.OctetString)) {
    throw new FormatError('MALFORMED_DER', `The ${what} is not an OCTET STRING.`);
  }
  return new Uint8Array(element.getValue());
}

/** The dotted form of an OBJECT IDENTIFIER element. */
export function decodeObjectIdentifier(bytes: Uint8Array, what: string): string {
  const element = readElement(bytes, what, {});
  if (!(element instanceof asn1js.ObjectIdentifier)) {
    throw new FormatError('MALFORMED_DER', `The ${what} is not an OBJECT IDENTIFIER.`);
  }
  return element.getValue();
}

/** True when the bytes start as PEM armour (RFC 7468), which callers must decode first. */
function looksLikePem(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 64)).toString('latin1').trimStart().startsWith('-----BEGIN');
}

function readElement(bytes: Uint8Array, what: string, limits: DecodeLimits): asn1js.AsnType {
  if (looksLikePem(bytes)) {
    throw new FormatError('MALFORMED_DER', `The ${what} is PEM text; DER bytes are expected.`);
  }
  const parsed = fromBer(bytes, what, limits);
  if (parsed.offset === -1 || parsed.result.error) {
    throw new FormatError('MALFORMED_DER', `The ${what} is not valid DER.`, {
      cause: new Error(parsed.result.error || 'asn1js could not decode the input'),
    });
  }
  if (parsed.offset !== bytes.byteLength) {
    throw new FormatError('MALFORMED_DER', `The ${what} has bytes after its DER encoding.`);
  }
  return parsed.result;
}

/** asn1js reports most failures in its result but throws on some (a BMPString of odd length). */
function fromBer(bytes: Uint8Array, what: string, limits: DecodeLimits): asn1js.FromBerResult {
  try {
    return asn1js.fromBER(bytes, { parseEmbedded: false, maxNodes: limits.maxNodes });
  } catch (cause) {
    throw new FormatError('MALFORMED_DER', `The ${what} is not valid DER.`, { cause });
  }
}
