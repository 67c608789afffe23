/**
 * Objects written in a part of the file that no cross-reference section lists there (ISO 32000-1
 * 7.5.4, 7.5.8). A reader follows the sections, but one that finds them damaged (a `startxref` it
 * does not see near the end of the file, an offset that is off) rebuilds the table from the
 * `N G obj` headers it finds, and the last definition of each number wins. An update that defines
 * an object it does not list, or bytes after the last `%%EOF` holding an object, can so show a
 * reader something no signature check sees; they are refused like any other change.
 */
import type { PdfChange } from './changes';
import { unlessUnreadable } from './errors';
import type { PdfDocument } from './pdf/document';
import { isInteger } from './pdf/objects';
import { latin1 } from './pdf/parser';
import { readXrefSection } from './pdf/xref';

/** Most unlisted objects reported for one part of the file: one is enough to refuse it. */
const MAX_UNLISTED = 100;

/** An object header (7.3.10): object number, generation, `obj`, not inside a longer token. */
const HEADER =
  /(?<![0-9A-Za-z.+-])(\d{1,10})[\0\t\n\f\r ]+(\d{1,5})[\0\t\n\f\r ]+obj(?![0-9A-Za-z])/g;

/**
 * The objects defined between `from` and `to` in `doc`'s bytes that `doc`'s cross-reference
 * chain does not list at their place, each as a refused change of `revision`. Headers inside an
 * object that is listed (stream data, a string) are not definitions.
 */
export function unlistedObjects(
  doc: PdfDocument,
  from: number,
  to: number,
  revision: number,
): PdfChange[] {
  const listed = listedSpans(doc, from, to).sort((a, b) => a.start - b.start);
  const found: PdfChange[] = [];
  for (const m of latin1(doc.bytes.subarray(from, to)).matchAll(HEADER)) {
    const at = from + (m.index ?? 0);
    const num = Number(m[1]);
    const span = spanAt(listed, at);
    if (span && (span.start !== at || span.num === undefined || span.num === num)) continue;
    found.push({
      revision,
      revisionEnd: to,
      objectNumber: num,
      action: doc.entry(num) === undefined ? 'added' : 'modified',
      kind: 'other',
      allowed: false,
      description: `Object ${num} is written at offset ${at}, where no cross-reference section lists it; a reader that rebuilds the cross-reference table would show it.`,
    });
    if (found.length >= MAX_UNLISTED) break;
  }
  return found;
}

interface Span {
  start: number;
  end: number;
  /** The object number listed there; undefined for a cross-reference stream. */
  num?: number;
}

/** The span that starts last at or before `at`, if `at` lies in it (`spans` sorted by start). */
function spanAt(spans: Span[], at: number): Span | undefined {
  let low = 0;
  let high = spans.length - 1;
  let best: Span | undefined;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const span = spans[mid] as Span;
    if (span.start <= at) {
      best = span;
      low = mid + 1;
    } else high = mid - 1;
  }
  return best && at < best.end ? best : undefined;
}

/** Where the objects and cross-reference streams that `doc` lists between `from` and `to` lie. */
function listedSpans(doc: PdfDocument, from: number, to: number): Span[] {
  const spans: Span[] = [];
  const inRange = (at: number): boolean => at >= from && at < to;
  for (const num of doc.objectNumbers()) {
    const entry = doc.entry(num);
    if (entry?.kind !== 'direct' || !inRange(entry.offset)) continue;
    const end = unlessUnreadable(() => doc.objectEnd(num));
    spans.push({ start: entry.offset, end: end ?? entry.offset + 1, num });
  }
  for (const section of doc.sections) {
    if (section.form === 'stream' && inRange(section.offset)) {
      spans.push({ start: section.offset, end: section.end });
    }
    const xrefStm = section.trailer.get('XRefStm');
    if (isInteger(xrefStm) && inRange(xrefStm)) {
      const end = unlessUnreadable(() => readXrefSection(doc.bytes, xrefStm).end);
      spans.push({ start: xrefStm, end: end ?? xrefStm + 1 });
    }
  }
  return spans;
}
