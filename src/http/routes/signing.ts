import express, { Router, type Request, type Response } from 'express';
import { renewArchive } from '../../signing/archive';
import { digestStream } from '../../signing/digest-stream';
import {
  documentByCode,
  rescindDocument,
  type RescindDeps,
  type SignatureLevel,
} from '../../documents';
import type { SealPlacement } from '../../signing/seal';
import { signPdf } from '../../signing/sign-pdf';
import {
  documentHash,
  signDigest,
  type SignDigestRequest,
  type SignedDocument,
  type SigningDeps,
} from '../../signing/sign';
import { completeSignature, prepareSignature } from '../../signing/two-phase';
import { localizeDocumentView } from '../../verification';
import { HttpError } from '../errors';
import { reportLanguage } from '../language';
import { requireDepartment, type Authenticate } from '../middleware/auth';
import { discardBody } from '../middleware/body';
import { jsonBodyOf, queryOf, tableRoutes } from '../route';
import type { JsonBodyOf, QueryOf } from '../route-table';

/** How much of a refused document is still read so that the client sees the 413. */
const DISCARD_CAP_BYTES = 64 * 1024 * 1024;

/** The seal's placement a query asks for, if any. */
function sealPlacement(q: QueryOf<'post /api/v1/sign'>): SealPlacement | undefined {
  if (q.seal === undefined || q.sealX === undefined || q.sealY === undefined) return undefined;
  return {
    page: q.sealPage ?? 1,
    x: q.sealX,
    y: q.sealY,
    width: q.sealWidth,
    height: q.sealHeight,
  };
}

/** A digest to sign, as /sign/digest and /sign/prepare both take it (query and JSON body). */
const digestRequest = (
  res: Response,
  q: QueryOf<'post /api/v1/sign/digest'>,
  body: JsonBodyOf<'post /api/v1/sign/digest'>,
): SignDigestRequest => ({
  departmentId: res.locals.departmentId,
  actor: res.locals.actor,
  level: q.level,
  hash: body.digestAlgorithm,
  digest: new Uint8Array(Buffer.from(body.digest, 'hex')),
  fileName: q.name,
});

/** How /sign/prepare names the value a department's key must produce (README, two phases). */
const SIGNATURE_ALGORITHM_NAMES = { ec: 'ecdsa', rsa: 'rsa-pkcs1', sm2: 'sm2' } as const;

const signedJson = (s: SignedDocument) => ({
  id: s.id,
  verificationCode: s.verificationCode,
  verifyUrl: s.verifyUrl,
  digest: s.digest,
  signedAt: s.signedAt,
  certificateSerial: s.certificateSerial,
  level: s.level,
  signature: Buffer.from(s.signature).toString('base64'),
  transparency: s.transparency,
});

/** The PAdES answer's Signet-Transparency header: `included; index=N`, `pending` or `none`. */
const transparencyHeader = (t: SignedDocument['transparency']): string =>
  !t ? 'none' : t.status === 'included' ? `included; index=${t.index}` : t.status;

function declaredLength(req: Request): number | undefined {
  const header = req.get('content-length');
  return header === undefined ? undefined : Number(header);
}

/** Reads a PDF body whole (the PDF writer needs random access), within the PDF size limit. */
function readPdfBody(req: Request, res: Response, limit: number): Promise<Buffer> {
  return readRawBody(req, res, 'application/pdf', limit);
}

/** Reads a body of media type `type` whole, within `limit` bytes. */
function readRawBody(req: Request, res: Response, type: string, limit: number): Promise<Buffer> {
  const parse = express.raw({ type, limit });
  return new Promise((resolve, reject) => {
    parse(req, res, (err?: unknown) =>
      err ? reject(err) : resolve(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)),
    );
  });
}

export interface SigningRouterDeps {
  signing: SigningDeps;
  /** The register of documents: public look-up by code, rescission by the signing department. */
  documents: RescindDeps;
  authenticate: Authenticate;
  maxDocumentBytes: number;
  /** PDFs are read whole (the writer needs random access): a tighter limit than streamed documents. */
  maxPdfBytes?: number;
}

const DEFAULT_MAX_PDF_BYTES = 64 * 1024 * 1024;

