/**
 * POST /api/v1/verify (SPEC.md "Verification"), public. Two forms:
 * - multipart/form-data with file parts `document` (streamed and hashed; its first MiB held when
 *   it may be a signature, and a PDF sent before any signature spooled to a temporary file,
 *   ../spool.ts; at most the configured document size) and `signature` (a CMS in DER, PEM
 *   or base64, at most 1 MiB), in either order. A signature that encloses its document may come alone, or as
 *   `document` alone (a document part of at most 1 MiB that is a CMS SignedData is read as the
 *   signature). A PDF alone (at most MAX_PDF_BYTES, kept whole) is verified by the signatures
 *   inside it (issue 7). Any other document alone gets INDETERMINATE/FORMAT_FAILURE (no signature
 *   found) with what Signet's register says of it. Empty parts count as absent (browsers send
 *   them for empty file inputs); text parts and other names are refused.
 * - application/json {"digest": {"algorithm": "sha256"|"sha384"|"sha512", "value": HEX},
 *   "signature": BASE64}, either member optional but not both; or {"pdf": FACTS} (with an
 *   optional digest of the whole file), a PDF read on the reader's device into the facts of its
 *   signatures (../pdf-facts.ts), judged as the PDF itself would be.
 * The verification itself runs where `deps.verifier` says (workers/verifier.ts: worker threads
 * in the server); when every worker and the queue are taken the answer is 503 VERIFIER_BUSY with
 * Retry-After, before the body is read where possible.
 * Any signature, however broken, is a 200 report; 4xx only for requests that are not a
 * verification: 415 for another content type, 413 past the limits (PDF_TOO_LARGE for a PDF alone
 * larger than MAX_PDF_BYTES), 400 for a malformed form or JSON, unknown or repeated parts, a bad
 * digest, or nothing to verify.
 */
import type { Readable } from 'node:stream';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import busboy from 'busboy';
import {
  documentFromDigest,
  documentHashesFor,
  hashDocument,
  MAX_PDF_BYTES,
  MAX_SIGNATURE_BYTES,
  localizeReport,
  signatureDer,
  VerificationError,
  type DocumentDigests,
  type VerificationReport,
  type VerifyRequest,
} from '../../verification';
import { HttpError } from '../errors';
import { reportLanguage } from '../language';
import { pdfFactsOf } from '../pdf-facts';
import { discardBody } from '../middleware/body';
import { jsonBodyOf, tableRoutes } from '../route';
import { Spool } from '../spool';

/** How much of a refused body is still read so that the client sees the error (as signing does). */
const DISCARD_CAP_BYTES = 64 * 1024 * 1024;
/** Room for the multipart framing around the two parts. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/** The JSON form carries a signature of up to 1 MiB in base64, or a PDF's facts with its DSS. */
const jsonParser = express.json({ limit: '16mb', strict: true, type: 'application/json' });

function base64Bytes(text: string): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    throw new HttpError(400, 'INVALID_REQUEST', '"signature": must be base64 (DER CMS).');
  }
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

/** Reads a signature part (DER, PEM or base64), refusing it past MAX_SIGNATURE_BYTES. */
async function readSignature(stream: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_SIGNATURE_BYTES) {
      throw new VerificationError(
        'SIGNATURE_TOO_LARGE',
        `The signature is larger than the limit of ${MAX_SIGNATURE_BYTES} bytes.`,
      );
    }
    chunks.push(chunk);
  }
  return signatureDer(new Uint8Array(Buffer.concat(chunks)));
}

interface FormParts {
  signature?: Uint8Array;
  document?: DocumentDigests;
  /** The document's bytes on disk, when it came before any signature (it may be a PDF alone). */
  spool?: Spool;
}

const FIELDS = new Set(['document', 'signature']);

/**
 * Reads multipart/form-data with the file parts `document` (hashed as it streams, never held) and
 * `signature` (DER CMS, at most 1 MiB), in either order; sent first, the signature spares the
 * document the hashes it does not use. An empty part counts as absent: a browser form sends one
 * for a file input left empty.
 */
