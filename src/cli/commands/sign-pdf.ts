/** `signet sign --format pades`: PAdES signatures in the PDF itself, as `POST /api/v1/sign?format=pades`. */
import { basename } from 'node:path';
import { PadesError } from '../../core/pades/errors';
import type { SignatureLevel } from '../../documents';
import { MAX_SEAL_PAGE, MAX_SEAL_UNITS, type SealPlacement } from '../../signing/seal';
import { signPdf } from '../../signing/sign-pdf';
import { run, type CliContext, type CommonOptions } from '../context';
import { CliFileError, CliUsageError } from '../errors';
import { readInput, writeAtomically } from '../files';

/** A PDF is read whole (the writer needs random access): the limit keeps that within memory. */
const MAX_LOCAL_PDF_BYTES = 256 * 1024 * 1024;

export interface PdfInput {
  file: string;
  out: string;
}

/** `notice.pdf` is signed into `notice.signed.pdf`, `notice` into `notice.signed.pdf`. */
export function signedPdfName(file: string): string {
  return `${file.replace(/\.pdf$/i, '')}.signed.pdf`;
}

/** `--seal X,Y[,PAGE]`: the seal's lower-left corner in PDF units, on PAGE (from 1, default 1). */
export function parseSeal(text: string): SealPlacement {
  const parts = text.split(',').map((p) => (/^\s*\d+(\.\d+)?\s*$/.test(p) ? Number(p) : NaN));
  const [x = NaN, y = NaN, page = 1] = parts;
  const inUnits = (v: number) => v >= 0 && v <= MAX_SEAL_UNITS;
  if (
    parts.length < 2 ||
    parts.length > 3 ||
    !inUnits(x) ||
    !inUnits(y) ||
    !Number.isInteger(page) ||
    page < 1 ||
    page > MAX_SEAL_PAGE
  ) {
    throw new CliUsageError(
      `--seal is X,Y or X,Y,PAGE: X and Y from 0 to ${MAX_SEAL_UNITS} PDF units from the page's lower-left corner, PAGE from 1.`,
    );
  }
  return { page, x, y };
}

/** Refuses, before anything is signed, an input that is not a file or too large to read whole. */
export function checkPdfInput(file: string, stats: { size: number; isFile(): boolean }): void {
  if (!stats.isFile()) {
    throw new CliFileError('FILE_UNREADABLE', `${file} is not a regular file.`);
  }
  if (stats.size > MAX_LOCAL_PDF_BYTES) {
    throw new CliFileError(
      'FILE_TOO_LARGE',
      `${file} is larger than 256 MiB, the most --format pades reads whole.`,
    );
  }
}

/** A PDF Signet cannot sign (not a PDF, truncated, encrypted): the message names the file. */
function naming(file: string, error: unknown): unknown {
  return error instanceof PadesError
    ? new PadesError(error.code, `${file}: ${error.message}`, { cause: error })
    : error;
}

export async function signPdfFiles(
  ctx: CliContext,
  inputs: PdfInput[],
  o: CommonOptions & { department: string; level: SignatureLevel; seal?: SealPlacement },
): Promise<void> {
  await run(
    ctx,
    o,
    async (s) => {
      const documents = [];
      for (const { file, out } of inputs) {
        const signed = await signPdf(s.signing, {
          departmentId: o.department,
          actor: ctx.actor,
          level: o.level,
          pdf: readInput(file),
          fileName: basename(file),
          seal: o.seal,
        }).catch((error: unknown) => {
          throw naming(file, error);
        });
        writeAtomically(out, signed.pdf, 'signed PDF');
        documents.push({ file, out, ...signed.document });
      }
      return { documents };
    },
    (r) =>
      r.documents
        .map(
          (d) =>
            `${d.file}: signed (PAdES ${d.level}), signed PDF in ${d.out}\n  verification code ${d.verificationCode}  ${d.verifyUrl}`,
        )
        .join('\n'),
  );
}
