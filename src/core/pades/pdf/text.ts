/** Text strings (ISO 32000-1 7.9.2.2) and dates (7.9.4). */
import { PdfString } from './objects';

/**
 * A text string: printable ASCII as it is, anything else (a department name in Chinese) as
 * UTF-16BE with its byte order mark; written in hexadecimal when `hex` is set or not ASCII.
 */
export function textString(value: string, options: { hex?: boolean } = {}): PdfString {
  if (/^[\x20-\x7e]*$/.test(value)) {
    return new PdfString(Uint8Array.from(Buffer.from(value, 'latin1')), options.hex ?? false);
  }
  const utf16 = Buffer.from(value, 'utf16le').swap16();
  return new PdfString(new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16])), true);
}

/** Reads a text string: UTF-16BE or UTF-8 by byte order mark (ISO 32000-2), else PDFDocEncoding. */
export function decodeTextString(value: PdfString): string {
  const b = Buffer.from(value.bytes);
  if (b[0] === 0xfe && b[1] === 0xff) {
    const body = Buffer.from(b.subarray(2, 2 + ((b.length - 2) & ~1)));
    return body.swap16().toString('utf16le');
  }
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8');
  // PDFDocEncoding matches Latin-1 for the characters signature dictionaries use.
  return b.toString('latin1');
}

/** A date string in UTC: `D:YYYYMMDDHHmmSSZ` (7.9.4). */
export function pdfDate(date: Date): PdfString {
  if (Number.isNaN(date.getTime())) throw new RangeError('The date is not valid.');
  const digits = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return new PdfString(Uint8Array.from(Buffer.from(`D:${digits}Z`, 'latin1')));
}

/** Reads a date string (7.9.4); undefined when it is not one. */
export function parsePdfDate(value: PdfString): Date | undefined {
  const m =
    /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz])|([+-])(\d{2})'?(\d{2})?'?)?$/.exec(
      Buffer.from(value.bytes).toString('latin1').trim(),
    );
  if (!m) return undefined;
  const n = (i: number, fallback: number): number => (m[i] === undefined ? fallback : Number(m[i]));
  const utc = Date.UTC(n(1, 0), n(2, 1) - 1, n(3, 1), n(4, 0), n(5, 0), n(6, 0));
  const sign = m[8] === '-' ? -1 : 1;
  const offsetMinutes = m[8] ? sign * (n(9, 0) * 60 + n(10, 0)) : 0;
  const time = utc - offsetMinutes * 60_000;
  return Number.isNaN(time) ? undefined : new Date(time);
}
