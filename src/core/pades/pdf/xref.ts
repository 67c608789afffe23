/**
 * Cross-reference data: classic tables with their trailers (ISO 32000-1 7.5.4, 7.5.5),
 * cross-reference streams (7.5.8) and hybrid files (7.5.8.4), chained through /Prev by
 * incremental updates (7.5.6).
 */
import { malformed } from '../errors';
import { decodeStream } from './filters';
import { isInteger, isName, PdfDict, PdfStream } from './objects';
import { ascii, lastIndexOf, latin1, PdfParser } from './parser';

export type XrefEntry =
  | { kind: 'free' }
  | { kind: 'direct'; offset: number; gen: number }
  | { kind: 'compressed'; stream: number; index: number };

export interface XrefSection {
  /** Where the section starts: its `xref` keyword or its cross-reference stream object. */
  offset: number;
  form: 'table' | 'stream';
  entries: Map<number, XrefEntry>;
  /** The trailer dictionary, or the cross-reference stream's dictionary (7.5.8.2). */
  trailer: PdfDict;
  /** The position after the trailer dictionary or after the stream's `endobj`. */
  end: number;
  /**
   * Objects the section lists more than once with different entries (two subsections of a table,
   * a repeated /Index range, or a hybrid file's stream contradicting a table's in-use entry,
   * 7.5.8.4). The first entry is kept here; other readers may keep another.
   */
  listedTwice: Set<number>;
}

/** Most sections followed through /Prev: more than any real file, fewer than a hostile loop. */
const MAX_SECTIONS = 100_000;
const STARTXREF = ascii('startxref');

/** Readers look for the header in the first 1024 bytes, not only at offset 0 (7.5.2). */
export const PDF_HEADER_WINDOW = 1024;

/** Whether the first bytes of a file hold a PDF header (7.5.2). */
export function hasPdfHeader(head: Uint8Array): boolean {
  return latin1(head.subarray(0, PDF_HEADER_WINDOW)).includes('%PDF-');
}

/** The offset given by the last `startxref` of the file (7.5.5). */
export function lastStartxref(bytes: Uint8Array): number {
  if (bytes.length === 0) throw malformed('The file is empty.');
  if (!hasPdfHeader(bytes)) {
    throw malformed('The file is not a PDF: it has no %PDF- header.');
  }
  const at = lastIndexOf(bytes, STARTXREF, bytes.length - 1);
  const value = at < 0 ? undefined : readStartxrefValue(bytes, at);
  if (value === undefined) {
    throw malformed('The file has no "startxref": it is truncated or not a PDF.');
  }
  return value;
}

/** The number after the `startxref` keyword at `at`, or undefined when there is none. */
export function readStartxrefValue(bytes: Uint8Array, at: number): number | undefined {
  const parser = new PdfParser(bytes);
  parser.pos = at + STARTXREF.length;
  try {
    return parser.readUnsigned();
  } catch {
    return undefined;
  }
}

/** Every section of the chain starting at `startxref`, newest first. */
export function readXrefChain(bytes: Uint8Array, startxref: number): XrefSection[] {
  const sections: XrefSection[] = [];
  const seen = new Set<number>();
  let next: number | undefined = startxref;
  while (next !== undefined) {
    if (seen.has(next) || sections.length >= MAX_SECTIONS) {
      throw malformed('The cross-reference sections form a loop.');
    }
    seen.add(next);
    const section = readXrefSection(bytes, next);
    sections.push(section);
    const prev = section.trailer.get('Prev');
    if (prev !== undefined && (!isInteger(prev) || prev < 0)) {
      throw malformed('A trailer has an invalid /Prev.');
    }
    next = prev;
  }
  return sections;
}

/** One section at `offset`: a table (with a hybrid file's /XRefStm merged in) or a stream. */
export function readXrefSection(bytes: Uint8Array, offset: number): XrefSection {
  if (!Number.isInteger(offset) || offset < 0 || offset >= bytes.length) {
    throw malformed(`A cross-reference offset (${offset}) lies outside the file.`);
  }
  const parser = new PdfParser(bytes);
  parser.pos = offset;
  parser.skipWhiteSpace();
  if (parser.acceptKeyword('xref')) return readTable(bytes, parser, offset);
  parser.pos = offset;
  return readStream(parser, offset);
}

/** Whether two entries describe the same object in the same place. */
export function sameEntry(a: XrefEntry | undefined, b: XrefEntry | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.kind === 'direct') return b.kind === 'direct' && a.offset === b.offset && a.gen === b.gen;
  if (a.kind === 'compressed') {
    return b.kind === 'compressed' && a.stream === b.stream && a.index === b.index;
  }
  return b.kind === 'free';
}

