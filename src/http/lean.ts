/**
 * The binary protocols on a lean path (issue 16): POST /ocsp, GET /ocsp/{base64} and POST /tsa are
 * answered by a plain node:http handler ahead of Express, with what Express gave them kept: the
 * body limit (16 KiB), the body idle timeout, the per-address budget of SIGNET_PKI_RATE_LIMIT_PER_MINUTE,
 * a request id (X-Request-Id), the security headers, the request metrics, and a log line (every
 * answer that is not 200, and one 200 in LOG_EVERY). Everything else goes to Express. The answers
 * are the Express routes' (routes/ocsp.ts, routes/tsa.ts), which in-process tests of the app use.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ipKeyGenerator, MemoryStore, type Store } from 'express-rate-limit';
import type { Logger } from 'pino';
import type { HttpMetrics } from './metrics';
import {
  getRequestDer,
  MALFORMED_REQUEST,
  MAX_REQUEST_BYTES,
  type OcspEndpoint,
} from './routes/ocsp';
import { MAX_QUERY_BYTES, type TsaEndpoint } from './routes/tsa';
import { fixedSecurityHeaders } from './security';

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export interface LeanDeps {
  ocsp: OcspEndpoint;
  tsa: TsaEndpoint;
  logger: Logger;
  metrics?: HttpMetrics;
  /** Requests per minute per client address on /ocsp and /tsa; 0 or absent turns it off. */
  rateLimitPerMinute?: number;
  /** A request body silent this long is cut off with 408; absent: never. */
  bodyIdleTimeoutMs?: number;
  /** Where the per-address counts are kept (the cluster's primary); in this process when absent. */
  rateLimitStore?: Store;
}

/** One answered request in this many is logged (a log line costs more than an OCSP answer). */
const LOG_EVERY = 100;
/** What is left of a refused body is read and dropped up to this much, else the connection closes. */
const DISCARD_CAP_BYTES = 1024 * 1024;

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  id: string;
  route: string;
  started: bigint;
}

