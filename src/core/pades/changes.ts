/**
 * What an incremental update changed, and whether a signature made before it stays meaningful.
 * The classification is deliberately simple and strict, in the spirit of ISO 32000-1 12.8.2.2
 * (DocMDP: "adding signatures and form fields for signatures" is the least that is allowed) and
 * ETSI EN 319 142-1 5.4.2 (a DSS is added after signing). Allowed are:
 * - a new signature or document time-stamp dictionary (12.8.1, ETSI EN 319 142-1 5.4.3);
 * - a new signature field or widget (12.7.4.5) and the new objects of its appearance (12.5.5), and
 *   the entries that list it: the catalog's /AcroForm, the form's /Fields and /SigFlags, a page's
 *   /Annots, each keeping its earlier entries and adding only signature fields;
 * - the Document Security Store (ETSI EN 319 142-1 5.4.2) and the catalog's /DSS entry;
 * - new cross-reference and object streams, which only carry the objects above (7.5.7, 7.5.8).
 * Anything else (page content, resources, annotations other than signatures, metadata, deleted
 * objects, changes to an existing signature) is reported as not allowed.
 */
import { PadesError, unlessUnreadable } from './errors';
import type { PdfDocument } from './pdf/document';
import { unlistedObjects } from './unlisted-objects';
import { sameEntry } from './pdf/xref';
import {
  bytesEqual,
  dictOf,
  isName,
  pdfEquals,
  PdfDict,
  PdfRef,
  PdfStream,
  type PdfObject,
} from './pdf/objects';

export type PdfChangeKind = 'signature' | 'signature-field' | 'dss' | 'structure' | 'other';

export interface PdfChange {
  /** Index of the revision that made the change (0 is the original document). */
  revision: number;
  /** Where that revision ends in the file. */
  revisionEnd: number;
  objectNumber: number;
  action: 'added' | 'modified' | 'deleted';
  kind: PdfChangeKind;
  allowed: boolean;
  description: string;
}

/** Most objects visited when collecting the DSS or a widget's appearance. */
const MAX_WALK = 100_000;
/**
 * Entries an interactive form (12.7.2, table 218) may change for signatures: /Fields and
 * /SigFlags; a form created for the first signature may also set its defaults /DA and /DR.
 */
const FORM_KEYS = ['Fields', 'SigFlags', 'DA', 'DR'];

type Verdict = Pick<PdfChange, 'kind' | 'allowed' | 'description'>;

/**
 * The changes `after` made to `before`, where `after` is `before` plus one update. Each view must
 * end where its revision ends (the bytes of later updates are not part of it), so that an entry
 * of the signed revision pointing past its end cannot pick up bytes appended after signing.
 * Every object whose cross-reference entry differs is compared, whichever section gave the entry,
 * and so is the trailer; objects written in the update that no section lists there are refused.
 */
export function diffRevisions(
  before: PdfDocument,
  after: PdfDocument,
  revision: number,
  revisionEnd: number,
): PdfChange[] {
  const context = new DiffContext(before, after);
  const refuse = (objectNumber: number, description: string): PdfChange => ({
    revision,
    revisionEnd,
    objectNumber,
    action: 'modified',
    ...deny(description),
  });
  const changes = trailerChanges(before, after).map((d) => refuse(0, d));
  for (const num of changedEntries(before, after)) {
    const change = diffObject(context, num);
    if (change) changes.push({ revision, revisionEnd, objectNumber: num, ...change });
  }
  for (const num of listedTwice(before, after)) {
    changes.push(
      refuse(
        num,
        `Object ${num} is listed twice with different entries in one cross-reference section, so readers may show either.`,
      ),
    );
  }
  changes.push(...unlistedObjects(after, before.bytes.length, after.bytes.length, revision));
  return changes;
}

/**
 * 7.5.5, 7.5.6: an update carries the document's trailer entries over. /Root (the catalog),
 * /Info (14.3.3) and /Encrypt (7.6) must stay; of /ID only the second identifier may change
 * (14.4); /Size, /Prev and the entries of a cross-reference stream describe the section itself.
 */
