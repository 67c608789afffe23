/**
 * What the API accepts: the zod schemas of query strings and JSON bodies. The route table
 * (../route-table.ts) names them for each operation, handlers parse through the table
 * (../route.ts queryOf, jsonBodyOf), and the OpenAPI document is generated from them
 * (z.toJSONSchema, input side), so the three cannot differ.
 */
import { z } from 'zod';
import { displayName } from '../../core/display-text';
import { MAX_SEAL_PAGE, MAX_SEAL_UNITS } from '../../signing/seal';
import { LANGUAGES, MAX_SIGNATURE_BYTES } from '../../verification';
import { PdfFactsBody } from '../pdf-facts';

export const NewDepartment = z
  .object({ id: z.string().min(1).max(63), name: z.string().min(1).max(64) })
  .strict();

export const NewCertificate = z
  .object({
    department: z.string().min(1).max(63),
    days: z.number().int().min(1).optional(),
    csr: z.string().min(1).max(64_000).optional(),
    algorithm: z.string().max(32).optional(),
  })
  .strict();

export const Revocation = z.object({ reason: z.string().min(1).max(64) }).strict();

export const CertificateListQuery = z.object({
  department: z.string().max(63).optional(),
  status: z.enum(['valid', 'revoked', 'expired']).optional(),
});

const Level = z.enum(['B-B', 'B-T', 'B-LT', 'B-LTA'], {
  message: 'level must be B-B, B-T, B-LT or B-LTA',
});
const Hash = z.enum(['sha256', 'sha384', 'sha512', 'sm3'], {
  message: 'the digest algorithm must be sha256, sha384, sha512 or sm3',
});
/** A document's file name: shown in the registry and on the page, so held to the names' rules. */
const FileName = z
  .string()
  .max(255)
  .refine((n) => !/[/\\]/.test(n), 'name must be a plain file name, without a folder')
  .transform((n, ctx) => {
    const checked = displayName(n, 255);
    if ('name' in checked) return checked.name;
    ctx.addIssue({ code: 'custom', message: `name ${checked.problem}` });
    return z.NEVER;
  });
const Units = z.coerce
  .number({ message: 'seal coordinates are numbers of PDF units' })
  .min(0, `seal coordinates are 0 to ${MAX_SEAL_UNITS}`)
  .max(MAX_SEAL_UNITS, `seal coordinates are 0 to ${MAX_SEAL_UNITS}`);
const SEAL_PARAMETERS = ['sealPage', 'sealX', 'sealY', 'sealWidth', 'sealHeight'] as const;

export const SignQuery = z
  .object({
    format: z
      .enum(['cades', 'pades'], { message: 'format must be cades or pades' })
      .default('cades'),
    level: Level.default('B-T'),
    name: FileName.optional(),
    // Absent: SHA-256, or SM3 for a department whose key is SM2 (documentHashOf).
    digestAlgorithm: Hash.optional(),
    // A visible seal (format=pades): page from 1, lower-left corner and size in PDF units.
    seal: z.literal('1', { message: 'seal must be 1' }).optional(),
    sealPage: z.coerce
      .number({ message: 'sealPage must be a page number' })
      .int('sealPage must be a page number')
      .min(1, 'sealPage counts from 1')
      .max(MAX_SEAL_PAGE, 'sealPage is too large')
      .optional(),
    sealX: Units.optional(),
    sealY: Units.optional(),
    sealWidth: Units.optional(),
    sealHeight: Units.optional(),
  })
  .refine(
    (q) =>
      q.seal === undefined
        ? SEAL_PARAMETERS.every((key) => q[key] === undefined)
        : q.format === 'pades' && q.sealX !== undefined && q.sealY !== undefined,
    {
      message:
        'a seal (format=pades only) is seal=1 with sealX and sealY, sealPage, sealWidth and sealHeight optional',
    },
  );

export const DigestQuery = z.object({ level: Level.default('B-T'), name: FileName.optional() });

export const DigestBody = z
  .object({
    digestAlgorithm: Hash,
    digest: z
      .string()
      .regex(/^([0-9a-fA-F]{2})+$/, 'digest must be hexadecimal')
      .max(128),
  })
  .strict();

/** Two-phase signing (issue 17): a digest, and the own-key certificate to sign under if not the newest. */
export const PrepareBody = DigestBody.extend({
  certificate: z
    .string()
    .regex(/^[0-9a-fA-F]{1,40}$/, 'certificate must be a hexadecimal serial number')
    .optional(),
}).strict();

/** The handle prepare answered and the department's signature value over its dataToBeSigned. */
export const CompleteBody = z
  .object({
    handle: z.string().regex(/^[0-9a-f]{32}$/, 'handle must be the one prepare answered'),
    signatureValue: z
      .string()
      .max(2048)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'signatureValue must be base64'),
  })
  .strict();

export const Rescission = z
  .object({
    reason: z.string().trim().min(1).max(1000),
    supersededBy: z.string().max(64).optional(),
  })
  .strict();

/**
 * The language of a report or a registry verdict's sentence (../language.ts reads it, any case,
 * once the body is read).
 */
export const LanguageQuery = z.object({ lang: z.enum(LANGUAGES).optional() });

/** POST /api/v1/verify: the report's language, and whether to add the signed receipt (issue 19). */
export const VerifyQuery = LanguageQuery.extend({ receipt: z.enum(['0', '1']).optional() });

/** The page's language: a wrong one is not refused, the page then follows Accept-Language. */
export const PageQuery = z.object({ lang: z.string().optional() });

/** POST /api/v1/verify as JSON: a digest and a signature, or a PDF's facts (../pdf-facts.ts). */
export const VerifyJson = z
  .object({
    digest: z
      .object({
        algorithm: z.string().max(16),
        value: z.string().max(256),
      })
      .strict()
      .optional(),
    signature: z
      .string()
      .max(2 * MAX_SIGNATURE_BYTES)
      .optional(),
    pdf: PdfFactsBody.optional(),
  })
  .strict()
  .refine((body) => !(body.pdf && body.signature), {
    message: "a PDF's facts carry its signatures: send them without a separate signature",
  });

/** POST /api/v1/verify as a form: file parts, each optional but not both. */
export const VerifyForm = z
  .object({
    document: z.string().meta({
      contentMediaType: 'application/octet-stream',
      description: 'The document (any bytes), streamed and hashed, never kept',
    }),
    signature: z.string().meta({
      contentMediaType: 'application/octet-stream',
      description: `The CMS signature: DER, PEM or base64, at most ${MAX_SIGNATURE_BYTES} bytes`,
    }),
  })
  .partial();

/** A uint64 in decimal, no leading zero (tlog sizes and indices). */
const Uint64 = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,19})$/, { message: 'must be a decimal integer' })
  .refine((v) => !/^[0-9]+$/.test(v) || BigInt(v) < 1n << 64n, { message: 'must be below 2^64' });
export const LogProofQuery = z.object({ index: Uint64, size: Uint64 });
