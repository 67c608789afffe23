/**
 * Stream decoding for the structures this code reads itself: cross-reference streams (ISO 32000-1
 * 7.5.8) and object streams (7.5.7). Only FlateDecode (7.4.4) with or without PNG predictors
 * (7.4.4.4) is supported: it is what writers use for those streams. Output is capped, so a
 * compressed bomb ends in an error instead of exhausting memory.
 */
import { inflateSync, constants } from 'node:zlib';
import { malformed, PadesError } from '../errors';
import { isInteger, isName, PdfDict, PdfName, type PdfStream } from './objects';

/** Largest decoded stream accepted (cross-reference and object streams are far smaller). */
const MAX_DECODED_BYTES = 256 * 1024 * 1024;

/** The decoded data of a stream. */
export function decodeStream(stream: PdfStream): Uint8Array {
  const filters = asList(stream.dict.get('Filter'));
  const params = asList(stream.dict.get('DecodeParms'));
  let data = stream.data;
  filters.forEach((filter, i) => {
    if (!isName(filter) || (filter.value !== 'FlateDecode' && filter.value !== 'Fl')) {
      throw new PadesError(
        'UNSUPPORTED_PDF',
        `The stream filter ${filter instanceof PdfName ? filter.value : '(not a name)'} is not supported.`,
      );
    }
    data = unpredict(inflate(data), params[i]);
  });
  return data;
}

function asList<T>(value: T | T[] | undefined | null): (T | undefined | null)[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function inflate(data: Uint8Array): Uint8Array {
  try {
    // Z_SYNC_FLUSH accepts data whose final block marker is missing, as PDF readers do.
    return new Uint8Array(
      inflateSync(data, {
        finishFlush: constants.Z_SYNC_FLUSH,
        maxOutputLength: MAX_DECODED_BYTES,
      }),
    );
  } catch (cause) {
    throw malformed('A compressed stream cannot be decoded.', cause);
  }
}

/** Reverses a PNG predictor (7.4.4.4, predictors 10-15); predictor 1 is the identity. */
function unpredict(data: Uint8Array, params: unknown): Uint8Array {
  if (!(params instanceof PdfDict)) return data;
  const predictor = params.get('Predictor') ?? 1;
  if (predictor === 1) return data;
  if (!isInteger(predictor) || predictor < 10 || predictor > 15) {
    throw new PadesError(
      'UNSUPPORTED_PDF',
      `The stream predictor ${String(predictor)} is not supported.`,
    );
  }
  const columns = numberParam(params, 'Columns', 1);
  const colors = numberParam(params, 'Colors', 1);
  const bits = numberParam(params, 'BitsPerComponent', 8);
  const bpp = Math.max(1, Math.ceil((colors * bits) / 8));
  const rowLength = Math.ceil((columns * colors * bits) / 8);
  const rows = Math.floor(data.length / (rowLength + 1));
  const out = new Uint8Array(rows * rowLength);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLength + 1)];
    const src = r * (rowLength + 1) + 1;
    const dst = r * rowLength;
    for (let i = 0; i < rowLength; i++) {
      const raw = data[src + i] ?? 0;
      const left = i >= bpp ? (out[dst + i - bpp] ?? 0) : 0;
      const up = r > 0 ? (out[dst + i - rowLength] ?? 0) : 0;
      const upLeft = r > 0 && i >= bpp ? (out[dst + i - rowLength - bpp] ?? 0) : 0;
      out[dst + i] = (raw + pngPredict(type, left, up, upLeft)) & 0xff;
    }
  }
  return out;
}

function pngPredict(type: number | undefined, left: number, up: number, upLeft: number): number {
  switch (type) {
    case 0:
      return 0;
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (left + up) >> 1;
    case 4: {
      const p = left + up - upLeft;
      const pa = Math.abs(p - left);
      const pb = Math.abs(p - up);
      const pc = Math.abs(p - upLeft);
      return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
    }
    default:
      throw malformed(`A PNG predictor row has the unknown type ${String(type)}.`);
  }
}

function numberParam(params: PdfDict, key: string, fallback: number): number {
  const value = params.get(key) ?? fallback;
  if (!isInteger(value) || value < 1 || value > 1 << 16) {
    throw malformed(`The stream parameter /${key} is out of range.`);
  }
  return value;
}
