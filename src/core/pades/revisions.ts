/**
 * The revisions of a PDF file: the original and each incremental update (ISO 32000-1 7.5.6).
 * A revision ends with the `%%EOF` that follows its cross-reference section, after a `startxref`
 * naming a section of the file's chain. Only sections of that chain are looked at, so a `%%EOF`
 * inside an embedded file is never taken for a revision end; the first-page section of a
 * linearized file (followed by `startxref 0`, Annex F) belongs to the revision of the whole file.
 */
import { ascii, indexOf, lastIndexOf } from './pdf/parser';
import { lastStartxref, readStartxrefValue, readXrefChain } from './pdf/xref';

export interface PdfRevision {
  /** The offset its `startxref` gives, which opens the file as it was then. */
  startxref: number;
  /** The offset right after its `%%EOF`. */
  eofEnd: number;
  /** The offset after the end-of-line that follows `%%EOF`, if any. */
  end: number;
}

const EOF_MARKER = ascii('%%EOF');
const STARTXREF = ascii('startxref');

/** The revisions of the file, oldest first; the last one is what readers show. */
export function listRevisions(bytes: Uint8Array): PdfRevision[] {
  const last = lastStartxref(bytes);
  const chain = readXrefChain(bytes, last);
  const offsets = new Set(chain.map((s) => s.offset));
  const byEnd = new Map<number, PdfRevision>();
  for (const section of chain) {
    const eof = indexOf(bytes, EOF_MARKER, section.end);
    if (eof < 0) continue;
    const keyword = lastIndexOf(bytes, STARTXREF, eof);
    const startxref = keyword >= section.end ? readStartxrefValue(bytes, keyword) : undefined;
    if (startxref === undefined || startxref === 0 || !offsets.has(startxref)) continue;
    const eofEnd = eof + EOF_MARKER.length;
    byEnd.set(eofEnd, { startxref, eofEnd, end: eofEnd + eolLength(bytes, eofEnd) });
  }
  const revisions = [...byEnd.values()].sort((a, b) => a.eofEnd - b.eofEnd);
  if (revisions[revisions.length - 1]?.startxref !== last) {
    // The last `startxref` has no `%%EOF` after it: the final revision runs to the end of file.
    revisions.push({ startxref: last, eofEnd: bytes.length, end: bytes.length });
  }
  return revisions;
}

function eolLength(bytes: Uint8Array, at: number): number {
  if (bytes[at] === 0x0d) return bytes[at + 1] === 0x0a ? 2 : 1;
  return bytes[at] === 0x0a ? 1 : 0;
}
