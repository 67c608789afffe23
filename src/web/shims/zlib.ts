/**
 * `node:zlib` for the page (esbuild alias, scripts/build-web.js): only `inflateSync`, which
 * core/pades/pdf/filters.ts uses to read cross-reference and object streams, over fflate
 * (RFC 1950/1951), with the same output cap as Node's `maxOutputLength`.
 */
import { Inflate } from 'fflate';

export const constants = { Z_SYNC_FLUSH: 2 };

export interface InflateOptions {
  finishFlush?: number;
  maxOutputLength?: number;
}

/**
 * Inflates a zlib stream. Like Node with Z_SYNC_FLUSH, data whose final block is missing gives
 * what was decoded (except a stored block cut short, which fflate leaves out: the reader then
 * fails on the shorter stream and the page offers the full check); a stream that is not zlib, or
 * output past the cap, throws.
 */
export function inflateSync(data: Uint8Array, options: InflateOptions = {}): Uint8Array {
  const cap = options.maxOutputLength ?? Number.MAX_SAFE_INTEGER;
  if (
    data.length < 2 ||
    (data[0] ?? 0) % 16 !== 8 ||
    (((data[0] ?? 0) << 8) | (data[1] ?? 0)) % 31
  ) {
    throw new Error('incorrect header check');
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const inflater = new Inflate((chunk) => {
    size += chunk.length;
    if (size > cap) throw new RangeError('Cannot create a Buffer larger than the limit');
    chunks.push(chunk);
  });
  // The two-byte zlib header is checked above; fflate's raw Inflate reads the DEFLATE data after it.
  inflater.push(data.subarray(2), false);
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
