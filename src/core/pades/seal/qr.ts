/**
 * A QR code (ISO/IEC 18004) drawn as vector rectangles in a content stream (ISO 32000-1 8.5.2.1
 * `re`, 8.5.3.3 `f`), so it stays sharp at any zoom and needs no image. The caller encodes the
 * symbol; this draws its modules with the quiet zone of four modules the standard asks for.
 */
import { PadesError } from '../errors';

export interface QrMatrix {
  /** Modules per side: 21 (version 1) to 177 (version 40). */
  size: number;
  /** Row-major from the top-left module, size * size entries; non-zero is dark. */
  modules: Uint8Array;
}

/** ISO/IEC 18004 7.3.7: the light margin around the symbol, in modules. */
export const QUIET_ZONE = 4;

export function checkQrMatrix(qr: QrMatrix): void {
  const ok =
    Number.isInteger(qr.size) &&
    qr.size >= 21 &&
    qr.size <= 177 &&
    (qr.size - 17) % 4 === 0 &&
    qr.modules.length === qr.size * qr.size;
  if (!ok) throw new PadesError('INVALID_ARGUMENT', 'The QR code matrix is not a QR symbol.');
}

/**
 * Path operators filling the dark modules of `qr` in the square at (x, y) with side `side`, quiet
 * zone included; each run of dark modules in a row is one rectangle, and the path is filled once,
 * so adjacent modules show no seams.
 */
export function qrPath(qr: QrMatrix, x: number, y: number, side: number): string {
  const unit = side / (qr.size + 2 * QUIET_ZONE);
  const ops: string[] = [];
  for (let row = 0; row < qr.size; row++) {
    const top = y + side - (QUIET_ZONE + row) * unit;
    for (let col = 0; col < qr.size;) {
      if (!qr.modules[row * qr.size + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < qr.size && qr.modules[row * qr.size + col]) col++;
      const left = x + (QUIET_ZONE + start) * unit;
      ops.push(`${num(left)} ${num(top - unit)} ${num((col - start) * unit)} ${num(unit)} re`);
    }
  }
  return `${ops.join('\n')}\nf`;
}

/** A number for a content stream: at most three decimals, no exponent (7.3.3). */
export function num(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}
