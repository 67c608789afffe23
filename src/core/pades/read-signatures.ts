/**
 * Reads the signatures of a PDF for the verifier: each signature field's dictionary (ISO 32000-1
 * 12.7.4.5, 12.8.1), its ByteRange checked against the file (ETSI EN 319 142-1 6.3: the range
 * covers the whole file of its revision except /Contents), and what later incremental updates
 * changed (see changes.ts). Whether the CMS inside holds is the CAdES verifier's question.
 */
import { berElementLength } from '../asn1/ber-length';
import { diffRevisions, type PdfChange } from './changes';
import { PdfDocument } from './pdf/document';
import {
  dictOf,
  isInteger,
  isName,
  PdfDict,
  PdfName,
  PdfRef,
  PdfString,
  type PdfObject,
} from './pdf/objects';
import { decodeTextString, parsePdfDate } from './pdf/text';
import { listRevisions, type PdfRevision } from './revisions';
import { unlistedObjects } from './unlisted-objects';

export interface PdfSignature {
  /** The fully qualified field name (12.7.3.2). */
  fieldName: string;
  /** As written; a valid one is four non-negative integers. */
  byteRange: number[];
  /** The CMS from /Contents (DER or BER, without the zero padding after it). */
  contents: Uint8Array;
  filter?: string;
  /** ETSI.CAdES.detached for PAdES baseline signatures, ETSI.RFC3161 for document time-stamps. */
  subFilter?: string;
  /** /M, the signing time the signer claims (7.9.4). */
  signingTime?: Date;
  name?: string;
  reason?: string;
  location?: string;
  contactInfo?: string;
  /** The end of what the signature covers: ByteRange[2] + ByteRange[3]. */
  revisionEnd: number;
  /**
   * True when the ByteRange starts at 0, its gap is exactly the /Contents hexadecimal string of
   * this signature dictionary, and it ends where a revision of the file ends.
   */
  coversWholeRevision: boolean;
  /** Why `coversWholeRevision` is false, one sentence each. */
  problems: string[];
  /** Changes made by incremental updates after the signed revision. */
  changesAfter: PdfChange[];
}

export interface PdfSignatureReport {
  /** In the order of the file (earliest revision first). */
  signatures: PdfSignature[];
  /** Every change made after the earliest signed revision. */
  changesAfter: PdfChange[];
  /**
   * Bytes after the end of the last revision (its `%%EOF` and end-of-line) that are not a
   * revision: no signature covers them, and a reader may or may not look at them.
   */
  trailingBytes: number;
}

/** Most fields and widgets visited in the form tree. */
const MAX_FIELDS = 100_000;

export function readPdfSignatures(pdf: Uint8Array): PdfSignatureReport {
  const doc = PdfDocument.open(pdf);
  const revisions = listRevisions(pdf);
  const found = signatureFields(doc).map((field) => readSignature(pdf, doc, revisions, field));
  found.sort((a, b) => a.revisionEnd - b.revisionEnd);
  const firstSigned = Math.min(...found.map((s) => revisionIndex(revisions, s.revisionEnd)));
  const lastEnd = revisions[revisions.length - 1]?.end ?? pdf.length;
  const changes =
    found.length === 0
      ? []
      : [
          ...changesAfter(pdf, revisions, firstSigned),
          ...unlistedObjects(doc, lastEnd, pdf.length, revisions.length),
        ];
  const signatures = found.map((s) => ({
    ...s,
    changesAfter: changes.filter((c) => c.revisionEnd > s.revisionEnd),
  }));
  return { signatures, changesAfter: changes, trailingBytes: pdf.length - lastEnd };
}

/** The index of the last revision ending at or before `end` (-1 for none). */
function revisionIndex(revisions: PdfRevision[], end: number): number {
  let index = -1;
  revisions.forEach((r, i) => {
    if (r.eofEnd <= end) index = i;
  });
  return index;
}

/**
 * The changes of every revision after `first`, each against the revision before it. Each
 * revision is opened on the bytes up to its end only, as it was when it was the whole file.
 */
function changesAfter(pdf: Uint8Array, revisions: PdfRevision[], first: number): PdfChange[] {
  const changes: PdfChange[] = [];
  if (!Number.isFinite(first)) return changes;
  const open = (r: PdfRevision | undefined): PdfDocument =>
    r ? PdfDocument.open(pdf.subarray(0, r.end), r.startxref) : PdfDocument.open(pdf);
  let before = open(revisions[Math.max(0, first)]);
  for (let i = Math.max(0, first) + 1; i < revisions.length; i++) {
    const revision = revisions[i] as PdfRevision;
    const after = open(revision);
    changes.push(...diffRevisions(before, after, i, revision.end));
    before = after;
  }
  return changes;
}

interface SignatureField {
  name: string;
  value: PdfObject;
}

