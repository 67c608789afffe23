/**
 * Composition root of the server: reads the configuration, opens the store and key vault, does the
 * development bootstrap on an empty data directory, wires the use cases to the HTTP app, serves,
 * and shuts down gracefully on SIGTERM/SIGINT (in-flight requests finish, the database closes).
 * With SIGNET_WORKERS above 1, serve() runs the cluster's primary (cluster.ts) and each worker
 * process runs start().
 */
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createServer, type Server } from 'node:http';
import { startSequencer } from './transparency/sequencer';
import pino from 'pino';
import { anchorAuditLog, ANCHOR_EVERY_ENTRIES, ANCHOR_INTERVAL_MS } from './ca/audit-anchor';
import { validationKey } from './ca/validation-key';
import { servedPublicUrl } from './ca/public-url';
import { bootstrapDevelopment, mayBootstrap } from './bootstrap';
import { openServices, type Services } from './compose';
import {
  clusterMetrics,
  ClusterRateLimitStore,
  quitAsFollower,
  runPrimary,
  tellPrimaryReady,
} from './cluster';
import { loadConfig, parseEnvironment } from './config';
import { renewDueArchives } from './signing/archive-job';
import { archiveDirectory } from './store/archive-dir';
import { createApp } from './http/app';
import { leanProtocols } from './http/lean';
import { scrapeTokenCheck, serviceMetrics } from './observability';
import { appRouters, protocolEndpoints } from './protocols';
import { caVerificationDeps } from './verification';
import { DATABASE_FILE } from './store/database';
import { pooledVerifier } from './workers/verifier';

const SHUTDOWN_GRACE_MS = 10_000;
const CRL_REFRESH_CHECK_MS = 15 * 60_000;
const ARCHIVE_CHECK_MS = 24 * 3_600_000;
const DAY_MS = 24 * 3_600_000;

/** SIGNET_ARCHIVE_DIR: the files there are checked at start and daily, and renewed when due. */
function keepArchivesRenewed(
  services: Services,
  dir: string,
  days: number,
  logger: pino.Logger,
): NodeJS.Timeout {
  const files = archiveDirectory(dir);
  const check = (): void => {
    renewDueArchives(services.signing, files, days * DAY_MS)
      .then((outcomes) => {
        for (const o of outcomes) {
          if (o.outcome === 'failed') logger.error({ archive: o }, 'archive renewal failed');
          else if (o.outcome === 'tsa_not_newer') {
            logger.warn(
              { archive: o },
              'archive due, but the TSA certificate is not newer: roll the TSA over',
            );
          } else if (o.outcome === 'renewed') logger.info({ archive: o }, 'archive renewed');
        }
      })
      .catch((err: unknown) => logger.error({ err }, 'archive renewal failed'));
  };
  check();
  const timer = setInterval(check, ARCHIVE_CHECK_MS);
  timer.unref();
  return timer;
}

