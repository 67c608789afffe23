/**
 * Writes PDF objects (ISO 32000-1 7.3) as bytes. Output is plain and uncompressed: the writer
 * only appends small incremental updates, where readability beats size.
 */
import { PdfDict, PdfName, PdfRaw, PdfRef, PdfStream, PdfString, type PdfObject } from './objects';
import { ascii } from './parser';

/** Collects bytes; `length` is the offset of the next byte written. */
export class ByteWriter {
  private readonly chunks: Uint8Array[] = [];
  length = 0;

  text(value: string): this {
    return this.bytes(ascii(value));
  }

  bytes(value: Uint8Array): this {
    this.chunks.push(value);
    this.length += value.length;
    return this;
  }

  object(value: PdfObject): this {
    writeObject(this, value);
    return this;
  }

  toBytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }
}

function writeObject(w: ByteWriter, value: PdfObject): void {
  if (value === null) w.text('null');
  else if (typeof value === 'boolean') w.text(value ? 'true' : 'false');
  else if (typeof value === 'number') w.text(formatNumber(value));
  else if (value instanceof PdfName) w.text(formatName(value.value));
  else if (value instanceof PdfRef) w.text(`${value.num} ${value.gen} R`);
  else if (value instanceof PdfRaw) w.text(value.text);
  else if (value instanceof PdfString) writeString(w, value);
  else if (Array.isArray(value)) {
    w.text('[');
    value.forEach((item, i) => {
      if (i > 0) w.text(' ');
      writeObject(w, item);
    });
    w.text(']');
  } else if (value instanceof PdfStream) {
    // 7.3.8.1: /Length is the number of bytes between `stream` EOL and the EOL before `endstream`.
    writeObject(w, value.dict.with('Length', value.data.length));
    w.text('\nstream\n').bytes(value.data).text('\nendstream');
  } else if (value instanceof PdfDict) {
    w.text('<<');
    for (const [key, item] of value.entries) {
      w.text(`\n${formatName(key)} `);
      writeObject(w, item);
    }
    w.text('\n>>');
  }
}

/** Integers as they are; reals in fixed notation (7.3.3 has no exponent form). */
function formatNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError('PDF numbers must be finite.');
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
}

/** 7.3.5: characters outside ! to ~, delimiters and # are written as #xx. */
function formatName(value: string): string {
  let out = '/';
  for (const ch of value) {
    const c = ch.charCodeAt(0) & 0xff;
    const plain = c > 0x20 && c < 0x7f && !'()<>[]{}/%#'.includes(ch);
    out += plain ? ch : `#${c.toString(16).padStart(2, '0').toUpperCase()}`;
  }
  return out;
}

function writeString(w: ByteWriter, value: PdfString): void {
  if (value.hex) {
    w.text(`<${Buffer.from(value.bytes).toString('hex').toUpperCase()}>`);
    return;
  }
  // 7.3.4.2: backslash-escape the delimiters; octal for control characters keeps EOLs intact.
  let out = '(';
  for (const c of value.bytes) {
    if (c === 0x28 || c === 0x29 || c === 0x5c) out += `\\${String.fromCharCode(c)}`;
    else if (c < 0x20 || c > 0x7e) out += `\\${c.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(c);
  }
  w.text(`${out})`);
}