/** Adds `entry` unless `num` is listed already; a different second entry is noted. */
function addEntry(
  entries: Map<number, XrefEntry>,
  listedTwice: Set<number>,
  num: number,
  entry: XrefEntry,
): void {
  const first = entries.get(num);
  if (first === undefined) entries.set(num, entry);
  else if (!sameEntry(first, entry)) listedTwice.add(num);
}

function readTable(bytes: Uint8Array, parser: PdfParser, offset: number): XrefSection {
  const entries = new Map<number, XrefEntry>();
  const listedTwice = new Set<number>();
  while (!parser.acceptKeyword('trailer')) {
    const first = parser.readUnsigned();
    const count = parser.readUnsigned();
    // Each entry takes at least 5 bytes ("0 0 n"); more than fit is a corrupt header.
    if (count * 5 > bytes.length - parser.pos) throw malformed('A cross-reference table is cut.');
    for (let i = 0; i < count; i++) {
      const field1 = parser.readUnsigned();
      const gen = parser.readUnsigned();
      const type = parser.readToken();
      if (type !== 'n' && type !== 'f') throw malformed('A cross-reference entry is invalid.');
      const entry: XrefEntry =
        type === 'n' ? { kind: 'direct', offset: field1, gen } : { kind: 'free' };
      addEntry(entries, listedTwice, first + i, entry);
    }
  }
  const trailer = parser.readObject();
  if (!(trailer instanceof PdfDict)) throw malformed('The trailer is not a dictionary.');
  const section: XrefSection = {
    offset,
    form: 'table',
    entries,
    trailer,
    end: parser.pos,
    listedTwice,
  };
  const xrefStm = trailer.get('XRefStm');
  if (isInteger(xrefStm)) {
    // 7.5.8.4: a hybrid file's stream adds the entries (of objects in object streams) that the
    // table leaves out or marks free.
    const hybrid = readStream(new PdfParser(bytes), xrefStm);
    for (const [num, entry] of hybrid.entries) {
      const listed = entries.get(num);
      if (listed?.kind !== 'direct') entries.set(num, entry);
      else if (!sameEntry(listed, entry)) listedTwice.add(num);
    }
    for (const num of hybrid.listedTwice) listedTwice.add(num);
  }
  return section;
}

function readStream(parser: PdfParser, offset: number): XrefSection {
  parser.pos = offset;
  const object = parser.readIndirectObject(() => undefined);
  const stream = object.value;
  if (!(stream instanceof PdfStream) || !isName(stream.dict.get('Type'), 'XRef')) {
    throw malformed(`There is no cross-reference table or stream at offset ${offset}.`);
  }
  const dict = stream.dict;
  const widths = dict.get('W');
  const size = dict.get('Size');
  if (
    !Array.isArray(widths) ||
    widths.length !== 3 ||
    !widths.every((w) => isInteger(w) && w >= 0 && w <= 8) ||
    !isInteger(size)
  ) {
    throw malformed('A cross-reference stream has an invalid /W or /Size.');
  }
  const [w1, w2, w3] = widths as [number, number, number];
  const index = dict.get('Index') ?? [0, size];
  if (!Array.isArray(index) || index.length % 2 !== 0 || !index.every(isInteger)) {
    throw malformed('A cross-reference stream has an invalid /Index.');
  }
  const data = decodeStream(stream);
  const rowLength = w1 + w2 + w3;
  const entries = new Map<number, XrefEntry>();
  const listedTwice = new Set<number>();
  let row = 0;
  for (let i = 0; i < index.length; i += 2) {
    const first = index[i] as number;
    const count = index[i + 1] as number;
    if ((row + count) * rowLength > data.length)
      throw malformed('A cross-reference stream is cut.');
    for (let k = 0; k < count; k++, row++) {
      const at = row * rowLength;
      // 7.5.8.3, table 18: a type field of width 0 means type 1.
      const type = w1 === 0 ? 1 : field(data, at, w1);
      const f2 = field(data, at + w1, w2);
      const f3 = field(data, at + w1 + w2, w3);
      const entry: XrefEntry | undefined =
        type === 0
          ? { kind: 'free' }
          : type === 1
            ? { kind: 'direct', offset: f2, gen: f3 }
            : type === 2
              ? { kind: 'compressed', stream: f2, index: f3 }
              : undefined; // other types are references to the null object (7.5.8.3)
      if (entry) addEntry(entries, listedTwice, first + k, entry);
    }
  }
  return { offset, form: 'stream', entries, trailer: dict, end: object.end, listedTwice };
}

function field(data: Uint8Array, at: number, width: number): number {
  let value = 0;
  for (let i = 0; i < width; i++) value = value * 256 + (data[at + i] ?? 0);
  return value;
}