/** Fields of type /Sig with a value, walking /Fields and /Kids (12.7.3.1; /FT is inheritable). */
function signatureFields(doc: PdfDocument): SignatureField[] {
  const form = doc.dict(doc.catalog().dict.get('AcroForm'));
  const roots = doc.resolve(form?.get('Fields'));
  const result: SignatureField[] = [];
  const seen = new Set<number>();
  const stack: { node: PdfObject; parentName: string; ft?: PdfObject }[] = Array.isArray(roots)
    ? roots.map((node) => ({ node, parentName: '' })).reverse()
    : [];
  let steps = 0;
  while (stack.length > 0 && steps++ < MAX_FIELDS) {
    const { node, parentName, ft: inherited } = stack.pop() as (typeof stack)[number];
    if (node instanceof PdfRef) {
      if (seen.has(node.num)) continue;
      seen.add(node.num);
    }
    const field = doc.dict(node);
    if (!field) continue;
    const title = field.get('T');
    const partial = title instanceof PdfString ? decodeTextString(title) : undefined;
    const name =
      partial === undefined ? parentName : parentName ? `${parentName}.${partial}` : partial;
    const ft = field.get('FT') ?? inherited;
    const value = field.get('V');
    if (isName(ft, 'Sig') && value !== undefined && value !== null) result.push({ name, value });
    const kids = doc.resolve(field.get('Kids'));
    if (Array.isArray(kids)) {
      for (let i = kids.length - 1; i >= 0; i--) {
        stack.push({ node: kids[i] ?? null, parentName: name, ft });
      }
    }
  }
  return result;
}

function readSignature(
  pdf: Uint8Array,
  doc: PdfDocument,
  revisions: PdfRevision[],
  field: SignatureField,
): Omit<PdfSignature, 'changesAfter'> {
  const dict = dictOf(doc.resolve(field.value)) ?? new PdfDict();
  const problems: string[] = [];
  const rawRange = doc.resolve(dict.get('ByteRange'));
  const byteRange = Array.isArray(rawRange) ? rawRange.filter(isInteger) : [];
  const contents = dict.get('Contents');
  const [a, b, c, d] = byteRange;
  const valid =
    byteRange.length === 4 &&
    Array.isArray(rawRange) &&
    rawRange.length === 4 &&
    byteRange.every((n) => n >= 0);
  if (!valid || a === undefined || b === undefined || c === undefined || d === undefined) {
    problems.push('The ByteRange is not four non-negative integers.');
  } else {
    // ETSI EN 319 142-1 6.3 / ISO 32000-1 12.8.1: from the start of the file, except /Contents.
    if (a !== 0) problems.push('The ByteRange does not start at the beginning of the file.');
    if (c + d > pdf.length) problems.push('The ByteRange goes past the end of the file.');
    const span = contents instanceof PdfString && contents.hex ? contents.span : undefined;
    if (!span) {
      problems.push('/Contents is not a hexadecimal string written in the file.');
    } else if (span.start !== a + b || span.end !== c) {
      problems.push('The gap in the ByteRange is not exactly the /Contents string.');
    }
    const end = c + d;
    if (!revisions.some((r) => end >= r.eofEnd && end <= r.end)) {
      problems.push('The ByteRange does not end where a revision of the file ends.');
    }
  }
  return {
    fieldName: field.name,
    byteRange: Array.isArray(rawRange) ? byteRange : [],
    contents: contents instanceof PdfString ? withoutPadding(contents.bytes) : new Uint8Array(),
    filter: nameValue(dict.get('Filter')),
    subFilter: nameValue(dict.get('SubFilter')),
    signingTime: stringValue(dict.get('M'), parsePdfDate),
    name: stringValue(dict.get('Name'), decodeTextString),
    reason: stringValue(dict.get('Reason'), decodeTextString),
    location: stringValue(dict.get('Location'), decodeTextString),
    contactInfo: stringValue(dict.get('ContactInfo'), decodeTextString),
    revisionEnd: c !== undefined && d !== undefined ? c + d : 0,
    coversWholeRevision: problems.length === 0,
    problems,
  };
}

/**
 * The CMS at the start of /Contents without the zero padding after it: a DER element, or a BER
 * one with indefinite lengths (RFC 5652 section 1: CMS is BER); all of it if unreadable.
 */
function withoutPadding(bytes: Uint8Array): Uint8Array {
  if (bytes[0] !== 0x30) return bytes;
  const length = berElementLength(bytes);
  return length === undefined ? bytes : bytes.subarray(0, length);
}

function nameValue(obj: PdfObject | undefined): string | undefined {
  return obj instanceof PdfName ? obj.value : undefined;
}

function stringValue<T>(
  obj: PdfObject | undefined,
  read: (s: PdfString) => T | undefined,
): T | undefined {
  return obj instanceof PdfString ? read(obj) : undefined;
}
