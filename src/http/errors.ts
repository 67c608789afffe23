import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { kindOf, SignetError, type ErrorKind } from '../core/errors';

/**
 * Kinds of failure to HTTP statuses (STYLE.md rule 3: the domain knows no HTTP; RFC 9110 15.5,
 * 15.6). Every kind has one, so no code can reach a status by omission.
 */
const STATUS_BY_KIND = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  fault: 500,
  unavailable: 503,
} as const satisfies Record<ErrorKind, number>;

/** A caller's mistake found by the HTTP layer itself (content type, size, token, route). */
export class HttpError extends SignetError<string> {
  constructor(
    readonly status: number,
    code: string,
    message: string,
  ) {
    super(code, message);
  }

  /** The kind whose status this is; 415 and 429, which no domain error has, are invalid. */
  get kind(): ErrorKind {
    const kinds = Object.keys(STATUS_BY_KIND) as ErrorKind[];
    return kinds.find((k) => STATUS_BY_KIND[k] === this.status) ?? 'invalid';
  }
}

const SERVER_FAULT = 'The server could not complete the request; it has been logged.';
const UNAVAILABLE = 'The service cannot do this right now; try again later.';

/** The status and the public code and message of an error: a fault's are fixed, never internals. */
export function answerOf(error: unknown): { status: number; code: string; message: string } {
  if (error instanceof HttpError) {
    return { status: error.status, code: error.code, message: error.message };
  }
  const decisive = kindOf(error);
  if (decisive.kind === 'fault') {
    return { status: 500, code: 'INTERNAL_ERROR', message: SERVER_FAULT };
  }
  const status = STATUS_BY_KIND[decisive.kind];
  const message = decisive.kind === 'unavailable' ? UNAVAILABLE : decisive.error.message;
  return { status, code: decisive.error.code, message };
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
    const answer = answerOf(error);
    if (answer.status >= 500) {
      logger.error(
        { err: error, requestId: res.locals.requestId, route: req.path },
        'request failed',
      );
    } else {
      logger.info({ code: answer.code, requestId: res.locals.requestId }, 'request refused');
    }
    sendError(res, answer.status, answer.code, answer.message);
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
