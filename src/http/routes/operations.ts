import { Router, type NextFunction, type Request, type Response } from 'express';
import type { HttpMetrics } from '../metrics';
import { requireAdmin, type Authenticate } from '../middleware/auth';
import { tableRoutes } from '../route';

export interface ReadinessCheck {
  ok: boolean;
}

export interface Readiness {
  ready: boolean;
  /** By name ("database", "keyVault", "ca"): ok or not, never why (the log says why). */
  checks: Record<string, ReadinessCheck>;
}

export interface OperationsDeps {
  metrics: HttpMetrics;
  readiness: () => Promise<Readiness>;
  authenticate: Authenticate;
  /**
   * The scrape token (SIGNET_METRICS_TOKEN), checked in constant time by the composition root. It
   * opens /metrics and nothing else, so a Prometheus server never holds the admin token.
   */
  isScrapeToken?: (token: string) => boolean;
}

/**
 * Operations endpoints: GET /readyz (public, like /healthz: 200 when the database, the key vault
 * and the CA can serve, else 503) and GET /metrics (Prometheus text format; admin token or the
 * scrape token: the counts describe departments' activity and are not for the public).
 */
export function operationsRouter(deps: OperationsDeps): Router {
  const r = Router();
  const admin = requireAdmin(deps.authenticate);
  const metricsAccess = (req: Request, res: Response, next: NextFunction): void => {
    const token = /^Bearer (\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (token !== undefined && deps.isScrapeToken?.(token)) {
      next();
      return;
    }
    admin(req, res, next);
  };

  const on = tableRoutes(r, { metrics: metricsAccess });

  on('get /metrics', async (_req, res) => {
    const { contentType, body } = await deps.metrics.render();
    res.status(200).type(contentType).setHeader('Cache-Control', 'no-store').send(body);
  });

  on('get /readyz', async (_req, res) => {
    const readiness = await deps.readiness();
    const checks = Object.fromEntries(
      Object.entries(readiness.checks).map(([name, c]) => [name, c.ok ? 'ok' : 'unavailable']),
    );
    res.setHeader('Cache-Control', 'no-store');
    if (readiness.ready) {
      res.status(200).json({ status: 'ready', checks });
      return;
    }
    // The SPEC's error shape, with the checks beside it (names only: the log says why).
    const failing = Object.keys(checks).filter((name) => checks[name] !== 'ok');
    res.status(503).json({
      status: 'unavailable',
      checks,
      error: { code: 'NOT_READY', message: `Not ready: ${failing.join(', ')} unavailable.` },
      requestId: res.locals.requestId,
    });
  });

  return r;
}
