/**
 * Collects the objects of one incremental update (ISO 32000-1 7.5.6) before it is written: reads
 * see earlier edits, new objects are numbered from the trailer's /Size on, and `write()` appends
 * everything in one section.
 */
import type { PdfDocument } from './document';
import { appendIncrementalUpdate, type IncrementalUpdate } from './incremental';
import { dictOf, PdfDict, PdfRef, type PdfObject } from './objects';

export class PdfUpdate {
  private readonly pending = new Map<number, { ref: PdfRef; value: PdfObject }>();
  private nextNumber: number;

  constructor(readonly doc: PdfDocument) {
    this.nextNumber = doc.size;
  }

  /** The object as this update leaves it. */
  get(ref: PdfRef): PdfObject | undefined {
    const edited = this.pending.get(ref.num);
    return edited ? edited.value : this.doc.object(ref.num);
  }

  /** Resolves `obj` through edits and the document (one level: edits hold direct objects). */
  resolve(obj: PdfObject | undefined): PdfObject | undefined {
    return obj instanceof PdfRef ? this.doc.resolve(this.get(obj) ?? null) : obj;
  }

  dict(obj: PdfObject | undefined): PdfDict | undefined {
    return dictOf(this.resolve(obj));
  }

  /** Replaces an existing object (or one added by this update). */
  set(ref: PdfRef, value: PdfObject): void {
    this.pending.set(ref.num, { ref, value });
  }

  /** Adds a new indirect object and returns its reference. */
  add(value: PdfObject): PdfRef {
    const ref = new PdfRef(this.nextNumber++, 0);
    this.set(ref, value);
    return ref;
  }

  /**
   * Appends `item` to the array at `holder[key]`: in place when that entry refers to an array
   * object, else in a copy of `holder`, which is returned (the caller stores it).
   */
  appendToArray(holder: PdfDict, key: string, item: PdfObject): PdfDict {
    const value = holder.get(key);
    if (value instanceof PdfRef) {
      const target = this.get(value);
      if (Array.isArray(target)) {
        this.set(value, [...target, item]);
        return holder;
      }
    }
    return holder.with(key, [...(Array.isArray(value) ? value : []), item]);
  }

  write(): IncrementalUpdate {
    return appendIncrementalUpdate(this.doc, [...this.pending.values()]);
  }
}
