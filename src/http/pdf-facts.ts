/**
 * The `pdf` member of POST /api/v1/verify's JSON form: the facts of a PDF read on the reader's
 * device by the same code the server runs (verification/pdf-facts.ts), so that the document
 * itself never leaves it. Checked here with limits; judged by verification/pdf.ts as an uploaded
 * PDF is. The schema's output must be PdfFacts: a fact added to core's reading fails the type
 * check here until the form carries it.
 */
import { z } from 'zod';
import type { PdfChangeKind } from '../core/pades';
import { MAX_SIGNATURE_BYTES, type PdfFacts } from '../verification';

/** Signatures in one PDF's facts (each is verified; see MAX_SIGNERS for how many at once). */
export const MAX_PDF_SIGNATURES = 64;
/** Changes listed per signature and for the file: a tampered file's thousands are refused. */
const MAX_CHANGES = 10_000;
/** DSS entries per array: core/pades/dss.ts reads at most 64. */
const MAX_VALIDATION_DATA = 64;
/** A certificate, CRL or OCSP response (DER) in base64. */
const MAX_VALIDATION_ITEM_CHARS = 4 * MAX_SIGNATURE_BYTES;
const MAX_TEXT = 4096;

const base64 = (maxChars: number) =>
  z
    .string()
    .max(maxChars)
    .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'must be base64')
    .transform((text) => new Uint8Array(Buffer.from(text, 'base64')));

const text = z.string().max(MAX_TEXT);
const offset = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const Change = z
  .object({
    revision: offset,
    revisionEnd: offset,
    objectNumber: offset,
    action: z.enum(['added', 'modified', 'deleted']),
    // Kinds are core's to add (core/pades/changes.ts); `allowed` is what the judgement reads.
    kind: z
      .string()
      .max(64)
      .transform((kind) => kind as PdfChangeKind),
    allowed: z.boolean(),
    description: text,
  })
  .strict();

const Signature = z
  .object({
    fieldName: text,
    byteRange: z.array(offset).max(16),
    contents: base64(2 * MAX_SIGNATURE_BYTES),
    filter: text.optional(),
    subFilter: text.optional(),
    signingTime: z.iso
      .datetime({ offset: true })
      .transform((t) => new Date(t))
      .optional(),
    name: text.optional(),
    reason: text.optional(),
    location: text.optional(),
    contactInfo: text.optional(),
    revisionEnd: offset,
    coversWholeRevision: z.boolean(),
    problems: z.array(text).max(16),
    changesAfter: z.array(Change).max(MAX_CHANGES),
    digests: z
      .object({ sha256: base64(88), sha384: base64(88), sha512: base64(88) })
      .partial()
      .strict(),
  })
  .strict();

const validationData = z.array(base64(MAX_VALIDATION_ITEM_CHARS)).max(MAX_VALIDATION_DATA);

export const PdfFactsBody = z
  .object({
    signatures: z.array(Signature).max(MAX_PDF_SIGNATURES),
    changesAfter: z.array(Change).max(MAX_CHANGES),
    /** Bytes after the last revision: the trailing_data warning. */
    trailingBytes: offset,
    validationData: z
      .object({
        certificates: validationData,
        crls: validationData,
        ocspResponses: validationData,
      })
      .strict(),
  })
  .strict();

/** The facts as verify() takes them (the type check that the form carries every fact). */
export function pdfFactsOf(body: z.infer<typeof PdfFactsBody>): PdfFacts {
  return body;
}
