/**
 * The visible seal of a PAdES signature: the appearance of its signature field (ISO 32000-1
 * 12.5.5, 12.7.4.5), with text in an embedded composite font subset (9.7) and a vector QR code.
 */
export { sealAppearance, type SealInput } from './appearance';
export type { SealFont, SealGlyph } from './font';
export type { QrMatrix } from './qr';