/** The request listener of the server: the lean path for the binary protocols, else `fallback`. */
export function leanProtocols(deps: LeanDeps, fallback: RequestListener): RequestListener {
  const headers = fixedSecurityHeaders();
  const limit = deps.rateLimitPerMinute ?? 0;
  const store: Store = deps.rateLimitStore ?? new MemoryStore();
  void store.init?.({ windowMs: 60_000 } as Parameters<MemoryStore['init']>[0]);
  let answered = 0;

  const finish = (x: Exchange, status: number, type: string, body: Buffer): void => {
    const { res } = x;
    res.statusCode = status;
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Length', body.length);
    res.setHeader('Cache-Control', 'no-store');
    res.end(body);
  };

  const der = (x: Exchange, type: string, body: Uint8Array): void =>
    finish(x, 200, type, Buffer.from(body.buffer, body.byteOffset, body.byteLength));

  const error = (x: Exchange, status: number, code: string, message: string): void =>
    finish(
      x,
      status,
      'application/json; charset=utf-8',
      Buffer.from(JSON.stringify({ error: { code, message }, requestId: x.id })),
    );

  const fault = (x: Exchange, err: unknown): void => {
    deps.logger.error({ err, requestId: x.id, route: x.route }, 'request failed');
    if (x.res.headersSent) x.res.destroy();
    else
      error(
        x,
        500,
        'INTERNAL_ERROR',
        'The server could not complete the request; it has been logged.',
      );
  };

  const observe = (x: Exchange): void => {
    x.res.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - x.started) / 1e9;
      const status = x.res.writableFinished ? x.res.statusCode : 0;
      deps.metrics?.request(
        x.req.method ?? '',
        x.route,
        status ? String(status) : 'aborted',
        seconds,
      );
      answered += 1;
      if (status === 200 && answered % LOG_EVERY !== 0) return;
      deps.logger.info(
        {
          requestId: x.id,
          method: x.req.method,
          path: x.route,
          status,
          ms: Math.round(seconds * 10_000) / 10,
          ...(status === 200 ? { sampledOneIn: LOG_EVERY } : {}),
        },
        'request',
      );
    });
  };

  /** The body, at most `max` bytes; undefined when it is larger or stops arriving (answered). */
  const readBody = (x: Exchange, max: number, tooLarge: () => void): Promise<Buffer | undefined> =>
    new Promise((resolve) => {
      const { req, res } = x;
      const declared = Number(req.headers['content-length'] ?? 0);
      const refuse = (): void => {
        req.removeAllListeners('data');
        discard(req, res);
        tooLarge();
        resolve(undefined);
      };
      if (declared > max) {
        refuse();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      const idle = deps.bodyIdleTimeoutMs;
      if (idle && !req.complete) {
        req.socket.setTimeout(idle);
        // Node emits 'timeout' on a request still being received; with a listener here it does
        // not destroy the socket before the client is told why (as middleware/body-idle.ts).
        req.once('timeout', () => {
          if (res.headersSent) {
            req.socket.destroy();
            return;
          }
          res.setHeader('Connection', 'close');
          res.once('finish', () => req.socket.destroy());
          error(
            x,
            408,
            'BODY_TIMEOUT',
            `No part of the request body arrived for ${Math.round(idle / 1000)} s; the request was cut off.`,
          );
          resolve(undefined);
        });
      }
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > max) refuse();
        else chunks.push(chunk);
      });
      req.once('end', () => {
        if (idle) req.socket.setTimeout(0);
        if (size <= max) resolve(Buffer.concat(chunks, size));
      });
      req.once('error', () => resolve(undefined));
    });

  const ocspPost = async (x: Exchange): Promise<void> => {
    const malformed = (): void => der(x, 'application/ocsp-response', MALFORMED_REQUEST);
    if (!isType(x.req, 'application/ocsp-request')) {
      discard(x.req, x.res);
      malformed();
      return;
    }
    const body = await readBody(x, MAX_REQUEST_BYTES, malformed);
    if (body) {
      der(x, 'application/ocsp-response', (await deps.ocsp.respond(new Uint8Array(body))).der);
    }
  };

  const ocspGet = async (x: Exchange, encoded: string): Promise<void> => {
    let request: Buffer;
    try {
      request = getRequestDer(decodeURIComponent(encoded));
    } catch {
      request = Buffer.alloc(0); // not percent-decodable: malformed, answered the OCSP way
    }
    const answer =
      request.length > 0
        ? (await deps.ocsp.respond(new Uint8Array(request))).der
        : MALFORMED_REQUEST;
    der(x, 'application/ocsp-response', answer);
  };

  const tsaPost = async (x: Exchange): Promise<void> => {
    if (!isType(x.req, 'application/timestamp-query')) {
      discard(x.req, x.res);
      error(x, 415, 'UNSUPPORTED_MEDIA_TYPE', 'This route takes application/timestamp-query.');
      return;
    }
    const body = await readBody(x, MAX_QUERY_BYTES, () =>
      error(x, 413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than this route accepts.'),
    );
    if (body) {
      der(x, 'application/timestamp-reply', (await deps.tsa.respond(new Uint8Array(body))).der);
    }
  };

  const route = (
    req: IncomingMessage,
  ): { route: string; run: (x: Exchange) => Promise<void> } | undefined => {
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (req.method === 'POST' && path === '/ocsp') return { route: '/ocsp', run: ocspPost };
    if (req.method === 'POST' && path === '/tsa') return { route: '/tsa', run: tsaPost };
    if (req.method === 'GET' && path.startsWith('/ocsp/') && path.length > '/ocsp/'.length) {
      const encoded = path.slice('/ocsp/'.length);
      return { route: '/ocsp/{request}', run: (x) => ocspGet(x, encoded) };
    }
    return undefined;
  };

  return (req, res) => {
    const found = route(req);
    if (!found) {
      fallback(req, res);
      return;
    }
    const x: Exchange = {
      req,
      res,
      id: globalThis.crypto.randomUUID(),
      route: found.route,
      started: process.hrtime.bigint(),
    };
    res.setHeader('X-Request-Id', x.id);
    for (const [name, value] of headers) res.setHeader(name, value);
    observe(x);
    const admitted = limit > 0 ? withinBudget(store, req, limit) : Promise.resolve(true);
    admitted
      .then(async (ok) => {
        if (ok) return found.run(x);
        discard(req, res);
        res.setHeader('Retry-After', '60');
        error(
          x,
          429,
          'RATE_LIMITED',
          'Too many requests from this address; try again in a minute.',
        );
      })
      .catch((err: unknown) => fault(x, err));
  };
}

/** Counts the request against its address's budget of the minute (IPv6 by its /56, as Express's). */
async function withinBudget(store: Store, req: IncomingMessage, limit: number): Promise<boolean> {
  const key = ipKeyGenerator(req.socket.remoteAddress ?? '');
  const { totalHits } = await store.increment(key);
  return totalHits <= limit;
}

/** The media type of the request, without parameters, compared case-insensitively (RFC 9110 8.3.1). */
function isType(req: IncomingMessage, type: string): boolean {
  const header = req.headers['content-type'] ?? '';
  return header.split(';')[0]?.trim().toLowerCase() === type;
}

/**
 * Reads and drops what is left of a refused body, so the client can read the answer instead of a
 * broken pipe; past DISCARD_CAP_BYTES the connection is closed instead.
 */
function discard(req: IncomingMessage, res: ServerResponse): void {
  if (req.readableEnded) return;
  let seen = 0;
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen <= DISCARD_CAP_BYTES) return;
    req.pause();
    if (res.headersSent) req.socket.destroy();
    else res.setHeader('Connection', 'close');
  });
  req.resume();
}