/** Signing (department key) and the document registry (public look-up, department rescission). */
export function signingRouter(deps: SigningRouterDeps): Router {
  const r = Router();
  const on = tableRoutes(r, { department: requireDepartment(deps.authenticate) });

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
      .setHeader('Signet-Transparency', transparencyHeader(signed.document.transparency))
      .send(Buffer.from(signed.pdf));
  };

  // A signature file is read whole, as a PDF is: the new time-stamp covers all of it.
  on('post /api/v1/archive/renew', async (req, res) => {
    const type = req.is(['application/pdf', 'application/pkcs7-signature']);
    if (!type) {
      throw new HttpError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Send the signed PDF (application/pdf) or the CMS (application/pkcs7-signature).',
      );
    }
    const file = await readRawBody(req, res, type, deps.maxPdfBytes ?? DEFAULT_MAX_PDF_BYTES);
    if (file.length === 0) throw new HttpError(400, 'EMPTY_DOCUMENT', 'The file is empty.');
    const renewed = await renewArchive(deps.signing, {
      file: new Uint8Array(file),
      actor: res.locals.actor,
      departmentId: res.locals.departmentId,
    });
    res
      .status(200)
      .type(renewed.format === 'pades' ? 'application/pdf' : 'application/pkcs7-signature')
      .send(Buffer.from(renewed.bytes));
  });

  // The body is the document, streamed: hashed as it arrives, never buffered (SPEC.md "Signing").
  on('post /api/v1/sign', async (req, res) => {
    const q = queryOf('post /api/v1/sign', req);
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
    const hash = documentHash(deps.signing, res.locals.departmentId, q.digestAlgorithm);
    let hashed;
    try {
      hashed = await digestStream(req, hash, deps.maxDocumentBytes);
    } catch (error) {
      await discardBody(req, res, DISCARD_CAP_BYTES);
      throw error;
    }
    const signed = await signDigest(deps.signing, {
      departmentId: res.locals.departmentId,
      actor: res.locals.actor,
      level: q.level,
      hash,
      digest: hashed.digest,
      fileName: q.name,
    });
    res.status(201).json(signedJson(signed));
  });

  on('post /api/v1/sign/digest', async (req, res) => {
    const q = queryOf('post /api/v1/sign/digest', req);
    const body = jsonBodyOf('post /api/v1/sign/digest', req);
    const signed = await signDigest(deps.signing, digestRequest(res, q, body));
    res.status(201).json(signedJson(signed));
  });

  // Two-phase signing (issue 17): the department's key stays in its own HSM.
  on('post /api/v1/sign/prepare', async (req, res) => {
    const q = queryOf('post /api/v1/sign/prepare', req);
    const body = jsonBodyOf('post /api/v1/sign/prepare', req);
    const prepared = await prepareSignature(deps.signing, {
      ...digestRequest(res, q, body),
      certificateSerial: body.certificate,
    });
    res.status(201).json({
      handle: prepared.handle,
      dataToBeSigned: Buffer.from(prepared.dataToBeSigned).toString('base64'),
      digestAlgorithm: prepared.scheme.hash,
      signatureAlgorithm: SIGNATURE_ALGORITHM_NAMES[prepared.scheme.keyType],
      certificateSerial: prepared.certificateSerial,
      signingTime: prepared.signingTime,
      expiresAt: prepared.expiresAt,
    });
  });

  on('post /api/v1/sign/complete', async (req, res) => {
    const body = jsonBodyOf('post /api/v1/sign/complete', req);
    const signed = await completeSignature(deps.signing, {
      departmentId: res.locals.departmentId,
      actor: res.locals.actor,
      handle: body.handle,
      signatureValue: new Uint8Array(Buffer.from(body.signatureValue, 'base64')),
    });
    res.status(201).json(signedJson(signed));
  });

  // ?lang= as for a verification report (language.ts): the verdict's sentence in that language.
  on('get /api/v1/documents/{code}', (req, res) => {
    const language = reportLanguage(req);
    const view = documentByCode(deps.documents, String(req.params.code));
    res.status(200).set('Content-Language', language).json(localizeDocumentView(view, language));
  });

  on('post /api/v1/documents/{id}/rescind', (req, res) => {
    const body = jsonBodyOf('post /api/v1/documents/{id}/rescind', req);
    const view = rescindDocument(deps.documents, {
      id: String(req.params.id),
      departmentId: res.locals.departmentId,
      actor: res.locals.actor,
      ...body,
    });
    res.status(200).json(view);
  });

  return r;
}
