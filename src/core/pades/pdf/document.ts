/**
 * A read-only view of one revision of a PDF file: the objects reachable through the
 * cross-reference chain that starts at one `startxref` (ISO 32000-1 7.5.6), with objects in object
 * streams (7.5.7) resolved. Opening the view at an earlier `startxref` shows the file as it was
 * before later incremental updates.
 */
import { PadesError, malformed } from '../errors';
import { decodeStream } from './filters';
import { dictOf, isInteger, isName, PdfDict, PdfRef, PdfStream, type PdfObject } from './objects';
import { PdfParser } from './parser';
import { lastStartxref, readXrefChain, type XrefEntry, type XrefSection } from './xref';

/** Longest chain of references followed to reach a direct object. */
const MAX_REF_CHAIN = 32;
/** Most pages or page-tree nodes visited. */
const MAX_PAGE_NODES = 1_000_000;

interface ObjectStreamMember {
  num: number;
  value: PdfObject;
}

export class PdfDocument {
  private readonly entries = new Map<number, XrefEntry>();
  private readonly cache = new Map<number, PdfObject | undefined>();
  private readonly objectStreams = new Map<number, ObjectStreamMember[]>();
  /** Where each object read from the file ends (after its `endobj`). */
  private readonly ends = new Map<number, number>();
  private readonly loading = new Set<number>();

  private constructor(
    readonly bytes: Uint8Array,
    readonly startxref: number,
    /** The sections of the chain, newest first. */
    readonly sections: XrefSection[],
  ) {
    for (const section of sections) {
      for (const [num, entry] of section.entries) {
        if (!this.entries.has(num)) this.entries.set(num, entry);
      }
    }
  }

  /**
   * Opens the revision whose cross-reference chain starts at `startxref` (by default the file's
   * last one). Refuses encrypted files (7.6): their strings and streams cannot be read as they are.
   */
  static open(bytes: Uint8Array, startxref?: number): PdfDocument {
    const start = startxref ?? lastStartxref(bytes);
    const doc = new PdfDocument(bytes, start, readXrefChain(bytes, start));
    if (doc.sections.some((s) => s.trailer.get('Encrypt') !== undefined)) {
      throw new PadesError(
        'ENCRYPTED_PDF',
        'The PDF is encrypted; Signet only handles plain PDFs.',
      );
    }
    return doc;
  }

  /** The newest section: the one an incremental update chains to. */
  get lastSection(): XrefSection {
    return this.sections[0] as XrefSection;
  }

