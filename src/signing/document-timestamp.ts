/**
 * PAdES B-LTA (ETSI EN 319 142-1 5.4.3, 6.3): a document time-stamp, an RFC 3161 token over the
 * ByteRange of a new incremental revision (/SubFilter /ETSI.RFC3161), appended after the DSS so that
 * it covers the signatures and their validation data. Renewal appends another one the same way.
 */
import { embedCms, hashByteRange, prepareDocumentTimestamp } from '../core/pades';
import type { Tsa } from './ports';

/** `pdf` with a document time-stamp from `tsa` appended; `pdf` itself is not changed. */
export async function addDocumentTimestamp(pdf: Uint8Array, tsa: Tsa): Promise<Uint8Array> {
  const { prepared, byteRange } = prepareDocumentTimestamp(pdf);
  const token = await tsa.timestamp(hashByteRange(prepared, byteRange, 'sha256'), 'sha256');
  return embedCms(prepared, byteRange, token);
}
