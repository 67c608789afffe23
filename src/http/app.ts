import express, { type Express, type Router } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import type { Logger } from 'pino';
import { errorHandler, HttpError } from './errors';
import type { HttpMetrics } from './metrics';
import { bodyIdleTimeout } from './middleware/body-idle';
import { requestContext } from './middleware/request-context';
import { PKI_RATE_LIMITED_PREFIXES, RATE_LIMITED_PREFIXES } from './route-table';
import { securityHeaders } from './security';

export interface HttpDeps {
  logger: Logger;
  /** Every router, in order (appRouters in src/protocols.ts, the one place that wires them). */
  routers: Router[];
  /** Requests per minute per client address on the public API; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** A request body silent this long is cut off with 408 (middleware/body-idle.ts); absent: never. */
  bodyIdleTimeoutMs?: number;
  /** Requests per minute per client address on /ocsp and /tsa; 0 or absent turns it off. */
  pkiRateLimitPerMinute?: number;
  /** Counts and times every request (GET /metrics); optional for tests of the app alone. */
  metrics?: HttpMetrics;
  /** Where a limiter keeps its counts (named by its budget); in this process when absent. */
  rateLimitStore?: (budget: 'api' | 'pki') => Store;
}

/** A per-address limit of `limit` requests a minute (its own counter), 429 JSON past it. */
function perAddressLimit(limit: number, store?: Store) {
  return rateLimit({
    windowMs: 60_000,
    ...(store ? { store } : {}),
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: () => {
      throw new HttpError(
        429,
        'RATE_LIMITED',
        'Too many requests from this address; try again in a minute.',
      );
    },
  });
}

/**
 * The Express application: security headers, request ids, rate limits and the JSON error shape
 * around the routers it is given (it composes none itself).
 */
export function createApp(deps: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('query parser', 'simple');
  app.use(requestContext(deps.logger));
  if (deps.metrics) app.use(deps.metrics.middleware());
  app.use(securityHeaders());
  if (deps.bodyIdleTimeoutMs) app.use(bodyIdleTimeout(deps.bodyIdleTimeoutMs));
  if (deps.rateLimitPerMinute > 0) {
    app.use(
      [...RATE_LIMITED_PREFIXES],
      perAddressLimit(deps.rateLimitPerMinute, deps.rateLimitStore?.('api')),
    );
  }
  // OCSP and the TSA are public and answered by signing: a budget of their own, so that a flood
  // of them neither starves nor is starved by verification.
  if (deps.pkiRateLimitPerMinute) {
    app.use(
      [...PKI_RATE_LIMITED_PREFIXES],
      perAddressLimit(deps.pkiRateLimitPerMinute, deps.rateLimitStore?.('pki')),
    );
  }
  for (const router of deps.routers) app.use(router);
  app.use(() => {
    throw new HttpError(404, 'NOT_FOUND', 'There is no such route.');
  });
  app.use(errorHandler(deps.logger));
  return app;
}
