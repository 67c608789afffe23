/**
 * Phase one of PAdES signing (STYLE.md rule 6): append, as an incremental update (ISO 32000-1
 * 7.5.6), a signature dictionary (12.8.1, table 252) with /SubFilter /ETSI.CAdES.detached and
 * reserved /Contents, and its signature field. The caller hashes the ByteRange, has the CMS made
 * (without a signing-time attribute: the time is /M, ETSI EN 319 142-1 6.3 table 1) and embeds it.
 * A document time-stamp (ETSI EN 319 142-1 5.4.3, ISO 32000-2 12.8.5) is prepared the same way,
 * its /Contents to hold an RFC 3161 TimeStampToken over the ByteRange.
 */
import type { ByteRange } from './byte-range';
import { PadesError } from './errors';
import { PdfDocument } from './pdf/document';
import { name, PdfDict, PdfRaw, PdfRef, type PdfObject, type PdfStream } from './pdf/objects';
import { ascii, indexOf } from './pdf/parser';
import { pdfDate, textString } from './pdf/text';
import { PdfUpdate } from './pdf/update';
import { addSignatureField } from './signature-field';

/** Room for a B-LT-sized CMS: certificates, a time-stamp token, CRLs and OCSP responses. */
export const DEFAULT_RESERVED_BYTES = 32 * 1024;
const MAX_RESERVED_BYTES = 8 * 1024 * 1024;
/** Width of the ByteRange numbers' placeholder: four numbers of up to 10 digits. */
const BYTE_RANGE_WIDTH = 4 * 11;

export interface SignatureAppearance {
  /** Zero-based index of the page the seal is drawn on. */
  pageIndex: number;
  /** [llx lly urx ury] in the page's default user space (ISO 32000-1 12.5.2). */
  rect: [number, number, number, number];
  /**
   * Builds the widget's normal appearance, a form XObject (8.10; 12.5.5); `add` makes any other
   * object it needs (a font, an image) indirect and returns its reference.
   */
  build(add: (value: PdfObject) => PdfRef): PdfStream;
}

export interface PdfSignatureOptions {
  /** The signing time, written as /M (7.9.4); the caller's clock, never the system's here. */
  signingTime: Date;
  /** Bytes reserved for the CMS in /Contents (default 32 KiB). */
  reservedBytes?: number;
  /** The signature field's name (default: the first free `SignatureN`). */
  fieldName?: string;
  /** /Name, /Reason, /Location, /ContactInfo of the signature dictionary (12.8.1, table 252). */
  name?: string;
  reason?: string;
  location?: string;
  contactInfo?: string;
  /** A visible appearance (a seal); without one the signature is invisible (/Rect [0 0 0 0]). */
  appearance?: SignatureAppearance;
}

/** The options of a document time-stamp, invisible: no /M, no signer's texts (ISO 32000-2 12.8.5). */
export type DocumentTimestampOptions = Pick<PdfSignatureOptions, 'reservedBytes' | 'fieldName'>;

export interface PreparedPdfSignature {
  /** The file with the update appended and /Contents reserved as zeros. */
  prepared: Uint8Array;
  byteRange: ByteRange;
  fieldName: string;
}

/** Appends an unsigned PAdES signature to `pdf`; `pdf` itself is not changed. */
export function preparePdfSignature(
  pdf: Uint8Array,
  options: PdfSignatureOptions,
): PreparedPdfSignature {
  const reserved = checkReserved(options.reservedBytes);
  if (!(options.signingTime instanceof Date) || Number.isNaN(options.signingTime.getTime())) {
    throw new PadesError('INVALID_ARGUMENT', 'The signing time is not a valid date.');
  }
  return prepareField(pdf, signatureDictionary(options, reserved), reserved, options);
}

/** Appends an unfilled document time-stamp to `pdf`; `pdf` itself is not changed. */
export function prepareDocumentTimestamp(
  pdf: Uint8Array,
  options: DocumentTimestampOptions = {},
): PreparedPdfSignature {
  const reserved = checkReserved(options.reservedBytes);
  // ETSI EN 319 142-1 5.4.3: /Type /DocTimeStamp, /SubFilter /ETSI.RFC3161.
  const dict = new PdfDict([
    ['Type', name('DocTimeStamp')],
    ['Filter', name('Adobe.PPKLite')],
    ['SubFilter', name('ETSI.RFC3161')],
    ...placeholders(reserved),
  ]);
  return prepareField(pdf, dict, reserved, options);
}

