import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { tableRoutes } from '../route';

export interface OcspEndpoint {
  /** The OCSPResponse; its status is for the metrics (observability.ts). */
  respond(requestDer: Uint8Array): Promise<{ der: Uint8Array }>;
}

/** RFC 6960 requests are small; anything larger is not an OCSP request. */
export const MAX_REQUEST_BYTES = 16 * 1024;
export const MALFORMED_REQUEST = Buffer.from([0x30, 0x03, 0x0a, 0x01, 0x01]); // OCSPResponse { malformedRequest }

/** The DER of a GET request's path (RFC 6960 A.1: base64, then URL-encoded), empty when it is none. */
export function getRequestDer(b64: string): Buffer {
  return /^[A-Za-z0-9+/=_-]+$/.test(b64) && b64.length <= (MAX_REQUEST_BYTES * 4) / 3
    ? Buffer.from(b64, 'base64')
    : Buffer.alloc(0);
}

function send(res: Response, der: Uint8Array): void {
  res
    .status(200)
    .type('application/ocsp-response')
    .setHeader('Cache-Control', 'no-store')
    .send(Buffer.from(der));
}

/**
 * POST /ocsp and GET /ocsp/{base64} (RFC 6960 Appendix A.1). Faults of the request are answered the
 * protocol's way, an OCSPResponse with status malformedRequest, not an HTTP error.
 */
export function ocspRouter(endpoint: OcspEndpoint): Router {
  const r = Router();
  const on = tableRoutes(r, {});
  const raw = express.raw({ type: () => true, limit: MAX_REQUEST_BYTES });

  on('post /ocsp', (req, res, next) => {
    if (!req.is('application/ocsp-request')) {
      send(res, MALFORMED_REQUEST);
      return;
    }
    raw(req, res, (err?: unknown) => {
      if (err) {
        send(res, MALFORMED_REQUEST);
        return;
      }
      endpoint.respond(new Uint8Array(req.body as Buffer)).then((a) => send(res, a.der), next);
    });
  });

  on('get /ocsp/{request}', async (req, res) => {
    // Express has already percent-decoded the path; base64 may contain '/' (more path segments).
    const segments = (req.params as { request?: string[] }).request ?? [];
    const der = getRequestDer(segments.join('/'));
    send(
      res,
      der.length > 0 ? (await endpoint.respond(new Uint8Array(der))).der : MALFORMED_REQUEST,
    );
  });

  // A path Express cannot percent-decode fails before the handler: still answer the OCSP way.
  r.use('/ocsp', (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if ((err as { status?: number })?.status === 400) send(res, MALFORMED_REQUEST);
    else next(err);
  });

  return r;
}
