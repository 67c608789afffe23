import { AsnConvert } from '@peculiar/asn1-schema';
import { FormatError } from './errors';

/** PEM armour (RFC 7468) around DER bytes, 64 characters a line. */
export function toPem(der: Uint8Array, label: string): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Every PEM block with the given label, decoded; RFC 7468 section 2 allows text between blocks. */
export function fromPemAll(text: string, label: string): Uint8Array[] {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  return [...text.matchAll(re)].map((m) => new Uint8Array(Buffer.from(m[1] ?? '', 'base64')));
}

/**
 * Reads DER or PEM (of the given label) bytes as DER. Files handed to operators are PEM, tools
 * often write DER: accepting both here keeps that choice out of every caller.
 */
export function derFromPemOrDer(bytes: Uint8Array, label: string): Uint8Array {
  const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
  if (!head.includes('-----BEGIN')) return bytes;
  const blocks = fromPemAll(Buffer.from(bytes).toString('latin1'), label);
  const first = blocks[0];
  if (!first || first.length === 0) {
    throw new FormatError('MALFORMED_PEM', `The PEM text holds no "${label}" block.`);
  }
  return first;
}

export function toDer(value: unknown): Uint8Array {
  return new Uint8Array(AsnConvert.serialize(value));
}

export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Upper-case hexadecimal without separators: how serials are written everywhere (SPEC). */
export function toHex(bytes: Uint8Array | ArrayBuffer): string {
  return Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes))
    .toString('hex')
    .toUpperCase();
}

export function fromHex(hex: string): Uint8Array {
  if (!/^([0-9a-fA-F]{2})+$/.test(hex)) {
    throw new FormatError('INVALID_VALUE', `"${hex}" is not a hexadecimal string.`);
  }
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/**
 * The canonical hex form of an INTEGER serial: leading zero octets dropped (a DER INTEGER may need
 * one for the sign bit; users should not have to type it), at least one octet.
 */
export function serialToHex(serial: Uint8Array | ArrayBuffer): string {
  const hex = toHex(serial).replace(/^(00)+/, '');
  return hex === '' ? '00' : hex;
}

/** Accepts a serial as users write it (any case, optional colons or leading zeros). */
export function normalizeSerialHex(input: string): string {
  const cleaned = input.replace(/[:\s]/g, '');
  const even = cleaned.length % 2 === 1 ? `0${cleaned}` : cleaned;
  return serialToHex(fromHex(even));
}