  /** A trailer entry, from the newest trailer that has it. */
  trailerValue(key: string): PdfObject | undefined {
    for (const section of this.sections) {
      const value = section.trailer.get(key);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  /** One more than the highest object number in use (the trailer's /Size, 7.5.5). */
  get size(): number {
    const declared = this.trailerValue('Size');
    let size = isInteger(declared) ? declared : 0;
    for (const num of this.entries.keys()) size = Math.max(size, num + 1);
    return size;
  }

  entry(num: number): XrefEntry | undefined {
    return this.entries.get(num);
  }

  /** Every object number the cross-reference chain lists, free ones included. */
  objectNumbers(): number[] {
    return [...this.entries.keys()];
  }

  /** Where the object ends in the file (after `endobj`); undefined unless it is stored directly. */
  objectEnd(num: number): number | undefined {
    this.object(num);
    return this.ends.get(num);
  }

  /** The numbers of the objects an object stream holds, in its order (7.5.7). */
  objectStreamMembers(streamNum: number): number[] {
    return this.membersOf(streamNum).map((m) => m.num);
  }

  /** The object with this number, or undefined when it is free or missing (7.3.10: null). */
  object(num: number): PdfObject | undefined {
    if (this.cache.has(num)) return this.cache.get(num);
    if (this.loading.has(num)) throw malformed(`Object ${num} refers to itself.`);
    this.loading.add(num);
    try {
      const value = this.load(num);
      this.cache.set(num, value);
      return value;
    } finally {
      this.loading.delete(num);
    }
  }

  /** Follows references until a direct object (undefined for a missing object). */
  resolve(obj: PdfObject | undefined): PdfObject | undefined {
    let current = obj;
    for (let i = 0; current instanceof PdfRef; i++) {
      if (i >= MAX_REF_CHAIN) throw malformed('A chain of references is too long.');
      current = this.object(current.num);
    }
    return current;
  }

  /** The dictionary `obj` is or refers to (a stream's dictionary too), if any. */
  dict(obj: PdfObject | undefined): PdfDict | undefined {
    return dictOf(this.resolve(obj));
  }

  /** The document catalog (7.7.2), which must be an indirect dictionary. */
  catalog(): { ref: PdfRef; dict: PdfDict } {
    const root = this.trailerValue('Root');
    const dict = this.dict(root);
    if (!(root instanceof PdfRef) || !dict) throw malformed('The PDF has no document catalog.');
    return { ref: root, dict };
  }

  /** The page objects in order (7.7.3.2), walking the page tree with a bound and loop check. */
  pages(): PdfRef[] {
    const root = this.catalog().dict.get('Pages');
    const pages: PdfRef[] = [];
    const seen = new Set<number>();
    const stack: PdfObject[] = [root ?? null];
    while (stack.length > 0) {
      const node = stack.pop();
      if (!(node instanceof PdfRef) || seen.has(node.num)) continue;
      if (seen.size >= MAX_PAGE_NODES) throw malformed('The page tree is too large.');
      seen.add(node.num);
      const dict = this.dict(node);
      const kids = this.resolve(dict?.get('Kids'));
      if (dict && Array.isArray(kids) && !isName(dict.get('Type'), 'Page')) {
        for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] ?? null);
      } else if (dict) pages.push(node);
    }
    return pages;
  }

  private load(num: number): PdfObject | undefined {
    const entry = this.entries.get(num);
    if (!entry || entry.kind === 'free') return undefined;
    if (entry.kind === 'compressed') return this.objectStreamMember(num, entry.stream, entry.index);
    const parser = new PdfParser(this.bytes);
    if (entry.offset >= this.bytes.length) throw malformed(`Object ${num} lies outside the file.`);
    parser.pos = entry.offset;
    const object = parser.readIndirectObject((ref) => {
      if (this.loading.has(ref.num)) return undefined;
      const length = this.object(ref.num);
      return isInteger(length) ? length : undefined;
    });
    if (object.ref.num !== num || object.ref.gen !== entry.gen) {
      throw malformed(`The cross-reference entry of object ${num} points at another object.`);
    }
    this.ends.set(num, object.end);
    return object.value;
  }

  /** An object stored in an object stream (7.5.7); such objects have generation 0. */
  private objectStreamMember(num: number, streamNum: number, index: number): PdfObject {
    const member = this.membersOf(streamNum)[index];
    if (member?.num !== num) throw malformed(`Object ${num} is missing from its object stream.`);
    return member.value;
  }

  private membersOf(streamNum: number): ObjectStreamMember[] {
    let members = this.objectStreams.get(streamNum);
    if (!members) {
      members = this.readObjectStream(streamNum);
      this.objectStreams.set(streamNum, members);
    }
    return members;
  }

  private readObjectStream(streamNum: number): ObjectStreamMember[] {
    const stream = this.object(streamNum);
    if (!(stream instanceof PdfStream) || !isName(stream.dict.get('Type'), 'ObjStm')) {
      throw malformed(`Object ${streamNum} is not an object stream.`);
    }
    const n = stream.dict.get('N');
    const first = stream.dict.get('First');
    if (!isInteger(n) || !isInteger(first) || n < 0 || first < 0) {
      throw malformed(`Object stream ${streamNum} has an invalid /N or /First.`);
    }
    const data = decodeStream(stream);
    const parser = new PdfParser(data, false);
    const header: { num: number; offset: number }[] = [];
    for (let i = 0; i < n; i++)
      header.push({ num: parser.readUnsigned(), offset: parser.readUnsigned() });
    return header.map(({ num, offset }) => {
      parser.pos = first + offset;
      if (parser.pos >= data.length) throw malformed(`Object stream ${streamNum} is cut.`);
      return { num, value: parser.readObject() };
    });
  }
}
