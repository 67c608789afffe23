/**
 * Composition root of the server: reads the configuration, opens the store and key vault, does the
 * development bootstrap on an empty data directory, wires the use cases to the HTTP app, serves,
 * and shuts down gracefully on SIGTERM/SIGINT (in-flight requests finish, the database closes).
 */
import { startSequencer } from './transparency/sequencer';
import type { Server } from 'node:http';
import pino from 'pino';
import { anchorAuditLog, ANCHOR_EVERY_ENTRIES, ANCHOR_INTERVAL_MS } from './ca/audit-anchor';
import { authenticate } from './ca/authenticate';
import { servedPublicUrl } from './ca/public-url';
import { bootstrapDevelopment, mayBootstrap } from './bootstrap';
import { openServices, type Services } from './compose';
import { loadConfig } from './config';
import { createApp } from './http/app';
import { scrapeTokenCheck, serviceMetrics } from './observability';
import { useCaseRouters } from './protocols';
import { caVerificationDeps } from './verification';
import { pooledVerifier } from './workers/verifier';

const SHUTDOWN_GRACE_MS = 10_000;
const CRL_REFRESH_CHECK_MS = 15 * 60_000;

export async function start(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ server: Server; services: Services }> {
  const config = loadConfig(env, { createDevPassphrase: true });
  const logger = pino({ level: config.logLevel, redact: ['req.headers.authorization'] });
  for (const w of config.warnings) logger.warn(w);
  const bootstrap = mayBootstrap(config);
  const services = await openServices(config);
  const crl = services.crl;
  const metrics = serviceMetrics(services, true);
  const verifier = pooledVerifier(caVerificationDeps(services.signing), {
    dataDir: config.dataDir,
    workers: config.verifyWorkers,
    queue: config.verifyQueue,
    timeoutMs: config.verifyTimeoutMs,
    onWorkerError: (err) => logger.error({ err }, 'verification worker failed'),
  });
  const app = createApp({
    logger,
    ca: services.deps,
    authorities: services.authorities,
    crl,
    authenticate: (token) => authenticate(services.deps, token),
    routers: useCaseRouters(services, {
      maxDocumentBytes: config.maxDocumentBytes,
      timeZone: config.timeZone,
      metrics,
      isScrapeToken: scrapeTokenCheck(config.metricsToken),
      reportNotReady: (check, err) => logger.warn({ check, err }, 'not ready'),
      verifier,
    }),
    rateLimitPerMinute: config.rateLimitPerMinute,
    pkiRateLimitPerMinute: config.pkiRateLimitPerMinute,
    bodyIdleTimeoutMs: config.bodyIdleTimeoutMs,
    metrics,
  });
  // Issue 21: queued log entries get their leaf indices and a signed checkpoint every 250 ms.
  const logKey = services.log.key;
  const stopSequencer = logKey
    ? startSequencer(
        { store: services.log.store, key: logKey, clock: services.deps.clock },
        250,
        (err) => logger.error({ err }, 'transparency log sequencing failed'),
      )
    : async () => undefined;
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // With PORT=0 the port is known only now; URLs written into certificates must name it.
  services.deps.publicUrl = servedPublicUrl(services.deps, {
    fromEnvironment: config.publicUrlFromEnvironment ? config.publicUrl : undefined,
    ownAddress: `http://127.0.0.1:${port}`,
    development: config.passphraseSource === 'development-file',
  });
  await bootstrapDevelopment(services, config, bootstrap, logger);
  await crl.catchUp();
  // The audit log's head is signed and time-stamped now (a CA set up before anchors existed gets
  // its audit key), then while this process appends entries (every ANCHOR_INTERVAL_MS, and at
  // once after ANCHOR_EVERY_ENTRIES entries), and once more at shutdown. One anchoring at a time.
  await anchorAuditLog(services.deps, services.tsa);
  let anchoredAt = services.deps.audit.appendedHere();
  let inFlight: Promise<void> = Promise.resolve();
  const anchorIfWritten = (): Promise<void> => {
    inFlight = inFlight
      .then(async () => {
        const appended = services.deps.audit.appendedHere();
        if (appended === anchoredAt) return;
        await anchorAuditLog(services.deps, services.tsa);
        anchoredAt = appended;
      })
      .catch((err: unknown) => logger.error({ err }, 'audit anchor failed'));
    return inFlight;
  };
  services.auditLog.onAppended((appended) => {
    // Called inside the writer's transaction: anchor after it commits.
    if (appended - anchoredAt === ANCHOR_EVERY_ENTRIES) setImmediate(() => void anchorIfWritten());
  });
  const anchoring = setInterval(() => void anchorIfWritten(), ANCHOR_INTERVAL_MS);
  anchoring.unref();
  // Idle keep-alive connections stay open longer than the idle timeout of load balancers (60 s)
  // and of clients that pause between calls: a client that reuses a connection the server has
  // just closed sees EPIPE (found in CI, where a test client blocked for over 5 s between calls).
  // Node wants headersTimeout above keepAliveTimeout.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  // Documents of gigabytes stream in for minutes on slow links: bound the whole request by an hour,
  // and the headers (slow-loris) by headersTimeout (66 s).
  server.requestTimeout = 60 * 60_000;
  // A body that stops arriving is cut off sooner (SIGNET_BODY_IDLE_TIMEOUT, http/middleware/
  // body-idle.ts); past SIGNET_MAX_CONNECTIONS new connections are refused at once.
  server.maxConnections = config.maxConnections;
  const refresh = setInterval(() => {
    crl.catchUp().catch((err: unknown) => logger.error({ err }, 'CRL refresh failed'));
  }, CRL_REFRESH_CHECK_MS);
  refresh.unref();

  logger.info(
    {
      url: `http://${config.host}:${port}`,
      dataDir: config.dataDir,
      publicUrl: services.deps.publicUrl,
    },
    'Signet is serving',
  );

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    clearInterval(refresh);
    const force = setTimeout(() => {
      logger.error('requests did not finish in time; closing anyway');
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(() => {
      clearInterval(anchoring);
      void anchorIfWritten()
        .catch((err: unknown) => logger.error({ err }, 'audit anchor at shutdown failed'))
        .then(() => stopSequencer())
        .catch((err: unknown) => logger.error({ err }, 'transparency log sequencing failed'))
        .then(() => verifier.close())
        .catch((err: unknown) => logger.error({ err }, 'verification workers did not stop'))
        .finally(() => {
          services.close();
          logger.info('stopped');
          logger.flush?.();
          process.exitCode = 0;
        });
    });
    server.closeIdleConnections();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return { server, services };
}

if (require.main === module) {
  start().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`Signet could not start: ${message}\n`);
    process.exit(1);
  });
}
