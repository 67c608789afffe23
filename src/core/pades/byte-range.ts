/**
 * The signed byte range of a PDF signature (ISO 32000-1 12.8.1; ETSI EN 319 142-1 6.3): the whole
 * file of its revision except the /Contents hexadecimal string, whose reserved zeros receive the
 * CMS once it is made.
 */
import { createHash } from 'node:crypto';
import type { HashName } from '../algorithms';
import { PadesError } from './errors';

/** [offset 1, length 1, offset 2, length 2]; offset 1 is always 0. */
export type ByteRange = [number, number, number, number];

const LT = 0x3c;
const GT = 0x3e;
const ZERO = 0x30;

/** The digest of the bytes the signature covers, for the CMS message-digest (RFC 5652 11.2). */
export function hashByteRange(pdf: Uint8Array, byteRange: ByteRange, hash: HashName): Uint8Array {
  const [a, b, c, d] = checkByteRangeBounds(pdf, byteRange);
  return new Uint8Array(
    createHash(hash)
      .update(pdf.subarray(a, a + b))
      .update(pdf.subarray(c, c + d))
      .digest(),
  );
}

/**
 * Writes `cmsDer` into the reserved /Contents of a prepared file, in hexadecimal padded with
 * zeros, and returns the signed file (the prepared bytes are not changed).
 */
export function embedCms(
  prepared: Uint8Array,
  byteRange: ByteRange,
  cmsDer: Uint8Array,
): Uint8Array {
  const [, gapStart, gapEnd, tail] = checkByteRangeBounds(prepared, byteRange);
  if (gapEnd + tail !== prepared.length) {
    throw new PadesError(
      'BYTE_RANGE_MISMATCH',
      'The ByteRange does not end at the end of the file.',
    );
  }
  if (prepared[gapStart] !== LT || prepared[gapEnd - 1] !== GT) {
    throw new PadesError('BYTE_RANGE_MISMATCH', 'The ByteRange gap is not a hexadecimal string.');
  }
  for (let i = gapStart + 1; i < gapEnd - 1; i++) {
    if (prepared[i] !== ZERO) {
      throw new PadesError('BYTE_RANGE_MISMATCH', 'The reserved /Contents already holds data.');
    }
  }
  const capacity = (gapEnd - gapStart - 2) / 2;
  if (cmsDer.length > capacity) {
    throw new PadesError(
      'CMS_TOO_LARGE',
      `The CMS signature takes ${cmsDer.length} bytes but only ${capacity} were reserved.`,
    );
  }
  const signed = new Uint8Array(prepared);
  signed.set(
    Buffer.from(Buffer.from(cmsDer).toString('hex').toUpperCase(), 'latin1'),
    gapStart + 1,
  );
  return signed;
}

/** The ByteRange as four numbers inside `pdf`, starting at 0 with a gap; else BYTE_RANGE_MISMATCH. */
function checkByteRangeBounds(pdf: Uint8Array, byteRange: ByteRange): ByteRange {
  const [a, b, c, d] = byteRange;
  const valid =
    byteRange.every((n) => Number.isSafeInteger(n) && n >= 0) &&
    a === 0 &&
    c > b &&
    c + d <= pdf.length;
  if (!valid) {
    throw new PadesError('BYTE_RANGE_MISMATCH', 'The ByteRange does not fit this file.');
  }
  return [a, b, c, d];
}
