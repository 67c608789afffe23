import type { NextFunction, Request, Response } from 'express';
import { sendError } from '../errors';

/** Whether a request announces a body (RFC 9112 6.3: Content-Length above 0, or chunked). */
const hasBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/**
 * Cuts off a request whose body stops arriving: while it is read, its connection may stay silent
 * for at most `idleMs`, then the answer is 408 BODY_TIMEOUT and the connection is closed. The
 * whole request may still take long (a document of gigabytes on a slow link), as long as bytes
 * keep coming; a client that sends headers and then stalls no longer holds a connection and a
 * request's buffers for the hour of `server.requestTimeout`.
 */
export function bodyIdleTimeout(idleMs: number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.complete || !hasBody(req)) {
      next();
      return;
    }
    const socket = req.socket;
    socket.setTimeout(idleMs);
    // Once the body is in, silence is the server's own work; Node sets its keep-alive timeout
    // on the socket again when the answer is sent (server.timeout itself is 0: no limit).
    req.once('end', () => socket.setTimeout(0));
    // Node's http server emits 'timeout' on a request still being received; a listener here
    // means it does not destroy the socket before the client is told why.
    req.once('timeout', () => {
      if (res.headersSent) {
        socket.destroy();
        return;
      }
      res.once('finish', () => socket.destroy());
      res.setHeader('Connection', 'close');
      sendError(
        res,
        408,
        'BODY_TIMEOUT',
        `No part of the request body arrived for ${Math.round(idleMs / 1000)} s; the request was cut off.`,
      );
    });
    next();
  };
}
