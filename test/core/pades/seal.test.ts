/**
 * The visible seal (issue 7): the stamp drawn as the signature widget's appearance renders where
 * it was placed (pdftoppm), its QR code is the verification address module by module, its Chinese
 * text comes from the embedded font subset and reads back as text (pdffonts, pdftotext), and the
 * signature stays valid and trusted (pdfsig).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { PadesError } from '../../../src/core/pades';
import { sealAppearance, type QrMatrix, type SealInput } from '../../../src/core/pades/seal';
import { sealFont } from '../../../src/signing/seal-font';
import { tempDir, type TestPki } from '../../helpers/openssl';
import { renderArea, type Raster } from '../../helpers/render';
import {
  inputPdf,
  makePdfSigningPki,
  nssDbTrusting,
  pdfsig,
  signingTime,
  signPdf,
} from './helpers';

const CODE = '7KQD-M2XF-9TWA-H4PC';
const URL = `https://signet.example.gov.cn/verify/${CODE}`;
/** Page one is 595 x 842; the seal spans x 350-550, y 60-150. */
const RECT: [number, number, number, number] = [350, 60, 550, 150];

function qrOf(text: string): QrMatrix {
  const symbol = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  return { size: symbol.size, modules: symbol.data };
}

function seal(overrides: Partial<SealInput> = {}): SealInput {
  return {
    pageIndex: 0,
    rect: RECT,
    departmentName: '北京市财政局',
    signingTime,
    verificationCode: CODE,
    qr: qrOf(URL),
    font: sealFont(),
    ...overrides,
  };
}

/** An RGB image: pixel (x, y) from the top left is `rgb[3 * (y * width + x)]` onward. */
/** Page one (595 x 842) of `pdf`, the area [x1 y1 x2 y2] at `scale` pixels per unit. */
function render(pdf: Uint8Array, area: [number, number, number, number], scale: number): Raster {
  return renderArea(pdf, area, { scale });
}

function pixel(r: Raster, x: number, y: number): [number, number, number] {
  const at = 3 * (Math.floor(y) * r.width + Math.floor(x));
  return [r.rgb[at] ?? 0, r.rgb[at + 1] ?? 0, r.rgb[at + 2] ?? 0];
}

/** The share of pixels that are clearly red: the seal's ink. */
function redShare(r: Raster): number {
  let red = 0;
  for (let i = 0; i < r.rgb.length; i += 3) {
    const [cr, cg, cb] = [r.rgb[i] ?? 0, r.rgb[i + 1] ?? 0, r.rgb[i + 2] ?? 0];
    if (cr > 150 && cg < 100 && cb < 100) red++;
  }
  return red / (r.width * r.height);
}

function poppler(tool: string, args: string[], pdf: Uint8Array): string {
  const path = join(tempDir('signet-seal-'), 'sealed.pdf');
  writeFileSync(path, pdf);
  return execFileSync(tool, [...args, path, ...(tool === 'pdftotext' ? ['-'] : [])]).toString();
}

describe('a signature with a visible seal', () => {
  let finance: TestPki;
  let nssDb: string;
  let pdf: Uint8Array;
  let sealed: Uint8Array;
  beforeAll(async () => {
    ({ pki: finance } = makePdfSigningPki());
    nssDb = nssDbTrusting(finance);
    pdf = await inputPdf('pdf-lib, cross-reference table', finance.dir);
    sealed = await signPdf(pdf, finance, { appearance: sealAppearance(seal()) });
  });

  it('renders the stamp in its rectangle, where the page was blank', () => {
    expect(redShare(render(pdf, RECT, 1))).toBe(0);
    const stamp = render(sealed, RECT, 1);
    expect(redShare(stamp)).toBeGreaterThan(0.1);
    // The double border runs along the edges.
    expect(pixel(stamp, 100, 0.5)[0]).toBeGreaterThan(150);
    expect(pixel(stamp, 0.5, 45)[1]).toBeLessThan(100);
  });

  it('draws the QR code of the verification address, module by module', () => {
    // The QR square is the seal's height less 4.6 units each side, flush right; four quiet modules.
    const qr = qrOf(URL);
    const side = 90 - 2 * 4.6;
    const scale = 4;
    const image = render(sealed, [550 - 4.6 - side, 64.6, 545.4, 145.4], scale);
    const unit = (side * scale) / (qr.size + 8);
    const misread: string[] = [];
    for (let row = 0; row < qr.size; row++) {
      for (let col = 0; col < qr.size; col++) {
        const [red, green] = pixel(image, (4.5 + col) * unit, (4.5 + row) * unit);
        const dark = red > 150 && green < 100;
        if (dark !== Boolean(qr.modules[row * qr.size + col])) misread.push(`${row},${col}`);
      }
    }
    expect(misread).toEqual([]);
  });

  it('sets its text in an embedded subset that reads back as text', () => {
    expect(poppler('pdffonts', [], sealed)).toMatch(
      /\+NotoSansSC-Bold\s+CID TrueType\s+Identity-H\s+yes yes yes/,
    );
    const text = poppler('pdftotext', ['-f', '1', '-l', '1'], sealed);
    expect(text).toContain('北京市财政局');
    expect(text).toContain('签署时间（北京时间）');
    expect(text).toContain('2025-03-01 18:00:00');
    expect(text).toContain('2025-03-01T10:00:00Z');
    expect(text).toContain(CODE);
  });

  it('leaves the signature valid and trusted', () => {
    const report = pdfsig(nssDb, sealed);
    expect(report).toContain('Signature is Valid.');
    expect(report).toContain('Certificate is Trusted.');
  });

  describe('when the seal cannot be drawn', () => {
    const codeOf = (input: SealInput): string | undefined => {
      try {
        sealAppearance(input);
      } catch (error) {
        if (error instanceof PadesError) return error.code;
        throw error;
      }
      return undefined;
    };
    it('refuses a rectangle too small for the stamp', () => {
      expect(codeOf(seal({ rect: [0, 0, 200, 40] }))).toBe('INVALID_ARGUMENT');
      expect(codeOf(seal({ rect: [0, 0, 120, 90] }))).toBe('INVALID_ARGUMENT');
    });
    it('refuses a name with a character the font lacks, rather than print a blank', () => {
      expect(codeOf(seal({ departmentName: '财政局😀' }))).toBe('INVALID_ARGUMENT');
    });
    it('refuses a matrix that is not a QR symbol', () => {
      expect(codeOf(seal({ qr: { size: 20, modules: new Uint8Array(400) } }))).toBe(
        'INVALID_ARGUMENT',
      );
    });
  });
});