function trailerChanges(before: PdfDocument, after: PdfDocument): string[] {
  const a = before.lastSection.trailer;
  const b = after.lastSection.trailer;
  const found: string[] = [];
  for (const key of ['Root', 'Info', 'Encrypt']) {
    if (pdfEquals(a.get(key), b.get(key))) continue;
    const how =
      b.get(key) === undefined ? 'removed' : a.get(key) === undefined ? 'added' : 'changed';
    found.push(`The trailer's /${key} was ${how}.`);
  }
  const idBefore = a.get('ID');
  const idAfter = b.get('ID');
  if (Array.isArray(idBefore) && !(Array.isArray(idAfter) && pdfEquals(idBefore[0], idAfter[0]))) {
    found.push("The trailer's file identifier (/ID) was changed.");
  }
  return found;
}

/**
 * The object numbers whose cross-reference entry differs between the revisions, and the objects
 * stored in an object stream whose own entry differs (7.5.7): an update can re-point an object
 * from any section it adds (a table, a stream, a hybrid file's /XRefStm) or by chaining /Prev
 * past an earlier section.
 */
function changedEntries(before: PdfDocument, after: PdfDocument): number[] {
  const touched = new Set<number>();
  for (const num of new Set([...before.objectNumbers(), ...after.objectNumbers()])) {
    const entry = before.entry(num);
    // An entry of the earlier revision pointing past its end named no object then (7.3.10).
    const pastEnd = entry?.kind === 'direct' && entry.offset >= before.bytes.length;
    if (pastEnd || !sameEntry(entry, after.entry(num))) touched.add(num);
  }
  for (const num of after.objectNumbers()) {
    const entry = after.entry(num);
    if (entry?.kind === 'compressed' && touched.has(entry.stream)) touched.add(num);
  }
  return [...touched].sort((a, b) => a - b);
}

/** Objects that a section of the update lists twice with different entries. */
function listedTwice(before: PdfDocument, after: PdfDocument): number[] {
  const oldSections = new Set(before.sections.map((s) => s.offset));
  const found = new Set<number>();
  for (const section of after.sections) {
    if (!oldSections.has(section.offset)) for (const num of section.listedTwice) found.add(num);
  }
  return [...found].sort((a, b) => a - b);
}

/** One object's change, or undefined when it is the same; an unreadable object is not allowed. */
function diffObject(
  context: DiffContext,
  num: number,
): Pick<PdfChange, 'action' | 'kind' | 'allowed' | 'description'> | undefined {
  try {
    const old = context.before.object(num);
    const now = context.after.object(num);
    if (old === undefined && now === undefined) return undefined;
    if (old !== undefined && generation(context.before, num) !== generation(context.after, num)) {
      // 7.3.10: references name the generation; readers find nothing for the old one any more.
      return {
        action: 'modified',
        ...deny(`Object ${num} was given another generation number, so references to it fail.`),
      };
    }
    if (old !== undefined && pdfEquals(old, now)) return undefined;
    if (now === undefined) return { action: 'deleted', ...deny(`Object ${num} was deleted.`) };
    return { action: old === undefined ? 'added' : 'modified', ...context.classify(num, old, now) };
  } catch (error) {
    if (!(error instanceof PadesError)) throw error;
    return { action: 'modified', ...deny(`Object ${num} cannot be read: ${error.message}`) };
  }
}

/** The generation of an object as its entry gives it; objects in object streams have 0 (7.5.7). */
function generation(doc: PdfDocument, num: number): number {
  const entry = doc.entry(num);
  return entry?.kind === 'direct' ? entry.gen : 0;
}

class DiffContext {
  private readonly catalogRef: PdfRef;
  /** Objects of the DSS after the update, and before it (existing DSS data may be extended). */
  private readonly dssObjects: Set<number>;
  private readonly oldDssObjects: Set<number>;
  private readonly appearanceObjects: Set<number>;

  constructor(
    readonly before: PdfDocument,
    readonly after: PdfDocument,
  ) {
    const catalog = after.catalog();
    this.catalogRef = catalog.ref;
    this.dssObjects = reachable(after, [catalog.dict.get('DSS')]);
    this.oldDssObjects = reachable(before, [before.catalog().dict.get('DSS')]);
    this.appearanceObjects = reachable(after, this.newSignatureWidgetAppearances());
  }

