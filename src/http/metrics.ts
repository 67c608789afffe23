/**
 * Prometheus metrics of the service (prom-client), kept out of the use cases: HTTP requests are
 * counted and timed here by route pattern and status; a signature or certificate counts when a
 * client received it (its route answered 201); timestamps and OCSP answers are counted by the
 * composition root's decorators of the TSA and the OCSP responder (src/observability.ts); the
 * audit log's length is read from the log at each scrape, so entries written by the CLI count too.
 */
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricsOptions {
  /** The number of audit entries, read at each scrape. */
  auditEntries?: () => number;
  /**
   * The soonest notAfter (Unix seconds) among the certificates in force of each of the CA's roles
   * (root, issuing, tsa, ocsp), read at each scrape: an alert can fire well before one expires.
   */
  authorityExpiries?: () => Record<string, number>;
  /** Node process metrics (resident memory, event-loop lag, GC): for the server, not for tests. */
  processMetrics?: boolean;
}

type Labels = 'method' | 'route' | 'status';

/** Query values that may become labels: anything else is one fixed value, never the caller's text. */
const FORMATS = new Set(['cades', 'pades']);
const LEVELS = new Set(['B-B', 'B-T', 'B-LT', 'B-LTA']);

export class HttpMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<Labels>;
  private readonly duration: Histogram<Labels>;
  private readonly signatures: Counter<'format' | 'level'>;
  private readonly certificates: Counter;
  private readonly timestamps: Counter<'source' | 'status'>;
  private readonly ocsp: Counter<'status'>;
  private aggregate?: () => Promise<string>;

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'signet_http_requests_total',
      help: 'HTTP requests answered, by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'signet_http_request_duration_seconds',
      help: 'Time from request to the last byte of the answer, by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.signatures = new Counter({
      name: 'signet_signatures_total',
      help: 'Signatures handed to departments',
      labelNames: ['format', 'level'],
      registers,
    });
    this.certificates = new Counter({
      name: 'signet_certificates_issued_total',
      help: 'Department certificates issued through the API',
      registers,
    });
    this.timestamps = new Counter({
      name: 'signet_timestamps_total',
      help: 'RFC 3161 answers: of POST /tsa (granted or rejection) and inside B-T signatures',
      labelNames: ['source', 'status'],
      registers,
    });
    this.ocsp = new Counter({
      name: 'signet_ocsp_responses_total',
      help: 'OCSP responses by responseStatus (RFC 6960 4.2.1)',
      labelNames: ['status'],
      registers,
    });
    const auditEntries = options.auditEntries;
    if (auditEntries) {
      new Gauge({
        name: 'signet_audit_entries',
        help: 'Entries in the hash-chained audit log',
        registers,
        // Every worker reads the same log: the cluster's sum would count it once per worker.
        aggregator: 'max',
        collect() {
          this.set(auditEntries());
        },
      });
    }
    const authorityExpiries = options.authorityExpiries;
    if (authorityExpiries) {
      new Gauge({
        name: 'signet_certificate_not_after_seconds',
        help: "Soonest notAfter (Unix time) of the CA's certificates in force, by role",
        labelNames: ['role'],
        registers,
        collect() {
          this.reset();
          for (const [role, notAfter] of Object.entries(authorityExpiries())) {
            this.set({ role }, notAfter);
          }
        },
      });
    }
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /**
   * Counts and times every request when its connection is done with it: status "aborted" when the
   * client left before the whole answer was sent.
   */
  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const started = process.hrtime.bigint();
      res.once('close', () => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const route = routeOf(req);
        const status = res.writableFinished ? String(res.statusCode) : 'aborted';
        this.request(req.method, route, status, seconds);
        if (res.writableFinished) this.domainEvent(req, route, res.statusCode);
      });
      next();
    };
  }

  /** One request answered: by the middleware, or by the lean path of /ocsp and /tsa (lean.ts). */
  request(method: string, route: string, status: string, seconds: number): void {
    const labels = { method, route, status };
    this.requests.inc(labels);
    this.duration.observe(labels, seconds);
  }

  timestamp(source: 'tsa' | 'signature', status: string): void {
    this.timestamps.inc({ source, status });
  }

  ocspResponse(status: string): void {
    this.ocsp.inc({ status });
  }

  /** In a cluster: /metrics answers the sum over the workers, which `source` collects. */
  aggregateWith(source: () => Promise<string>): void {
    this.aggregate = source;
  }

  async render(): Promise<{ contentType: string; body: string }> {
    const body = this.aggregate ? await this.aggregate() : await this.registry.metrics();
    return { contentType: this.registry.contentType, body };
  }

  private domainEvent(req: Request, route: string, status: number): void {
    if (req.method !== 'POST' || status !== 201) return;
    if (route === '/api/v1/sign' || route === '/api/v1/sign/digest') {
      const format = String(req.query.format ?? 'cades');
      const level = String(req.query.level ?? 'B-T');
      this.signatures.inc({
        format: FORMATS.has(format) ? format : 'other',
        level: LEVELS.has(level) ? level : 'other',
      });
    } else if (route === '/api/v1/certificates') {
      this.certificates.inc();
    }
  }
}

/**
 * The route pattern in OpenAPI's syntax ("/api/v1/certificates/{serial}"), never the path itself:
 * serials, codes and OCSP requests must not become labels (unbounded, and not for the metrics).
 */
function routeOf(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (!route || typeof route.path !== 'string') return 'unmatched';
  return (req.baseUrl + route.path).replace(/[:*](\w+)/g, '{$1}');
}
