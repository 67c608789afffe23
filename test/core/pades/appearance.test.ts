import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  PdfDict,
  PdfName,
  PdfStream,
  readPdfSignatures,
  type SignatureAppearance,
} from '../../../src/core/pades';
import { tempDir, type TestPki } from '../../helpers/openssl';
import { count, inputPdf, makePdfSigningPki, nssDbTrusting, pdfsig, signPdf } from './helpers';

let finance: TestPki;
let audit: TestPki;
let nssDb: string;
beforeAll(() => {
  ({ pki: finance, second: audit } = makePdfSigningPki());
  nssDb = nssDbTrusting(finance);
});

/**
 * A red box as the widget's normal appearance: a form XObject (ISO 32000-1 8.10) with an
 * indirect resource dictionary made through `add`, as a seal's font and image would be.
 */
function redBox(rect: [number, number, number, number]): SignatureAppearance {
  const [x1, y1, x2, y2] = rect;
  return {
    pageIndex: 0,
    rect,
    build: (add) => {
      const resources = add(new PdfDict([['ProcSet', [new PdfName('PDF')]]]));
      const content = Buffer.from(`1 0 0 rg 0 0 ${x2 - x1} ${y2 - y1} re f`, 'latin1');
      return new PdfStream(
        new PdfDict([
          ['Type', new PdfName('XObject')],
          ['Subtype', new PdfName('Form')],
          ['BBox', [0, 0, x2 - x1, y2 - y1]],
          ['Resources', resources],
        ]),
        new Uint8Array(content),
      );
    },
  };
}

/** The RGB pixel at (x, y) of page one rendered at 72 dpi (PDF units = pixels; y from the top). */
function pixel(pdf: Uint8Array, x: number, y: number): [number, number, number] {
  const dir = tempDir('signet-render-');
  writeFileSync(join(dir, 'in.pdf'), pdf);
  execFileSync('pdftoppm', [
    '-r',
    '72',
    '-f',
    '1',
    '-l',
    '1',
    '-x',
    String(x),
    '-y',
    String(y),
    '-W',
    '1',
    '-H',
    '1',
    join(dir, 'in.pdf'),
    join(dir, 'out'),
  ]);
  const ppm = readFileSync(join(dir, 'out-1.ppm'));
  const rgb = ppm.subarray(ppm.length - 3);
  return [rgb[0] ?? 0, rgb[1] ?? 0, rgb[2] ?? 0];
}

describe('a signature with an appearance (the hook for a visible seal)', () => {
  it('draws the appearance on the page, stays valid, and a countersignature keeps it so', async () => {
    // Page one is 595 x 842; the box spans x 400-500, y 100-160 in PDF space.
    const pdf = await inputPdf('pdf-lib, cross-reference table', finance.dir);
    const sealed = await signPdf(pdf, finance, { appearance: redBox([400, 100, 500, 160]) });
    expect(pixel(pdf, 450, 842 - 130)).toEqual([255, 255, 255]);
    expect(pixel(sealed, 450, 842 - 130)).toEqual([255, 0, 0]);

    const countersigned = await signPdf(sealed, audit, {
      appearance: redBox([100, 100, 200, 160]),
    });
    expect(pixel(countersigned, 150, 842 - 130)).toEqual([255, 0, 0]);
    expect(count(pdfsig(nssDb, countersigned), 'Signature is Valid.')).toBe(2);
    const [first] = readPdfSignatures(countersigned).signatures;
    expect(first?.changesAfter.length).toBeGreaterThan(0);
    expect(first?.changesAfter.filter((c) => !c.allowed)).toEqual([]);
  });
});