function readForm(req: Request, maxDocumentBytes: number, parts: FormParts): Promise<FormParts> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        // busboy stops at a limit quietly: one part more than the two is allowed so that the
        // name check below refuses it with a message.
        limits: { files: 3, fields: 1, parts: 3, fieldNameSize: 64, headerPairs: 16 },
      });
    } catch {
      reject(
        new HttpError(
          400,
          'MALFORMED_MULTIPART',
          'The multipart/form-data request has no boundary.',
        ),
      );
      return;
    }
    const work: Promise<void>[] = [];
    const seen = new Set<string>();
    let signatureRead: Promise<void> = Promise.resolve();
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      reject(error);
    };
    const refuse = (code: string, message: string): void => fail(new HttpError(400, code, message));
    parser.on('file', (name, stream) => {
      // A form cut off inside a part errors this stream, maybe before anyone reads it: an 'error'
      // event without a listener would end the process. The parser's own 'error' refuses the form.
      stream.on('error', () => undefined);
      if (settled) {
        stream.resume();
        return;
      }
      if (!FIELDS.has(name) || seen.has(name)) {
        stream.resume();
        refuse(
          seen.has(name) ? 'DUPLICATE_FIELD' : 'UNEXPECTED_FIELD',
          seen.has(name)
            ? `The form part "${name}" was sent twice.`
            : `The form part "${name}" is not one this route takes (document, signature).`,
        );
        return;
      }
      seen.add(name);
      // A signature sent first names the one hash the document needs; else it gets all three.
      const job =
        name === 'signature'
          ? (signatureRead = readSignature(stream).then((bytes) => {
              if (bytes.length > 0) parts.signature = bytes;
            }))
          : signatureRead
              .then(async () => {
                const hashes = documentHashesFor(parts.signature);
                // Without a signature before it, the document may be a PDF alone, verified
                // whole by a worker: it goes to disk as it is hashed, never whole into memory.
                if (parts.signature) return hashDocument(stream, maxDocumentBytes, hashes);
                const spool = await Spool.create(MAX_PDF_BYTES);
                // Refused meanwhile, the caller has already cleaned up: this file is not its.
                if (settled) {
                  await spool.remove();
                  throw new Error('form already refused');
                }
                parts.spool = spool;
                return hashDocument(spool.tee(stream), maxDocumentBytes, hashes, false);
              })
              .then((document) => {
                if (document.bytes) parts.document = document;
              });
      work.push(
        job.catch((error: unknown) => {
          stream.resume();
          fail(error);
        }),
      );
    });
    parser.on('field', (name) =>
      refuse(
        'UNEXPECTED_FIELD',
        `The form part "${name}" is text: send the document and the signature as files.`,
      ),
    );
    parser.on('error', () =>
      refuse('MALFORMED_MULTIPART', 'The multipart/form-data body cannot be read.'),
    );
    parser.on('close', () => {
      void Promise.all(work).then(() => {
        if (settled) return;
        settled = true;
        resolve(parts);
      });
    });
    req.on('close', () => {
      if (!req.complete) refuse('MALFORMED_REQUEST', 'The request body ended early.');
    });
    req.pipe(parser);
  });
}

/** Where verification runs (workers/verifier.ts: a pool of worker threads in the server). */
export interface VerifyService {
  /** The report; `spooled` is a file holding the document's bytes when they are not in memory. */
  verify(request: VerifyRequest, spooled?: string): Promise<VerificationReport>;
  /** Whether a verification would be refused now (VERIFIER_BUSY, 503). */
  busy(): boolean;
}

export interface VerifyRouterDeps {
  verifier: VerifyService;
  maxDocumentBytes: number;
  /** The signed validation receipt (DER CMS) over a report as answered (ca/validation-receipt.ts). */
  receipt: (report: VerificationReport) => Promise<Uint8Array>;
}

