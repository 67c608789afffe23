/**
 * PDF objects (ISO 32000-1 7.3) as the parser reads them and the writer writes them. Parsed
 * objects are treated as immutable: code that changes a dictionary copies it first (`with`).
 */

/** A name object (7.3.5), held without its slash and with #xx escapes decoded. */
export class PdfName {
  constructor(readonly value: string) {}
}

/** An indirect reference (7.3.10). */
export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}

/**
 * A string object (7.3.4). `hex` says how it was (or is to be) written. `span` is where the parser
 * read it in the file (from its opening to after its closing delimiter): the ByteRange check needs
 * the exact place of a signature's /Contents. Strings read from object streams have no span.
 */
export class PdfString {
  constructor(
    readonly bytes: Uint8Array,
    readonly hex = false,
    readonly span?: { start: number; end: number },
  ) {}
}

/** A dictionary (7.3.7); keys are names without their slash. */
export class PdfDict {
  readonly entries: ReadonlyMap<string, PdfObject>;
  constructor(entries: Iterable<[string, PdfObject]> = []) {
    this.entries = new Map(entries);
  }
  get(key: string): PdfObject | undefined {
    return this.entries.get(key);
  }
  /** A copy with `key` set (or removed when `value` is undefined). */
  with(key: string, value: PdfObject | undefined): PdfDict {
    const copy = new Map(this.entries);
    if (value === undefined) copy.delete(key);
    else copy.set(key, value);
    return new PdfDict(copy);
  }
}

/** A stream (7.3.8): its dictionary and its data as stored in the file (still encoded). */
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly data: Uint8Array,
  ) {}
}

/**
 * Bytes the writer copies verbatim: the reserved /ByteRange and /Contents of a signature
 * dictionary, whose places are patched after the update is laid out (ISO 32000-1 12.8.1).
 */
export class PdfRaw {
  constructor(readonly text: string) {}
}

export type PdfObject =
  | null
  | boolean
  | number
  | PdfName
  | PdfString
  | PdfRef
  | PdfObject[]
  | PdfDict
  | PdfStream
  | PdfRaw;

export function name(value: string): PdfName {
  return new PdfName(value);
}

export function isName(obj: PdfObject | undefined, value?: string): obj is PdfName {
  return obj instanceof PdfName && (value === undefined || obj.value === value);
}

export function isInteger(obj: PdfObject | undefined): obj is number {
  return typeof obj === 'number' && Number.isInteger(obj);
}

/** The dictionary of a dictionary or stream object, or undefined for anything else. */
export function dictOf(obj: PdfObject | undefined): PdfDict | undefined {
  if (obj instanceof PdfDict) return obj;
  if (obj instanceof PdfStream) return obj.dict;
  return undefined;
}

/** Deep equality of two objects as written (references are compared, not followed). */
export function pdfEquals(a: PdfObject | undefined, b: PdfObject | undefined, depth = 0): boolean {
  if (depth > 64) return false;
  if (a === b) return true;
  if (a instanceof PdfName) return b instanceof PdfName && a.value === b.value;
  if (a instanceof PdfRef) return b instanceof PdfRef && a.num === b.num && a.gen === b.gen;
  if (a instanceof PdfString) return b instanceof PdfString && bytesEqual(a.bytes, b.bytes);
  if (a instanceof PdfRaw) return b instanceof PdfRaw && a.text === b.text;
  if (Array.isArray(a)) {
    return (
      Array.isArray(b) && a.length === b.length && a.every((x, i) => pdfEquals(x, b[i], depth + 1))
    );
  }
  if (a instanceof PdfStream) {
    return b instanceof PdfStream && bytesEqual(a.data, b.data) && pdfEquals(a.dict, b.dict, depth);
  }
  if (a instanceof PdfDict) {
    if (!(b instanceof PdfDict) || a.entries.size !== b.entries.size) return false;
    for (const [key, value] of a.entries) {
      if (!pdfEquals(value, b.get(key), depth + 1)) return false;
    }
    return true;
  }
  return false;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
