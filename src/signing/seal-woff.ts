/**
 * WOFF 1.0 (W3C Recommendation, 2012) to the plain sfnt it wraps: fontkit inflates a WOFF table
 * again on each glyph it reads, which takes seconds per seal; unwrapped once, glyphs read directly.
 */
import { inflateSync } from 'node:zlib';

const WOFF_SIGNATURE = 0x774f4646; // 'wOFF'
const WOFF_HEADER = 44;
const WOFF_ENTRY = 20;
const SFNT_HEADER = 12;
const SFNT_RECORD = 16;

export function unwrapWoff(woff: Buffer): Buffer {
  if (woff.length < WOFF_HEADER || woff.readUInt32BE(0) !== WOFF_SIGNATURE) {
    throw new TypeError('The seal font is not a WOFF file.');
  }
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = WOFF_HEADER + i * WOFF_ENTRY;
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const stored = woff.subarray(offset, offset + compLength);
    // WOFF 5.2: a table is zlib-compressed exactly when it is stored shorter than its length.
    const data = compLength < origLength ? inflateSync(stored) : stored;
    if (data.length !== origLength) throw new TypeError('A WOFF table has the wrong length.');
    return { record: woff.subarray(at, at + 4), checksum: woff.readUInt32BE(at + 16), data };
  });
  // The sfnt header (OpenType 1.9 "Table directory"): version, numTables and the binary-search fields.
  const power = 2 ** Math.floor(Math.log2(Math.max(1, numTables)));
  const header = Buffer.alloc(SFNT_HEADER + SFNT_RECORD * numTables);
  header.writeUInt32BE(woff.readUInt32BE(4), 0);
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(power * 16, 6);
  header.writeUInt16BE(Math.log2(power), 8);
  header.writeUInt16BE(numTables * 16 - power * 16, 10);
  const body: Buffer[] = [];
  let offset = header.length;
  tables.forEach((table, i) => {
    const at = SFNT_HEADER + i * SFNT_RECORD;
    table.record.copy(header, at);
    header.writeUInt32BE(table.checksum, at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(table.data.length, at + 12);
    const padded = Buffer.alloc((table.data.length + 3) & ~3);
    table.data.copy(padded);
    body.push(padded);
    offset += padded.length;
  });
  return Buffer.concat([header, ...body]);
}