  classify(num: number, old: PdfObject | undefined, now: PdfObject): Verdict {
    const type = dictOf(now)?.get('Type');
    const added = old === undefined;
    if (added && now instanceof PdfStream && isName(type, 'XRef')) {
      return allow('structure', `Object ${num} is a new cross-reference stream.`);
    }
    if (added && now instanceof PdfStream && isName(type, 'ObjStm')) {
      return this.membersListed(num)
        ? allow('structure', `Object ${num} is a new object stream.`)
        : deny(
            `Object stream ${num} holds objects that the cross-reference data does not place in it.`,
          );
    }
    if (isName(type, 'Sig') || isName(type, 'DocTimeStamp')) {
      return added
        ? allow('signature', `Object ${num} is a new signature dictionary.`)
        : deny(`The existing signature dictionary ${num} was changed.`);
    }
    if (this.dssObjects.has(num) && (added || this.oldDssObjects.has(num))) {
      return allow('dss', `Object ${num} belongs to the DSS.`);
    }
    if (isSignatureField(this.after, now)) {
      if (added ? this.newFieldAllowed(now) : this.fieldOnlySigned(old, now)) {
        return allow('signature-field', `Object ${num} is a signature field.`);
      }
      return deny(
        added
          ? `Object ${num} is a signature field that no new signature fills, with an appearance that draws on the page.`
          : `The existing signature field ${num} was changed.`,
      );
    }
    if (added && this.appearanceObjects.has(num)) {
      return allow('signature-field', `Object ${num} is part of a signature's appearance.`);
    }
    if (num === this.catalogRef.num) return this.catalogChange(old, now);
    if (this.isFormObject(num)) {
      return this.formChange(old, now)
        ? allow('signature-field', `The interactive form ${num} lists new signature fields.`)
        : deny(`The interactive form ${num} was changed beyond adding signature fields.`);
    }
    if (isName(type, 'Page')) {
      return this.onlyKeysChanged(old, now, ['Annots'])
        ? allow('signature-field', `Page object ${num} lists new signature widgets.`)
        : deny(`Page object ${num} was ${added ? 'added' : 'changed'}.`);
    }
    if (Array.isArray(now) && Array.isArray(old) && this.onlyAddsSignatureFields(old, now)) {
      return allow('signature-field', `Array ${num} lists new signature fields.`);
    }
    return deny(
      added
        ? `Object ${num} was added and is not part of a signature or the DSS.`
        : `Object ${num} was changed.`,
    );
  }

  /** 12.7.2: the catalog may gain or change only /AcroForm (for signatures) and /DSS. */
  private catalogChange(old: PdfObject | undefined, now: PdfObject): Verdict {
    const ok = this.onlyKeysChanged(old, now, ['AcroForm', 'DSS'], (key, a, b) =>
      key === 'DSS' ? true : this.formChange(this.before.resolve(a), this.after.resolve(b)),
    );
    return ok
      ? allow('signature-field', 'The catalog lists new signature fields or a DSS.')
      : deny('The document catalog was changed beyond signatures and the DSS.');
  }

  /** An interactive form (12.7.2) that keeps its fields and adds only signature fields. */
  private formChange(old: PdfObject | undefined, now: PdfObject | undefined): boolean {
    if (!(now instanceof PdfDict)) return false;
    return this.onlyKeysChanged(
      old ?? new PdfDict(),
      now,
      FORM_KEYS,
      (key) => key === 'SigFlags' || old === undefined,
    );
  }

  /** Whether `num` is the interactive form dictionary of the later revision. */
  private isFormObject(num: number): boolean {
    const form = this.after.catalog().dict.get('AcroForm');
    return form instanceof PdfRef && form.num === num;
  }

  /**
   * Whether `now` differs from `old` only in `keys`; /Fields and /Annots may only add signature
   * fields; `check` decides for other keys.
   */
  private onlyKeysChanged(
    old: PdfObject | undefined,
    now: PdfObject,
    keys: string[],
    check?: (key: string, a: PdfObject | undefined, b: PdfObject | undefined) => boolean,
  ): boolean {
    const a = dictOf(old);
    const b = dictOf(now);
    if (!a || !b || old instanceof PdfStream !== now instanceof PdfStream) return false;
    if (old instanceof PdfStream && now instanceof PdfStream && !bytesEqual(old.data, now.data)) {
      return false;
    }
    for (const key of new Set([...a.entries.keys(), ...b.entries.keys()])) {
      const x = a.get(key);
      const y = b.get(key);
      if (pdfEquals(x, y)) continue;
      if (!keys.includes(key)) return false;
      if (key === 'Fields' || key === 'Annots') {
        const xs = this.before.resolve(x) ?? [];
        const ys = this.after.resolve(y);
        if (!Array.isArray(xs) || !Array.isArray(ys) || !this.onlyAddsSignatureFields(xs, ys)) {
          return false;
        }
      } else if (check && !check(key, x, y)) return false;
    }
    return true;
  }