export async function start(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ server: Server; services: Services }> {
  const config = loadConfig(env, { createDevPassphrase: true });
  const logger = pino({ level: config.logLevel, redact: ['req.headers.authorization'] });
  // A follower starts once the lead is serving: the lead alone sets a new data directory up,
  // publishes the start-up CRL and keeps the CRL schedule (cluster.ts).
  const lead = config.clusterRole !== 'follower';
  for (const w of config.warnings) logger.warn(w);
  const bootstrap = mayBootstrap(config);
  // A signature waiting for its log proof asks this process's sequencer (started below) for a batch.
  let nudgeSequencer = (): void => undefined;
  const services = await openServices(config, {
    logProofWaitMs: config.logProofWaitMs,
    sequenceNow: () => nudgeSequencer(),
  });
  const crl = services.crl;
  const metrics = serviceMetrics(services, true);
  if (cluster.isWorker) metrics.aggregateWith(clusterMetrics(metrics.registry));
  const verifier = pooledVerifier(
    caVerificationDeps({ ...services.signing, logVkey: services.log.vkey }),
    {
      dataDir: config.dataDir,
      workers: config.verifyWorkers,
      queue: config.verifyQueue,
      timeoutMs: config.verifyTimeoutMs,
      onWorkerError: (err) => logger.error({ err }, 'verification worker failed'),
    },
  );
  const endpoints = protocolEndpoints(services, metrics);
  // In a cluster the per-address budgets are counted by the primary, one budget across workers.
  const rateLimitStore = cluster.isWorker
    ? (budget: string) => new ClusterRateLimitStore(budget)
    : undefined;
  const app = createApp({
    logger,
    routers: appRouters(services, {
      maxDocumentBytes: config.maxDocumentBytes,
      timeZone: config.timeZone,
      metrics,
      isScrapeToken: scrapeTokenCheck(config.metricsToken),
      reportNotReady: (check, err) => logger.warn({ check, err }, 'not ready'),
      verifier,
      endpoints,
    }),
    rateLimitPerMinute: config.rateLimitPerMinute,
    pkiRateLimitPerMinute: config.pkiRateLimitPerMinute,
    bodyIdleTimeoutMs: config.bodyIdleTimeoutMs,
    metrics,
    rateLimitStore,
  });
  // Issue 21: queued log entries get their leaf indices and a signed checkpoint every 250 ms, and
  // sooner when a signing answer waits for its proof (sequencer.ts).
  const logKey = services.log.key;
  // Only the lead process sequences, so that two processes never number the same entries.
  const sequencer =
    logKey && lead
      ? startSequencer(
          { store: services.log.store, key: logKey, clock: services.deps.clock },
          250,
          (err) => logger.error({ err }, 'transparency log sequencing failed'),
        )
      : undefined;
  if (sequencer) nudgeSequencer = sequencer.nudge;
  const stopSequencer = sequencer?.stop ?? (async () => undefined);
  // /ocsp and /tsa are answered ahead of Express (issue 16 "Binary protocols on a lean path").
  const listener = leanProtocols(
    {
      ...endpoints,
      logger,
      metrics,
      rateLimitPerMinute: config.pkiRateLimitPerMinute,
      bodyIdleTimeoutMs: config.bodyIdleTimeoutMs,
      rateLimitStore: rateLimitStore?.('pki'),
    },
    app,
  );
  // In a cluster, every answer names the worker process that gave it (operators, and the test that
  // revokes through one worker and asks another).
  const worker = cluster.worker ? String(cluster.worker.id) : undefined;
  const server = await new Promise<Server>((resolve, reject) => {
    const s = createServer((req, res) => {
      if (worker) res.setHeader('X-Signet-Worker', worker);
      listener(req, res);
    });
    s.listen(config.port, config.host, () => resolve(s));
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
  if (lead) await crl.catchUp();
  // The audit log's head is signed and time-stamped now (a CA set up before anchors existed gets
  // its audit key), then while this process appends entries (every ANCHOR_INTERVAL_MS, and at
  // once after ANCHOR_EVERY_ENTRIES entries), and once more at shutdown. One anchoring at a time.
  // A data directory from before validation receipts gets its validation key now (issue 19).
  await validationKey(services.deps);
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
  // Only the lead keeps the CRL schedule; any process still publishes at once after a revocation
  // it makes, and CurrentCrl.get() reads the latest CRL from the store at each request.
  const refresh = setInterval(() => {
    if (lead) crl.catchUp().catch((err: unknown) => logger.error({ err }, 'CRL refresh failed'));
  }, CRL_REFRESH_CHECK_MS);
  refresh.unref();
  const archiving = config.archiveDir
    ? keepArchivesRenewed(services, config.archiveDir, config.archiveRenewDays, logger)
    : undefined;

  const serving = {
    url: `http://${config.host}:${port}`,
    dataDir: config.dataDir,
    publicUrl: services.deps.publicUrl,
  };
  // In a cluster the primary says "Signet is serving" once every worker does (cluster.ts).
  logger.info(serving, cluster.isWorker ? 'worker serving' : 'Signet is serving');

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    clearInterval(refresh);
    if (archiving) clearInterval(archiving);
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
          // A cluster worker stays alive while its channel to the primary is open.
          if (cluster.isWorker) process.disconnect();
        });
    });
    server.closeIdleConnections();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  tellPrimaryReady(serving);
  return { server, services };
}

/**
 * What `npm start` runs: one server process (SIGNET_WORKERS=1), or the primary of a cluster that
 * forks SIGNET_WORKERS workers, each running start() (issue 16 "Both cores").
 */
export async function serve(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (cluster.isPrimary) {
    const {
      SIGNET_WORKERS: workers,
      LOG_LEVEL: level,
      SIGNET_DATA_DIR: dir,
    } = parseEnvironment(env);
    if (workers > 1) {
      const setUp = existsSync(join(resolve(dir), DATABASE_FILE));
      runPrimary({ workers, logger: pino({ level }), setUp });
      return;
    }
  }
  try {
    await start(env);
  } catch (error) {
    if (!quitAsFollower(env.SIGNET_CLUSTER_ROLE, error)) throw error;
  }
}

if (require.main === module) {
  serve().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`Signet could not start: ${message}\n`);
    process.exit(1);
  });
}
