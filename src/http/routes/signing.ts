import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { displayName } from '../../core/display-text';
import type { AuthorityCache, CaDeps } from '../../ca/context';
import { digestStream } from '../../signing/digest-stream';
import { documentByCode, rescindDocument } from '../../signing/documents';
import type { DocumentRegistry, SignatureLevel } from '../../signing/ports';
import { MAX_SEAL_PAGE, MAX_SEAL_UNITS, type SealPlacement } from '../../signing/seal';
import { signPdf } from '../../signing/sign-pdf';
import { signDigest, type SignedDocument, type SigningDeps } from '../../signing/sign';
import { completeSignature, prepareSignature } from '../../signing/two-phase';
import { localizeDocumentView } from '../../verification';
import { HttpError } from '../errors';
import { reportLanguage } from '../language';
import { requireDepartment, type Authenticate } from '../middleware/auth';
import { discardBody, jsonBody } from '../middleware/body';

/** How much of a refused document is still read so that the client sees the 413. */
const DISCARD_CAP_BYTES = 64 * 1024 * 1024;
import { validate } from '../validate';

const Level = z.enum(['B-B', 'B-T', 'B-LT'], { message: 'level must be B-B, B-T or B-LT' });
const Hash = z.enum(['sha256', 'sha384', 'sha512'], {
  message: 'the digest algorithm must be sha256, sha384 or sha512',
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
const SignQuery = z
  .object({
    format: z
      .enum(['cades', 'pades'], { message: 'format must be cades or pades' })
      .default('cades'),
    level: Level.default('B-T'),
    name: FileName.optional(),
    digestAlgorithm: Hash.default('sha256'),
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

/** The seal's placement a query asks for, if any. */
function sealPlacement(q: z.infer<typeof SignQuery>): SealPlacement | undefined {
  if (q.seal === undefined || q.sealX === undefined || q.sealY === undefined) return undefined;
  return {
    page: q.sealPage ?? 1,
    x: q.sealX,
    y: q.sealY,
    width: q.sealWidth,
    height: q.sealHeight,
  };
}
const DigestQuery = z.object({ level: Level.default('B-T'), name: FileName.optional() });
const DigestBody = z
  .object({
    digestAlgorithm: Hash,
    digest: z
      .string()
      .regex(/^([0-9a-fA-F]{2})+$/, 'digest must be hexadecimal')
      .max(128),
  })
  .strict();
const PrepareBody = DigestBody.extend({
  certificate: z
    .string()
    .regex(/^[0-9a-fA-F]{1,40}$/, 'certificate must be a hexadecimal serial number')
    .optional(),
}).strict();
const CompleteBody = z
  .object({
    handle: z.string().regex(/^[0-9a-f]{32}$/, 'handle must be the one prepare answered'),
    signatureValue: z
      .string()
      .max(2048)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'signatureValue must be base64'),
  })
  .strict();
const Rescission = z
  .object({
    reason: z.string().trim().min(1).max(1000),
    supersededBy: z.string().max(64).optional(),
  })
  .strict();

const signedJson = (s: SignedDocument) => ({
  id: s.id,
  verificationCode: s.verificationCode,
  verifyUrl: s.verifyUrl,
  digest: s.digest,
  signedAt: s.signedAt,
  certificateSerial: s.certificateSerial,
  level: s.level,
  signature: Buffer.from(s.signature).toString('base64'),
});

function declaredLength(req: Request): number | undefined {
  const header = req.get('content-length');
  return header === undefined ? undefined : Number(header);
}

/** Reads a PDF body whole (the PDF writer needs random access), within the PDF size limit. */
function readPdfBody(req: Request, res: Response, limit: number): Promise<Buffer> {
  const parse = express.raw({ type: 'application/pdf', limit });
  return new Promise((resolve, reject) => {
    parse(req, res, (err?: unknown) =>
      err ? reject(err) : resolve(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)),
    );
  });
}

export interface SigningRouterDeps {
  signing: SigningDeps;
  ca: CaDeps;
  authorities: AuthorityCache;
  documents: DocumentRegistry;
  authenticate: Authenticate;
  maxDocumentBytes: number;
  /** PDFs are read whole (the writer needs random access): a tighter limit than streamed documents. */
  maxPdfBytes?: number;
}

const DEFAULT_MAX_PDF_BYTES = 64 * 1024 * 1024;

/** Signing (department key) and the document registry (public look-up, department rescission). */
export function signingRouter(deps: SigningRouterDeps): Router {
  const r = Router();
  const department = requireDepartment(deps.authenticate);

  // PAdES: a PDF in, the signed PDF out (SPEC.md), with the registry entry in headers.
  const signPdfRequest = async (
    req: Request,
    res: Response,
    level: SignatureLevel,
    name?: string,
    seal?: SealPlacement,
  ): Promise<void> => {
    if (!req.is('application/pdf')) {
      throw new HttpError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'format=pades takes an application/pdf body.',
      );
    }
    const pdf = await readPdfBody(req, res, deps.maxPdfBytes ?? DEFAULT_MAX_PDF_BYTES);
    if (pdf.length === 0)
      throw new HttpError(400, 'EMPTY_DOCUMENT', 'The PDF is empty: there is nothing to sign.');
    const signed = await signPdf(deps.signing, {
      departmentId: res.locals.departmentId,
      actor: res.locals.actor,
      level,
      pdf: new Uint8Array(pdf),
      fileName: name,
      seal,
    });
    res
      .status(201)
      .type('application/pdf')
      .setHeader('Signet-Document-Id', signed.document.id)
      .setHeader('Signet-Verification-Code', signed.document.verificationCode)
      .setHeader('Signet-Verify-Url', signed.document.verifyUrl)
      .send(Buffer.from(signed.pdf));
  };

  // The body is the document, streamed: hashed as it arrives, never buffered (SPEC.md "Signing").
  r.post('/api/v1/sign', department, async (req, res) => {
    const q = validate(SignQuery, req.query);
    if (q.format === 'pades') {
      await signPdfRequest(req, res, q.level, q.name, sealPlacement(q));
      return;
    }
    const length = declaredLength(req);
    if (length !== undefined && length > deps.maxDocumentBytes) {
      await discardBody(req, res, DISCARD_CAP_BYTES);
      throw new HttpError(
        413,
        'DOCUMENT_TOO_LARGE',
        `The document is larger than the limit of ${deps.maxDocumentBytes} bytes.`,
      );
    }
    let hashed;
    try {
      hashed = await digestStream(req, q.digestAlgorithm, deps.maxDocumentBytes);
    } catch (error) {
      await discardBody(req, res, DISCARD_CAP_BYTES);
      throw error;
    }
    const signed = await signDigest(deps.signing, {
      departmentId: res.locals.departmentId,
      actor: res.locals.actor,
      level: q.level,
      hash: q.digestAlgorithm,
      digest: hashed.digest,
      fileName: q.name,
    });
    res.status(201).json(signedJson(signed));
  });

  r.post('/api/v1/sign/digest', department, ...jsonBody, async (req, res) => {
    const q = validate(DigestQuery, req.query);
    const body = validate(DigestBody, req.body);
    const signed = await signDigest(deps.signing, {
      departmentId: res.locals.departmentId,
      actor: res.locals.actor,
      level: q.level,
      hash: body.digestAlgorithm,
      digest: new Uint8Array(Buffer.from(body.digest, 'hex')),
      fileName: q.name,
    });
    res.status(201).json(signedJson(signed));
  });

  // Two-phase signing (issue 17): the department's key stays in its own HSM.
  r.post('/api/v1/sign/prepare', department, ...jsonBody, async (req, res) => {
    const q = validate(DigestQuery, req.query);
    const body = validate(PrepareBody, req.body);
    const prepared = await prepareSignature(deps.signing, {
      departmentId: res.locals.departmentId,
      actor: res.locals.actor,
      level: q.level,
      hash: body.digestAlgorithm,
      digest: new Uint8Array(Buffer.from(body.digest, 'hex')),
      fileName: q.name,
      certificateSerial: body.certificate,
    });
    res.status(201).json({
      handle: prepared.handle,
      dataToBeSigned: Buffer.from(prepared.dataToBeSigned).toString('base64'),
      digestAlgorithm: prepared.scheme.hash,
      signatureAlgorithm: prepared.scheme.keyType === 'ec' ? 'ecdsa' : 'rsa-pkcs1',
      certificateSerial: prepared.certificateSerial,
      signingTime: prepared.signingTime,
      expiresAt: prepared.expiresAt,
    });
  });

  r.post('/api/v1/sign/complete', department, ...jsonBody, async (req, res) => {
    const body = validate(CompleteBody, req.body);
    const signed = await completeSignature(deps.signing, {
      departmentId: res.locals.departmentId,
      actor: res.locals.actor,
      handle: body.handle,
      signatureValue: new Uint8Array(Buffer.from(body.signatureValue, 'base64')),
    });
    res.status(201).json(signedJson(signed));
  });

  // ?lang= as for a verification report (language.ts): the verdict's sentence in that language.
  r.get('/api/v1/documents/:code', (req, res) => {
    const language = reportLanguage(req);
    const view = documentByCode(
      { ca: deps.ca, documents: deps.documents },
      String(req.params.code),
    );
    res.status(200).set('Content-Language', language).json(localizeDocumentView(view, language));
  });

  r.post('/api/v1/documents/:id/rescind', department, ...jsonBody, (req, res) => {
    const body = validate(Rescission, req.body);
    const view = rescindDocument(
      { ca: deps.ca, documents: deps.documents },
      {
        id: String(req.params.id),
        departmentId: res.locals.departmentId,
        actor: res.locals.actor,
        ...body,
      },
    );
    res.status(200).json(view);
  });

  return r;
}
