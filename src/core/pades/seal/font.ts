/**
 * The font a seal's text is set in, as the caller supplies it: core/ reads no font files and
 * links no font engine, so the caller shapes text and cuts the subset program (STYLE.md: core/
 * does no I/O). Metrics are in font units (`unitsPerEm` to the em).
 */
export interface SealGlyph {
  /** The glyph's index in the full font; 0 (.notdef) when the font has no glyph for `text`. */
  id: number;
  /** The Unicode text the glyph stands for, for the ToUnicode CMap (ISO 32000-1 9.10.3). */
  text: string;
  /** Horizontal advance in font units. */
  advance: number;
}

export interface SealFont {
  /** The PostScript name (ISO 32000-1 9.6.2), without a subset tag. */
  postScriptName: string;
  unitsPerEm: number;
  ascent: number;
  descent: number;
  capHeight: number;
  italicAngle: number;
  bbox: [number, number, number, number];
  /** The glyphs that set `text`, in order. */
  glyphs(text: string): SealGlyph[];
  /**
   * A TrueType program (glyf outlines) holding only `ids` (distinct, none 0): glyph 0 is .notdef
   * and glyph i + 1 is `ids[i]`, so the subset's glyph indices are the CIDs the seal writes.
   */
  subset(ids: readonly number[]): Uint8Array;
}
