import { Integer, ObjectIdentifier } from 'asn1js';

/**
 * A DER writer (X.690 section 10) for the hot paths (issue 16, "templates for hot DER"): the OCSP
 * responder's ResponseData and the CMS SignedData around a signature. Declared schemas
 * (@peculiar/asn1-schema) encode a ResponseData at about 5k/s on the reference machine, slower
 * than the ECDSA signature over it; writing the few fixed fields of RFC 6960 4.2.1 directly is
 * about 20 times faster. Constant parts (OIDs, AlgorithmIdentifiers) still come from the library,
 * and parsing stays declared; each writer has a property test against the declared encoding.
 */
/** Universal tags (X.680 8.4) with their constructed bit as DER writes them. */
export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  OBJECT_IDENTIFIER: 0x06,
  ENUMERATED: 0x0a,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Tag of a context-specific [n] field: constructed for EXPLICIT tags and constructed types. */
export function contextTag(n: number, constructed: boolean): number {
  return 0x80 | (constructed ? 0x20 : 0) | n;
}

/** One TLV with a definite length in the fewest octets (X.690 10.1). */
export function tlv(tag: number, ...contents: Uint8Array[]): Buffer {
  let length = 0;
  for (const part of contents) length += part.length;
  // X.690 8.1.3: short form below 128, else the count of length octets, then the length.
  let lengthOctets = 0;
  if (length >= 0x80)
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) lengthOctets++;
  const headerLength = 2 + lengthOctets;
  const out = Buffer.allocUnsafe(headerLength + length);
  out[0] = tag;
  if (lengthOctets === 0) {
    out[1] = length;
  } else {
    out[1] = 0x80 | lengthOctets;
    for (let i = lengthOctets, rest = length; i > 0; i--, rest = Math.floor(rest / 256)) {
      out[1 + i] = rest % 256;
    }
  }
  let offset = headerLength;
  for (const part of contents) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * An INTEGER (X.690 8.3) of a number field: a non-negative safe integer in the fewest octets (a
 * leading zero octet where the high bit is set), any other value by asn1js, exactly as the
 * declared classes write a number field.
 */
export function integer(value: number): Buffer {
  if (!Number.isSafeInteger(value) || value < 0) {
    return Buffer.from(new Integer({ value }).toBER());
  }
  const octets: number[] = [];
  for (let rest = value; octets.length === 0 || rest > 0; rest = Math.floor(rest / 256)) {
    octets.unshift(rest % 256);
  }
  if ((octets[0] ?? 0) & 0x80) octets.unshift(0);
  return tlv(TAG.INTEGER, Uint8Array.from(octets));
}

/** The same encoding under an IMPLICIT context tag [n] (X.690 8.14.3): only the tag changes. */
export function implicitTag(n: number, encoding: Uint8Array): Buffer {
  const out = Buffer.from(encoding);
  out[0] = contextTag(n, (encoding[0] ?? 0) & 0x20 ? true : false);
  return out;
}

/** BIT STRING of whole octets: no unused bits (X.690 8.6.2). */
export function bitString(octets: Uint8Array): Buffer {
  return tlv(TAG.BIT_STRING, Uint8Array.of(0), octets);
}

/**
 * GeneralizedTime in Zulu time with whole seconds, YYYYMMDDHHMMSSZ (X.690 11.7; RFC 5280
 * 4.1.2.5.2 leaves out fractional seconds), or with `fraction` the milliseconds as well, without
 * trailing zeros and without a fraction when they are zero (X.690 11.7.3, RFC 3161 2.4.2). The
 * date must be valid and within the years 0-9999.
 */
export function generalizedTime(date: Date, fraction = false): Buffer {
  const iso = date.toISOString();
  const millis = fraction ? iso.slice(20, 23).replace(/0+$/, '') : '';
  const text = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}${millis ? `.${millis}` : ''}Z`;
  return tlv(TAG.GENERALIZED_TIME, Buffer.from(text, 'latin1'));
}

/** The DER of an OBJECT IDENTIFIER, encoded once by asn1js for the constants of the writer. */
export function objectIdentifier(value: string): Buffer {
  return Buffer.from(new ObjectIdentifier({ value }).toBER());
}
