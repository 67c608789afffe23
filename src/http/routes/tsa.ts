import express, { Router } from 'express';
import { requireContentType } from '../middleware/body';
import { tableRoutes } from '../route';

export interface TsaEndpoint {
  /** The TimeStampResp; its status is for the metrics (observability.ts). */
  respond(queryDer: Uint8Array): Promise<{ der: Uint8Array }>;
}

/** A TimeStampReq is a few hundred bytes; 16 KiB leaves room for extensions. */
export const MAX_QUERY_BYTES = 16 * 1024;

/**
 * POST /tsa (RFC 3161 3.4, HTTP transport): application/timestamp-query in,
 * application/timestamp-reply out. A request the TSA refuses is a TimeStampResp with status
 * rejection; only a wrong content type or an oversized body is an HTTP error (415, 413).
 */
export function tsaRouter(tsa: TsaEndpoint): Router {
  const r = Router();
  tableRoutes(r, {})(
    'post /tsa',
    requireContentType('application/timestamp-query'),
    express.raw({ type: 'application/timestamp-query', limit: MAX_QUERY_BYTES }),
    async (req, res) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const reply = (await tsa.respond(new Uint8Array(body))).der;
      res
        .status(200)
        .type('application/timestamp-reply')
        .setHeader('Cache-Control', 'no-store')
        .send(Buffer.from(reply));
    },
  );
  return r;
}
