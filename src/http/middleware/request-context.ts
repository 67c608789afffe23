import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

/**
 * A request id for every request (echoed as X-Request-Id and in error bodies) and one log line when
 * it ends. The log holds method, path, status and time, never headers or bodies, so no token,
 * document or key material can reach it.
 */
export function requestContext(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const id = globalThis.crypto.randomUUID();
    res.locals.requestId = id;
    res.setHeader('X-Request-Id', id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        {
          requestId: id,
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
        },
        'request',
      );
    });
    next();
  };
}
