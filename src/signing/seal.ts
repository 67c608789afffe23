/**
 * Where a department's visible seal goes, and the seal itself: the department's name, the signing
 * time, the verification code and the QR code of its citizen page (issue 7), drawn by core/ with
 * the seal font. The QR symbol is encoded here (error correction M, ISO/IEC 18004), since core/
 * links no QR library.
 */
import QRCode from 'qrcode';
import { sealAppearance } from '../core/pades/seal';
import type { SignatureAppearance } from '../core/pades';
import { sealFont } from './seal-font';

/** A seal's place in PDF user units (origin at the page's lower left); `page` counts from 1. */
export interface SealPlacement {
  page: number;
  x: number;
  y: number;
  width?: number;
  height?: number;
}

/** PDF user units (1/72 inch); 14,400 is the largest page side (ISO 32000-1 Annex C.2). */
export const MAX_SEAL_UNITS = 14_400;
/** The highest page number a seal request may name (a bound on hostile input, not on PDFs). */
export const MAX_SEAL_PAGE = 1_000_000;

export const DEFAULT_SEAL_WIDTH = 200;
export const DEFAULT_SEAL_HEIGHT = 90;

export function sealFor(
  placement: SealPlacement,
  seal: { departmentName: string; signingTime: Date; verificationCode: string; verifyUrl: string },
): SignatureAppearance {
  const { page, x, y } = placement;
  const width = placement.width ?? DEFAULT_SEAL_WIDTH;
  const height = placement.height ?? DEFAULT_SEAL_HEIGHT;
  const symbol = QRCode.create(seal.verifyUrl, { errorCorrectionLevel: 'M' }).modules;
  return sealAppearance({
    ...seal,
    pageIndex: page - 1,
    rect: [x, y, x + width, y + height],
    qr: { size: symbol.size, modules: symbol.data },
    font: sealFont(),
  });
}
