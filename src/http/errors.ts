import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { SignetError } from '../core/errors';

/** A caller's mistake found by the HTTP layer itself (content type, size, token, route). */
export class HttpError extends SignetError<string> {
  constructor(
    readonly status: number,
    code: string,
    message: string,
  ) {
    super(code, message);
  }
}

/**
 * Domain error codes to HTTP statuses (STYLE.md rule 3: the domain knows no HTTP). A code not
 * listed is a fault of the server: 500 with a fixed message, the cause in the log only.
 */
const STATUS_BY_CODE: Record<string, number> = {
  // ca/
  ALREADY_INITIALIZED: 409,
  NOT_INITIALIZED: 503,
  INVALID_ALGORITHM: 400,
  INVALID_NAME: 400,
  INVALID_DEPARTMENT_ID: 400,
  DEPARTMENT_EXISTS: 409,
  UNKNOWN_DEPARTMENT: 404,
  UNKNOWN_CERTIFICATE: 404,
  AMBIGUOUS_SERIAL: 409,
  INVALID_CSR: 400,
  KEY_NOT_ALLOWED: 400,
  INVALID_VALIDITY: 400,
  INVALID_REASON: 400,
  ALREADY_REVOKED: 409,
  NOT_REVOCABLE: 409,
  NOT_RENEWABLE: 409,
  INVALID_PUBLIC_URL: 400,
  // core/ parsing
  MALFORMED_DER: 400,
  MALFORMED_PEM: 400,
  UNSUPPORTED_ALGORITHM: 400,
  INVALID_VALUE: 400,
  // signing/
  INVALID_FORMAT: 400,
  INVALID_LEVEL: 400,
  INVALID_DIGEST: 400,
  UNSUPPORTED_DIGEST_ALGORITHM: 400,
  EMPTY_DOCUMENT: 400,
  DOCUMENT_TOO_LARGE: 413,
  NO_VALID_CERTIFICATE: 409,
  DEPARTMENT_DISABLED: 403,
  UNKNOWN_DOCUMENT: 404,
  ALREADY_RESCINDED: 409,
  INVALID_SUPERSEDING_DOCUMENT: 400,
  UNKNOWN_HANDLE: 404,
  HANDLE_EXPIRED: 409,
  INVALID_SIGNATURE_VALUE: 400,
  // verification/ (a bad signature is a 200 report, never one of these)
  NOTHING_TO_VERIFY: 400,
  SIGNATURE_TOO_LARGE: 413,
  PDF_TOO_LARGE: 413,
  // core/pades: PDFs a caller sends
  MALFORMED_PDF: 400,
  ENCRYPTED_PDF: 400,
  UNSUPPORTED_PDF: 400,
  // a seal that does not fit the page or the font (the request chose page, position and size)
  INVALID_ARGUMENT: 400,
  // store/ and keys/: the service cannot write now; the caller may retry later
  STORE_UNAVAILABLE: 503,
  STORAGE_FAILED: 503,
};

const SERVER_FAULT = 'The server could not complete the request; it has been logged.';

export function statusOf(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  if (error instanceof SignetError && STATUS_BY_CODE[error.code] !== undefined)
    return STATUS_BY_CODE[error.code] ?? 500;
  return unavailableCause(error) ? 503 : 500;
}

/**
 * The 503 error in a fault's cause chain: an ISSUANCE_FAILED whose cause is a full disk is the
 * store being unavailable (retry later), not a fault of the server's code.
 */
function unavailableCause(error: unknown): SignetError | undefined {
  let e: unknown = error;
  for (let depth = 0; e instanceof Error && depth < 8; depth += 1, e = e.cause) {
    if (e instanceof SignetError && STATUS_BY_CODE[e.code] === 503) return e;
  }
  return undefined;
}

export function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message }, requestId: res.locals.requestId });
}

/** The last middleware: logs the full cause, answers the SPEC's error shape. */
export function errorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const bodyError = error instanceof SignetError ? undefined : bodyParserError(error);
    if (bodyError) {
      sendError(res, bodyError.status, bodyError.code, bodyError.message);
      return;
    }
    const status = statusOf(error);
    if (status >= 500) {
      logger.error(
        { err: error, requestId: res.locals.requestId, route: req.path },
        'request failed',
      );
      const code =
        status === 503 ? (unavailableCause(error)?.code ?? 'UNAVAILABLE') : 'INTERNAL_ERROR';
      sendError(
        res,
        status,
        code,
        status === 503 ? 'The service cannot do this right now; try again later.' : SERVER_FAULT,
      );
      return;
    }
    const e = error as SignetError;
    logger.info({ code: e.code, requestId: res.locals.requestId }, 'request refused');
    sendError(res, status, e.code, e.message);
  };
}

/** body-parser's own failures (too large, bad JSON, bad encoding) as caller errors. */
function bodyParserError(
  error: unknown,
): { status: number; code: string; message: string } | undefined {
  const e = error as { type?: string; status?: number };
  switch (e?.type) {
    case 'entity.too.large':
      return {
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: 'The request body is larger than this route accepts.',
      };
    case 'entity.parse.failed':
      return {
        status: 400,
        code: 'MALFORMED_JSON',
        message: 'The request body is not valid JSON.',
      };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return {
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'The request body encoding is not supported.',
      };
    case 'request.aborted':
    case 'entity.verify.failed':
      return {
        status: 400,
        code: 'MALFORMED_REQUEST',
        message: 'The request body could not be read.',
      };
    default:
      // Express's own 4xx (a path it cannot percent-decode, say) are the caller's mistakes too.
      return typeof e?.status === 'number' && e.status >= 400 && e.status < 500
        ? { status: e.status, code: 'MALFORMED_REQUEST', message: 'The request cannot be read.' }
        : undefined;
  }
}
