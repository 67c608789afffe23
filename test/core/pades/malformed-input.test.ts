import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  addDocumentSecurityStore,
  PadesError,
  preparePdfSignature,
  readPdfSignatures,
} from '../../../src/core/pades';
import type { TestPki } from '../../helpers/openssl';
import { INPUT_KINDS, inputPdf, makePdfSigningPki, signingTime, signPdf } from './helpers';

let pki: TestPki;
beforeAll(() => {
  pki = makePdfSigningPki().pki;
});

/** Every entry point that takes a PDF. */
const entryPoints: [string, (pdf: Uint8Array) => unknown][] = [
  ['preparePdfSignature', (pdf) => preparePdfSignature(pdf, { signingTime })],
  ['readPdfSignatures', (pdf) => readPdfSignatures(pdf)],
  ['addDocumentSecurityStore', (pdf) => addDocumentSecurityStore(pdf, { certificates: [] })],
];

function encrypt(pdf: Uint8Array): Uint8Array {
  const input = join(pki.dir, 'plain.pdf');
  const output = join(pki.dir, 'encrypted.pdf');
  writeFileSync(input, pdf);
  execFileSync('qpdf', ['--encrypt', 'u', 'o', '256', '--', input, output], { stdio: 'pipe' });
  return new Uint8Array(readFileSync(output));
}

/** The code of the PadesError `run` throws; fails the test for any other outcome. */
function errorCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof PadesError) return error.code;
    throw error;
  }
  throw new Error('no error was thrown');
}

/** A minimal PDF whose catalog is `catalog` and whose trailer adds `trailerExtra`. */
function pdfWith(catalog: string, trailerExtra = ''): Uint8Array {
  const head = '%PDF-1.7\n';
  const object = `1 0 obj\n${catalog}\nendobj\n`;
  const xref = head.length + object.length;
  const prev = trailerExtra.replace('SELF', String(xref));
  return new Uint8Array(
    Buffer.from(
      `${head}${object}xref\n0 2\n0000000000 65535 f \n${String(head.length).padStart(10, '0')} 00000 n \n` +
        `trailer\n<< /Size 2 /Root 1 0 R ${prev} >>\nstartxref\n${xref}\n%%EOF\n`,
      'latin1',
    ),
  );
}

describe.each(entryPoints)('%s', (_, run) => {
  describe.each(['pdf-lib, cross-reference table', 'qpdf, object streams'] as const)(
    'on an encrypted PDF made from %s',
    (kind) => {
      it('refuses with ENCRYPTED_PDF', async () => {
        const encrypted = encrypt(await inputPdf(kind, pki.dir));
        expect(errorCode(() => run(encrypted))).toBe('ENCRYPTED_PDF');
      });
    },
  );

  it.each([
    ['an empty file', new Uint8Array()],
    ['a text file', new Uint8Array(Buffer.from('Notice No. 42 of the Finance Bureau\n'))],
    ['a PNG header', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ['a PDF header alone', new Uint8Array(Buffer.from('%PDF-1.7\n'))],
    ['a /Prev that loops', pdfWith('<< /Type /Catalog >>', '/Prev SELF')],
    ['objects nested 100,000 deep', pdfWith(`<< /Type /Catalog /A ${'['.repeat(100_000)} >>`)],
    ['a number of 400 digits', pdfWith(`<< /Type /Catalog /N ${'9'.repeat(400)} >>`)],
  ])('refuses %s with MALFORMED_PDF', (_name, pdf) => {
    expect(errorCode(() => run(pdf))).toBe('MALFORMED_PDF');
  });

  describe.each(INPUT_KINDS)('on a PDF made by %s cut short', (kind) => {
    it('refuses every cut that leaves no complete revision with MALFORMED_PDF', async () => {
      const pdf = await inputPdf(kind, pki.dir);
      for (const length of [1, 8, Math.floor(pdf.length / 2), pdf.length - 30]) {
        expect([length, errorCode(() => run(pdf.subarray(0, length)))]).toEqual([
          length,
          'MALFORMED_PDF',
        ]);
      }
    });
  });
});

describe('a page tree that loops', () => {
  const pdf = pdfWith('<< /Type /Catalog /Pages 1 0 R /Kids [1 0 R] >>');
  it('is walked once: preparePdfSignature finds no page and refuses with MALFORMED_PDF', () => {
    expect(errorCode(() => preparePdfSignature(pdf, { signingTime }))).toBe('MALFORMED_PDF');
  });
  it('does not stop readPdfSignatures, which needs no page', () => {
    expect(readPdfSignatures(pdf).signatures).toEqual([]);
  });
});

describe.each(['hand, minimal', 'qpdf, object streams'] as const)(
  'damaged signed PDFs made by %s (seeded byte changes and cuts)',
  (kind) => {
    it('end in a result or a PadesError, never another exception or a hang', async () => {
      const signed = await signPdf(await signPdf(await inputPdf(kind, pki.dir), pki), pki);
      let seed = 42;
      const random = (n: number): number => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed % n;
      };
      const started = Date.now();
      for (let i = 0; i < 150; i++) {
        const damaged = i % 3 === 0 ? signed.slice(0, random(signed.length)) : signed.slice();
        if (i % 3 !== 0) {
          for (let k = 0; k < 1 + random(4); k++) damaged[random(damaged.length)] = random(256);
        }
        for (const [, run] of entryPoints) {
          try {
            run(damaged);
          } catch (error) {
            expect(error).toBeInstanceOf(PadesError);
          }
        }
      }
      expect(Date.now() - started).toBeLessThan(30_000);
    });
  },
);
