/**
 * Embeds a subset of a SealFont as a composite font (ISO 32000-1 9.7): a Type0 font with the
 * Identity-H encoding (9.7.5.2, two-byte codes that are CIDs) over a CIDFontType2 (9.7.4) whose
 * CIDs are the subset's glyph indices (/CIDToGIDMap /Identity), with /W widths (9.7.4.3), a font
 * descriptor (9.8) carrying the TrueType program as FontFile2 (9.9), and a ToUnicode CMap (9.10.3).
 * The program is embedded, so a reader needs no font of its own to show the seal.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PadesError } from '../errors';
import { name, PdfDict, PdfString, PdfStream, type PdfObject, type PdfRef } from '../pdf/objects';
import type { SealFont } from './font';
import { hex16, toUnicodeCMap } from './to-unicode';

/** A text set in the font: its two-byte codes in hexadecimal, and its width in 1/1000 em. */
export interface FontRun {
  hex: string;
  width: number;
}

export interface PreparedFont {
  /** One run per text given to `prepareFont`, in the same order. */
  runs: FontRun[];
  /** Writes the font's objects through `add`; returns the Type0 font dictionary's reference. */
  write(add: (value: PdfObject) => PdfRef): PdfRef;
}

/** FontDescriptor flags: Symbolic (9.8.2, table 123), as for any font with its own encoding. */
const SYMBOLIC = 4;
/**
 * TrueType programs carry no stem width; readers use /StemV only to substitute a missing font,
 * which an embedded program rules out (9.8.1, table 122 requires the entry).
 */
const STEM_V = 80;

/** Shapes `texts` and chooses the subset; throws INVALID_ARGUMENT for a character without glyph. */
export function prepareFont(font: SealFont, texts: readonly string[]): PreparedFont {
  const cidOf = new Map<number, number>();
  const widths: number[] = [];
  const unicode = new Map<number, string>();
  const scale = 1000 / font.unitsPerEm;
  const runs = texts.map((text) => {
    let codes = '';
    let width = 0;
    for (const glyph of font.glyphs(text)) {
      if (glyph.id === 0) {
        throw new PadesError(
          'INVALID_ARGUMENT',
          `The seal's font has no glyph for "${glyph.text}".`,
        );
      }
      let cid = cidOf.get(glyph.id);
      if (cid === undefined) {
        cid = cidOf.size + 1;
        cidOf.set(glyph.id, cid);
        widths.push(Math.round(glyph.advance * scale));
        unicode.set(cid, glyph.text);
      }
      codes += hex16(cid);
      width += widths[cid - 1] ?? 0;
    }
    return { hex: codes, width };
  });
  const ids = [...cidOf.keys()];
  return {
    runs,
    write: (add) => {
      const program = font.subset(ids);
      const baseFont = `${subsetTag(font.postScriptName, ids)}+${pdfFontName(font.postScriptName)}`;
      const descriptor = add(
        new PdfDict([
          ['Type', name('FontDescriptor')],
          ['FontName', name(baseFont)],
          ['Flags', SYMBOLIC],
          ['FontBBox', font.bbox.map((v) => Math.round(v * scale))],
          ['ItalicAngle', font.italicAngle],
          ['Ascent', Math.round(font.ascent * scale)],
          ['Descent', Math.round(font.descent * scale)],
          ['CapHeight', Math.round(font.capHeight * scale)],
          ['StemV', STEM_V],
          ['FontFile2', add(flateStream(program, [['Length1', program.length]]))],
        ]),
      );
      const cidFont = add(
        new PdfDict([
          ['Type', name('Font')],
          ['Subtype', name('CIDFontType2')],
          ['BaseFont', name(baseFont)],
          [
            'CIDSystemInfo',
            new PdfDict([
              ['Registry', ascii('Adobe')],
              ['Ordering', ascii('Identity')],
              ['Supplement', 0],
            ]),
          ],
          ['FontDescriptor', descriptor],
          // 9.7.4.3: consecutive CIDs from 1 with their widths.
          ['W', [1, widths]],
          ['CIDToGIDMap', name('Identity')],
        ]),
      );
      return add(
        new PdfDict([
          ['Type', name('Font')],
          ['Subtype', name('Type0')],
          ['BaseFont', name(baseFont)],
          ['Encoding', name('Identity-H')],
          ['DescendantFonts', [cidFont]],
          ['ToUnicode', add(flateStream(toUnicodeCMap(unicode), []))],
        ]),
      );
    },
  };
}

function flateStream(data: Uint8Array, entries: [string, PdfObject][]): PdfStream {
  return new PdfStream(
    new PdfDict([['Filter', name('FlateDecode')], ...entries]),
    new Uint8Array(deflateSync(data)),
  );
}

/** A subset's tag: six uppercase letters, then "+" (9.6.4), here derived from its glyphs. */
function subsetTag(postScriptName: string, ids: readonly number[]): string {
  const digest = createHash('sha256')
    .update(`${postScriptName}:${ids.join(',')}`)
    .digest();
  return [...digest.subarray(0, 6)].map((b) => String.fromCharCode(65 + (b % 26))).join('');
}

/** A PostScript name as a PDF name: printable ASCII without spaces or delimiters. */
function pdfFontName(postScriptName: string): string {
  const cleaned = postScriptName.replace(/[^A-Za-z0-9_.-]/g, '');
  return cleaned === '' ? 'SealFont' : cleaned;
}

function ascii(value: string): PdfString {
  return new PdfString(new Uint8Array(Buffer.from(value, 'latin1')));
}