  /** The earlier entries kept in order, followed only by signature fields or widgets. */
  private onlyAddsSignatureFields(old: PdfObject[], now: PdfObject[]): boolean {
    return (
      now.length >= old.length &&
      old.every((item, i) => pdfEquals(item, now[i])) &&
      now.slice(old.length).every((item) => isSignatureField(this.after, this.after.resolve(item)))
    );
  }

  /**
   * A signature field that gained its value in this update: no /V before, only /V and /AP
   * changed, and the value is a signature this update adds.
   */
  private fieldOnlySigned(old: PdfObject | undefined, now: PdfObject): boolean {
    const a = dictOf(old);
    return (
      !!a &&
      a.get('V') === undefined &&
      this.onlyKeysChanged(old, now, ['V', 'AP'], () => true) &&
      this.signedHere(now)
    );
  }

  /**
   * A new signature field is filled by a signature this update adds, or draws nothing. A field
   * nobody signs, or one that reuses an earlier signature's dictionary, could otherwise draw any
   * appearance over the signed page (12.5.5) and pass for a signature.
   */
  private newFieldAllowed(now: PdfObject): boolean {
    return this.signedHere(now) || dictOf(now)?.get('AP') === undefined;
  }

  /**
   * Whether the field's value (/V, on the widget's parent field when they are separate, 12.7.3.1)
   * is a signature dictionary added by this update (12.8.1).
   */
  private signedHere(field: PdfObject | undefined): boolean {
    const dict = dictOf(field);
    const value = dict?.get('V') ?? this.after.dict(dict?.get('Parent'))?.get('V');
    return (
      value instanceof PdfRef &&
      readable(this.before, value.num) === undefined &&
      dictOf(readable(this.after, value.num)) !== undefined
    );
  }

  /** 7.5.7: each object a new object stream holds is listed by the cross-reference data there. */
  private membersListed(streamNum: number): boolean {
    return this.after.objectStreamMembers(streamNum).every((num, index) => {
      const entry = this.after.entry(num);
      return entry?.kind === 'compressed' && entry.stream === streamNum && entry.index === index;
    });
  }

  /** The /AP entries of signature widgets that are new in the later revision. */
  private newSignatureWidgetAppearances(): PdfObject[] {
    const roots: PdfObject[] = [];
    for (const section of this.after.sections) {
      if (this.before.sections.some((s) => s.offset === section.offset)) continue;
      for (const num of section.entries.keys()) {
        const obj = readable(this.after, num);
        const isNew = readable(this.before, num) === undefined;
        if (isNew && isSignatureField(this.after, obj) && this.signedHere(obj)) {
          roots.push(dictOf(obj)?.get('AP') ?? null);
        }
      }
    }
    return roots;
  }
}

/** Object numbers reachable from `roots` in `doc` (a bounded walk). */
function reachable(doc: PdfDocument, roots: (PdfObject | undefined)[]): Set<number> {
  const found = new Set<number>();
  const stack: (PdfObject | undefined)[] = [...roots];
  let steps = 0;
  while (stack.length > 0 && steps++ < MAX_WALK) {
    const item = stack.pop();
    if (item instanceof PdfRef) {
      if (found.has(item.num)) continue;
      found.add(item.num);
      stack.push(readable(doc, item.num));
    } else if (Array.isArray(item)) stack.push(...item);
    else if (item instanceof PdfDict || item instanceof PdfStream) {
      stack.push(...(dictOf(item)?.entries.values() ?? []));
    }
  }
  return found;
}

/** The object, or undefined when it cannot be read (diffObject reports that object itself). */
function readable(doc: PdfDocument, num: number): PdfObject | undefined {
  return unlessUnreadable(() => doc.object(num));
}

/** A field of type /Sig (12.7.4.5), or a widget whose parent field is one (12.7.3.1). */
function isSignatureField(doc: PdfDocument, obj: PdfObject | undefined): boolean {
  const dict = dictOf(obj);
  if (!dict) return false;
  if (isName(dict.get('FT'), 'Sig')) return true;
  return (
    isName(dict.get('Subtype'), 'Widget') && isName(doc.dict(dict.get('Parent'))?.get('FT'), 'Sig')
  );
}

function allow(kind: PdfChangeKind, description: string): Verdict {
  return { kind, allowed: true, description };
}

function deny(description: string): Verdict {
  return { kind: 'other', allowed: false, description };
}