function checkReserved(reservedBytes: number | undefined): number {
  const reserved = reservedBytes ?? DEFAULT_RESERVED_BYTES;
  if (!Number.isInteger(reserved) || reserved < 1024 || reserved > MAX_RESERVED_BYTES) {
    throw new PadesError(
      'INVALID_ARGUMENT',
      `The reserved size must be between 1024 and ${MAX_RESERVED_BYTES} bytes.`,
    );
  }
  return reserved;
}

/** The update: `dict` as a new object, its signature field and widget; the ByteRange filled in. */
function prepareField(
  pdf: Uint8Array,
  dict: PdfDict,
  reserved: number,
  options: Pick<PdfSignatureOptions, 'fieldName' | 'appearance'>,
): PreparedPdfSignature {
  const doc = PdfDocument.open(pdf);
  const update = new PdfUpdate(doc);
  const signature = update.add(dict);
  const page = pageRef(doc, options.appearance?.pageIndex ?? 0);
  const appearance = options.appearance;
  const { fieldName } = addSignatureField(update, {
    signature,
    page,
    fieldName: options.fieldName,
    rect: appearance ? checkRect(appearance.rect) : [0, 0, 0, 0],
    appearance: appearance && update.add(appearance.build((value) => update.add(value))),
  });
  const { bytes, places } = update.write();
  const place = places.get(signature.num) as { start: number; end: number };
  return { prepared: bytes, byteRange: patchByteRange(bytes, place, reserved), fieldName };
}

/** ISO 32000-1 12.8.1 table 252; ETSI EN 319 142-1 6.3 table 1 (SubFilter, M, Contents). */
function signatureDictionary(options: PdfSignatureOptions, reserved: number): PdfDict {
  const entries: [string, PdfObject][] = [
    ['Type', name('Sig')],
    ['Filter', name('Adobe.PPKLite')],
    ['SubFilter', name('ETSI.CAdES.detached')],
    ['M', pdfDate(options.signingTime)],
  ];
  const texts = [
    ['Name', options.name],
    ['Reason', options.reason],
    ['Location', options.location],
    ['ContactInfo', options.contactInfo],
  ] as const;
  for (const [key, value] of texts) {
    // Hexadecimal text strings keep "/Contents <" from appearing before the real entry.
    if (value !== undefined) entries.push([key, textString(value, { hex: true })]);
  }
  return new PdfDict([...entries, ...placeholders(reserved)]);
}

/** /ByteRange and /Contents, written last and filled in after the file is written. */
function placeholders(reserved: number): [string, PdfObject][] {
  return [
    ['ByteRange', new PdfRaw(`[0 0 0 0${' '.repeat(BYTE_RANGE_WIDTH - 7)}]`)],
    ['Contents', new PdfRaw(`<${'0'.repeat(2 * reserved)}>`)],
  ];
}

function pageRef(doc: PdfDocument, index: number): PdfRef {
  const pages = doc.pages();
  if (pages.length === 0) throw new PadesError('MALFORMED_PDF', 'The PDF has no page.');
  const page = Number.isInteger(index) ? pages[index] : undefined;
  if (!page) {
    throw new PadesError('INVALID_ARGUMENT', `The document has no page ${index + 1}.`);
  }
  return page;
}

function checkRect(rect: [number, number, number, number]): [number, number, number, number] {
  if (
    rect.length !== 4 ||
    !rect.every(Number.isFinite) ||
    rect[2] <= rect[0] ||
    rect[3] <= rect[1]
  ) {
    throw new PadesError('INVALID_ARGUMENT', 'The seal rectangle must be [llx lly urx ury].');
  }
  return rect;
}

/**
 * Finds the placeholders in the written signature dictionary and fills in the ByteRange: from 0
 * to the /Contents string, and from after it to the end of the file (12.8.1).
 */
function patchByteRange(
  bytes: Uint8Array,
  place: { start: number; end: number },
  reserved: number,
): ByteRange {
  const object = bytes.subarray(place.start, place.end);
  const brAt = place.start + indexOf(object, ascii('/ByteRange [')) + '/ByteRange '.length;
  const contentsAt = place.start + indexOf(object, ascii('/Contents <')) + '/Contents '.length;
  const contentsEnd = contentsAt + 2 * reserved + 2;
  const byteRange: ByteRange = [0, contentsAt, contentsEnd, bytes.length - contentsEnd];
  const text = `[${byteRange.join(' ')}`.padEnd(BYTE_RANGE_WIDTH + 1, ' ');
  if (text.length > BYTE_RANGE_WIDTH + 1) {
    throw new PadesError('INVALID_ARGUMENT', 'The file is too large to sign.');
  }
  bytes.set(ascii(text), brAt);
  return byteRange;
}
