/** Page one of a PDF rendered by poppler's pdftoppm, to see what a reader would draw. */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './openssl';

export interface Raster {
  width: number;
  height: number;
  rgb: Uint8Array;
}

/**
 * The area [x1 y1 x2 y2] (PDF units, origin bottom left) of page one, whose height is
 * `pageHeight` units, rendered at `scale` pixels per unit, as a PPM raster.
 */
export function renderArea(
  pdf: Uint8Array,
  area: [number, number, number, number],
  { scale = 1, pageHeight = 842 }: { scale?: number; pageHeight?: number } = {},
): Raster {
  const dir = tempDir('signet-render-');
  writeFileSync(join(dir, 'in.pdf'), pdf);
  const [x1, y1, x2, y2] = area;
  const crop = [x1, pageHeight - y2, x2 - x1, y2 - y1].map((v) => String(Math.round(v * scale)));
  execFileSync('pdftoppm', [
    ...['-r', String(72 * scale), '-f', '1', '-l', '1', '-singlefile'],
    ...['-x', crop[0] ?? '', '-y', crop[1] ?? '', '-W', crop[2] ?? '', '-H', crop[3] ?? ''],
    join(dir, 'in.pdf'),
    join(dir, 'out'),
  ]);
  const ppm = readFileSync(join(dir, 'out.ppm'));
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 32).toString('latin1'));
  if (!header) throw new Error('pdftoppm did not write a binary PPM.');
  const [, width, height] = header.map(Number);
  return { width: width ?? 0, height: height ?? 0, rgb: ppm.subarray(header[0].length) };
}

/** The share of colour samples darker than mid-grey: ink on white paper. */
export function inkShare(raster: Raster): number {
  return raster.rgb.filter((v) => v < 128).length / Math.max(1, raster.rgb.length);
}
