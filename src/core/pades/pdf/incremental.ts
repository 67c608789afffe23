/**
 * The incremental writer (ISO 32000-1 7.5.6): new and changed objects are appended after the
 * original bytes, which are never rewritten, followed by a cross-reference section of the same
 * form as the one it chains to (a table, 7.5.4, or an uncompressed cross-reference stream, 7.5.8),
 * a trailer whose /Prev points at the previous section, `startxref` and `%%EOF`. Objects are
 * written uncompressed, never into an object stream, so a signature dictionary stays in place.
 */
import { PadesError } from '../errors';
import type { PdfDocument } from './document';
import { name, PdfDict, PdfRef, PdfStream, type PdfObject } from './objects';
import { ByteWriter } from './serialize';

export interface ObjectToWrite {
  ref: PdfRef;
  value: PdfObject;
}

export interface IncrementalUpdate {
  /** The whole new file: the original bytes followed by the update. */
  bytes: Uint8Array;
  /** Where each written object lies in the new file, by object number. */
  places: Map<number, { start: number; end: number }>;
}

/**
 * Trailer keys that describe one section rather than the document (7.5.5, 7.5.8.2); the others
 * (/Root, /Info, /ID) are carried over, as 7.5.6 requires.
 */
const SECTION_KEYS = new Set([
  'Size',
  'Prev',
  'XRefStm',
  'Type',
  'W',
  'Index',
  'Length',
  'Filter',
  'DecodeParms',
  'F',
  'FFilter',
  'FDecodeParms',
  'DL',
]);

/** Appends `objects` to the revision `doc` shows, which must be the file's last one. */
export function appendIncrementalUpdate(
  doc: PdfDocument,
  objects: readonly ObjectToWrite[],
): IncrementalUpdate {
  const w = new ByteWriter().bytes(doc.bytes);
  const last = doc.bytes[doc.bytes.length - 1];
  if (last !== 0x0a && last !== 0x0d) w.text('\n');
  const places = new Map<number, { start: number; end: number }>();
  const offsets = new Map<number, { offset: number; gen: number }>();
  for (const { ref, value } of objects) {
    if (value instanceof PdfRef) {
      throw new PadesError('INVALID_ARGUMENT', 'An indirect object cannot be a reference.');
    }
    const start = w.length;
    w.text(`${ref.num} ${ref.gen} obj\n`).object(value).text('\nendobj\n');
    places.set(ref.num, { start, end: w.length });
    offsets.set(ref.num, { offset: start, gen: ref.gen });
  }
  const size = Math.max(doc.size, ...objects.map((o) => o.ref.num + 1));
  let trailer = new PdfDict(
    [...doc.lastSection.trailer.entries].filter(([key]) => !SECTION_KEYS.has(key)),
  );
  const root = doc.trailerValue('Root');
  if (trailer.get('Root') === undefined && root !== undefined) trailer = trailer.with('Root', root);
  trailer = trailer.with('Prev', doc.startxref);
  const xrefOffset =
    doc.lastSection.form === 'table'
      ? writeTable(w, offsets, trailer.with('Size', size))
      : writeStream(w, offsets, trailer, size);
  w.text(`startxref\n${xrefOffset}\n%%EOF\n`);
  return { bytes: w.toBytes(), places };
}

type Offsets = Map<number, { offset: number; gen: number }>;

/** Consecutive runs of object numbers: the subsections of 7.5.4 and the /Index of 7.5.8.2. */
function runs(nums: number[]): [number, number[]][] {
  const result: [number, number[]][] = [];
  for (const num of [...nums].sort((a, b) => a - b)) {
    const current = result[result.length - 1];
    if (current && current[0] + current[1].length === num) current[1].push(num);
    else result.push([num, [num]]);
  }
  return result;
}

/** A cross-reference table (7.5.4): 20-byte entries, then the trailer (7.5.5). */
function writeTable(w: ByteWriter, offsets: Offsets, trailer: PdfDict): number {
  const start = w.length;
  w.text('xref\n');
  for (const [first, nums] of runs([...offsets.keys()])) {
    w.text(`${first} ${nums.length}\n`);
    for (const num of nums) {
      const { offset, gen } = offsets.get(num) as { offset: number; gen: number };
      w.text(`${String(offset).padStart(10, '0')} ${String(gen).padStart(5, '0')} n\r\n`);
    }
  }
  w.text('trailer\n').object(trailer).text('\n');
  return start;
}

/** A cross-reference stream (7.5.8), itself the last object of the update, uncompressed. */
function writeStream(w: ByteWriter, offsets: Offsets, trailer: PdfDict, size: number): number {
  const start = w.length;
  const all = new Map(offsets).set(size, { offset: start, gen: 0 });
  const maxOffset = Math.max(...[...all.values()].map((e) => e.offset));
  const maxGen = Math.max(...[...all.values()].map((e) => e.gen));
  const widths = [1, byteWidth(maxOffset), Math.max(1, byteWidth(maxGen))] as const;
  const index: number[] = [];
  const rows: number[] = [];
  for (const [first, nums] of runs([...all.keys()])) {
    index.push(first, nums.length);
    for (const num of nums) {
      const { offset, gen } = all.get(num) as { offset: number; gen: number };
      rows.push(1, offset, gen);
    }
  }
  const data = new Uint8Array((rows.length / 3) * (widths[0] + widths[1] + widths[2]));
  let at = 0;
  rows.forEach((value, i) => {
    const width = widths[i % 3] as number;
    for (let k = width - 1; k >= 0; k--)
      data[at + k] = Math.floor(value / 256 ** (width - 1 - k)) % 256;
    at += width;
  });
  const dict = trailer
    .with('Type', name('XRef'))
    .with('Size', size + 1)
    .with('Index', index)
    .with('W', [...widths]);
  w.text(`${size} 0 obj\n`).object(new PdfStream(dict, data)).text('\nendobj\n');
  return start;
}

function byteWidth(value: number): number {
  let width = 1;
  while (value >= 256 ** width) width += 1;
  return width;
}