/** `?receipt=1` asks for the signed validation receipt beside the report (issue 19). */
function receiptAsked(req: Request): boolean {
  const asked = req.query.receipt;
  if (asked === undefined || asked === '0') return false;
  if (asked === '1') return true;
  throw new HttpError(400, 'INVALID_REQUEST', '"receipt" must be 0 or 1.');
}

/** Seconds a client refused with VERIFIER_BUSY is asked to wait (RFC 9110 10.2.3). */
const BUSY_RETRY_AFTER_S = 5;

/** Public verification (no token): POST /api/v1/verify answers a report, 200, for any signature. */
export function verifyRouter(deps: VerifyRouterDeps): Router {
  const r = Router();

  const refuseBody = async (req: Request, res: Response, error: unknown): Promise<never> => {
    await discardBody(req, res, DISCARD_CAP_BYTES);
    throw error;
  };

  /** Refused before the body is read: a busy server does not take 60 MiB it cannot verify. */
  const refuseWhenBusy = async (req: Request, res: Response, next: NextFunction) => {
    if (!deps.verifier.busy()) return next();
    res.set('Retry-After', String(BUSY_RETRY_AFTER_S));
    return refuseBody(
      req,
      res,
      new VerificationError('VERIFIER_BUSY', 'Every verifier is busy; try again in a few seconds.'),
    );
  };

  tableRoutes(r, {})('post /api/v1/verify', refuseWhenBusy, jsonParser, async (req, res) => {
    const parts: FormParts = {};
    let report: VerificationReport;
    let language: ReturnType<typeof reportLanguage>;
    let receipt: boolean;
    try {
      const input = await readInput(req, res, parts);
      // Asked once the body is read, so that a refused language still lets the client finish.
      language = reportLanguage(req);
      receipt = receiptAsked(req);
      const spooled =
        parts.spool && input.document?.pdf && !input.signature
          ? await parts.spool.complete()
          : undefined;
      report = await deps.verifier.verify(input, spooled).catch((error: unknown) => {
        if (error instanceof VerificationError && error.code === 'VERIFIER_BUSY') {
          res.set('Retry-After', String(BUSY_RETRY_AFTER_S));
        }
        throw error;
      });
    } finally {
      // Removed before the answer: nothing of the upload outlives its request.
      await parts.spool?.remove();
    }
    const answer = localizeReport(report, language);
    // The receipt signs the report exactly as answered, in the language asked, without itself.
    const signed = receipt && Buffer.from(await deps.receipt(answer)).toString('base64');
    res
      .status(200)
      .set('Content-Language', language)
      .json(signed ? { ...answer, receipt: signed } : answer);
  });

  /** The verification asked for, from the form or the JSON body; 4xx when it is none. */
  const readInput = async (
    req: Request,
    res: Response,
    parts: FormParts,
  ): Promise<VerifyRequest> => {
    if (req.is('multipart/form-data')) {
      const declared = Number(req.get('content-length') ?? 0);
      if (declared > deps.maxDocumentBytes + MAX_SIGNATURE_BYTES + FORM_OVERHEAD_BYTES) {
        await refuseBody(
          req,
          res,
          new HttpError(
            413,
            'PAYLOAD_TOO_LARGE',
            'The request is larger than a document and its signature may be.',
          ),
        );
      }
      try {
        const { signature, document } = await readForm(req, deps.maxDocumentBytes, parts);
        return { signature, document };
      } catch (error) {
        return refuseBody(req, res, error);
      }
    }
    if (req.is('application/json')) {
      const body = jsonBodyOf('post /api/v1/verify', req);
      return {
        signature: body.signature === undefined ? undefined : base64Bytes(body.signature),
        document: body.digest && documentFromDigest(body.digest.algorithm, body.digest.value),
        pdf: body.pdf && pdfFactsOf(body.pdf),
      };
    }
    return refuseBody(
      req,
      res,
      new HttpError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'This route takes multipart/form-data (document, signature) or application/json.',
      ),
    );
  };

  return r;
}
