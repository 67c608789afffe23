/**
 * The font of visible seals: Noto Sans SC Bold (SIL Open Font License 1.1), the simplified-Chinese
 * cut of the @fontsource/noto-sans-sc package (7,947 characters: GB 2312's hanzi and more, Latin
 * letters, digits and punctuation). It is read once from the installed package; fontkit shapes the
 * text and cuts the TrueType subset the PDF embeds, so a reader needs no Chinese font of its own.
 * The WOFF (not WOFF2) file is read, unwrapped to TrueType once: fontkit subsets the glyf table of
 * WOFF2 files wrongly, and reads WOFF ones slowly.
 */
import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import type { SealFont } from '../core/pades/seal';
import { unwrapWoff } from './seal-woff';

const FONT_FILE = '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-700-normal.woff';
/** The package's instance calls itself "NotoSansSCThin-Bold"; this is the face it is. */
const POSTSCRIPT_NAME = 'NotoSansSC-Bold';

const TRUETYPE_SFNT = ['\x00\x01\x00\x00', 'true'];

let cached: SealFont | undefined;

/** The seal font, loaded on first use. */
export function sealFont(): SealFont {
  cached ??= load(unwrapWoff(readFileSync(require.resolve(FONT_FILE))));
  return cached;
}

function load(file: Buffer): SealFont {
  const font = fontkit.create(file);
  if (font.type !== 'TTF') throw new TypeError(`${FONT_FILE} is not a single TrueType font.`);
  const { minX, minY, maxX, maxY } = font.bbox;
  return {
    postScriptName: POSTSCRIPT_NAME,
    unitsPerEm: font.unitsPerEm,
    ascent: font.ascent,
    descent: font.descent,
    capHeight: font.capHeight,
    italicAngle: font.italicAngle,
    bbox: [minX, minY, maxX, maxY],
    // One glyph per code point (no shaping): seal text has no ligatures, and the map back to
    // Unicode stays one to one.
    glyphs: (text) =>
      [...text].map((ch) => {
        const glyph = font.glyphForCodePoint(ch.codePointAt(0) ?? 0);
        return { id: glyph.id, text: ch, advance: glyph.advanceWidth };
      }),
    subset: (ids) => {
      const subset = font.createSubset();
      for (const id of ids) subset.includeGlyph(font.getGlyph(id));
      const program = subset.encode();
      // TrueType outlines, as FontFile2 must hold (ISO 32000-1 9.9): sfnt version 1.0 or 'true'
      // (fontkit writes the latter).
      if (!TRUETYPE_SFNT.includes(Buffer.from(program.subarray(0, 4)).toString('latin1'))) {
        throw new TypeError(`${FONT_FILE} has no TrueType outlines.`);
      }
      return program;
    },
  };
}
