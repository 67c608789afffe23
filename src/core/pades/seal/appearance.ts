/**
 * A visible seal as a signature widget's normal appearance (ISO 32000-1 12.5.5; the widget of a
 * signature field, 12.7.4.5): a red stamp with a double border, the department's name, the
 * signing time and the verification code set in an embedded font subset (9.7), and the QR code of
 * the verification address drawn in vector. The stamp is one form XObject (8.10) whose BBox is the
 * widget's size, so a reader maps it onto /Rect unchanged (12.5.5, the appearance algorithm).
 */
import { PadesError } from '../errors';
import { name, PdfDict, PdfStream } from '../pdf/objects';
import type { SignatureAppearance } from '../prepare';
import type { SealFont } from './font';
import { checkQrMatrix, num, qrPath, type QrMatrix } from './qr';
import { sealLines } from './seal-text';
import { prepareFont } from './type0-font';

export interface SealInput {
  /** Zero-based index of the page the seal is drawn on. */
  pageIndex: number;
  /** [llx lly urx ury] in the page's default user space (12.5.2). */
  rect: [number, number, number, number];
  departmentName: string;
  signingTime: Date;
  /** The printed form, e.g. "7KQD-M2XF-9TWA-H4PC". */
  verificationCode: string;
  /** The QR symbol of the verification address. */
  qr: QrMatrix;
  font: SealFont;
}

/** Official-seal red, as DeviceRGB (8.6.4.3). */
const RED = '0.8 0.08 0.08';
/** The design height: nominal text sizes are for a seal this tall, and scale with it. */
const DESIGN_HEIGHT = 90;
const MIN_HEIGHT = 60;
/** Narrowest room for the text beside the QR code. */
const MIN_TEXT_WIDTH = 60;
const MAX_NAME_LENGTH = 64;
/** Insets from the edge: outer border, inner border, QR square, text. */
const OUTER = 1.1;
const INNER = 4;
const QR_INSET = 4.6;
const TEXT_INSET = 9;
/** The part of the em above the baseline that ideographs fill (Noto's em box: 880 of 1000). */
const EM_ABOVE_BASELINE = 0.88;

export function sealAppearance(input: SealInput): SignatureAppearance {
  const [x1, y1, x2, y2] = input.rect;
  const width = x2 - x1;
  const height = y2 - y1;
  if (!input.rect.every(Number.isFinite) || height < MIN_HEIGHT) {
    throw new PadesError('INVALID_ARGUMENT', `A seal must be at least ${MIN_HEIGHT} units tall.`);
  }
  const qrSide = height - 2 * QR_INSET;
  const qrX = width - QR_INSET - qrSide;
  const textWidth = qrX - TEXT_INSET;
  if (textWidth < MIN_TEXT_WIDTH) {
    throw new PadesError(
      'INVALID_ARGUMENT',
      `A seal ${height} units tall must be at least ${Math.ceil(height + MIN_TEXT_WIDTH + TEXT_INSET)} wide.`,
    );
  }
  const departmentName = input.departmentName.trim();
  if (departmentName === '' || [...departmentName].length > MAX_NAME_LENGTH) {
    throw new PadesError(
      'INVALID_ARGUMENT',
      `The seal's department name must be 1 to ${MAX_NAME_LENGTH} characters.`,
    );
  }
  if (Number.isNaN(input.signingTime.getTime())) {
    throw new PadesError('INVALID_ARGUMENT', 'The signing time is not a valid date.');
  }
  checkQrMatrix(input.qr);

  const lines = sealLines({ ...input, departmentName });
  const font = prepareFont(
    input.font,
    lines.map((line) => line.text),
  );
  const text = layoutText(
    lines.map((line, i) => ({ size: line.size, run: font.runs[i] ?? { hex: '', width: 0 } })),
    { left: TEXT_INSET, width: textWidth, bottom: TEXT_INSET, top: height - TEXT_INSET, height },
  );
  const content = [
    'q',
    // A white ground keeps the page's content from showing through the text and the QR code.
    `1 g 0 0 ${num(width)} ${num(height)} re f`,
    `${RED} RG ${RED} rg`,
    `${2 * OUTER} w ${OUTER} ${OUTER} ${num(width - 2 * OUTER)} ${num(height - 2 * OUTER)} re S`,
    `0.6 w ${INNER} ${INNER} ${num(width - 2 * INNER)} ${num(height - 2 * INNER)} re S`,
    text,
    qrPath(input.qr, qrX, QR_INSET, qrSide),
    'Q',
  ].join('\n');

  return {
    pageIndex: input.pageIndex,
    rect: input.rect,
    build: (add) =>
      new PdfStream(
        new PdfDict([
          ['Type', name('XObject')],
          ['Subtype', name('Form')],
          ['BBox', [0, 0, width, height]],
          ['Resources', new PdfDict([['Font', new PdfDict([['F1', font.write(add)]])]])],
        ]),
        new Uint8Array(Buffer.from(content, 'latin1')),
      ),
  };
}

/**
 * Text objects (9.4) for the lines, top to bottom, each centred in the text column: sizes scale
 * with the seal's height, shrink so that a line fits the column, and shrink together when the
 * lines would not fit the column's height; the spare height is spread between the lines.
 */
function layoutText(
  lines: { size: number; run: { hex: string; width: number } }[],
  box: { left: number; width: number; bottom: number; top: number; height: number },
): string {
  const minGap = 1.5;
  const sizes = lines.map(({ size, run }) =>
    Math.min(
      (size * box.height) / DESIGN_HEIGHT,
      run.width > 0 ? (box.width * 1000) / run.width : size,
    ),
  );
  const room = box.top - box.bottom - minGap * (lines.length - 1);
  const total = sizes.reduce((a, b) => a + b, 0);
  const shrink = Math.min(1, room / total);
  const fitted = sizes.map((size) => size * shrink);
  const gap = (box.top - box.bottom - total * shrink) / Math.max(1, lines.length - 1);
  const ops = ['BT'];
  let y = box.top;
  lines.forEach(({ run }, i) => {
    const size = fitted[i] ?? 0;
    const x = box.left + (box.width - (run.width * size) / 1000) / 2;
    ops.push(`/F1 ${num(size)} Tf 1 0 0 1 ${num(x)} ${num(y - EM_ABOVE_BASELINE * size)} Tm`);
    ops.push(`<${run.hex}> Tj`);
    y -= size + gap;
  });
  ops.push('ET');
  return ops.join('\n');
}
