/**
 * The primary process of a Signet cluster (SIGNET_WORKERS above 1; issue 16 "Both cores"). It
 * opens no database and no key: it forks the workers, which share the listening port through
 * node:cluster and the SQLite database in WAL mode (store/database.ts: busy timeout, every write in
 * BEGIN IMMEDIATE), and it forwards SIGTERM/SIGINT to them.
 *
 * What must happen once, and where it happens:
 * - migrations, the development bootstrap (CA keys, demo department, token files), the public URL
 *   check and the start-up CRL: in the lead worker, forked first; the followers are forked only
 *   when the lead says it is serving, so they find a set-up, migrated database. Where the database
 *   exists already (no bootstrap is due), all start at once: migrations are safe when two processes
 *   run them (store/migrations.ts checks each inside its lock), and so are the public URL check and
 *   the first audit anchor (each decides inside its transaction).
 * - the CRL schedule: the lead only. A revocation publishes its CRL in the process that made it,
 *   and every process reads the latest CRL from the store on each request.
 * - audit anchors: every process anchors the entries it appended (main.ts); an anchor of a head
 *   already anchored is skipped, and the chain itself cannot fork, because append() reads the head
 *   inside the writer's BEGIN IMMEDIATE transaction.
 * - the verification thread pool: one per process, SIGNET_VERIFY_WORKERS threads each (by default
 *   the cores left after the server processes, shared out, at least one each).
 * - caches a write invalidates (OCSP responses, CRL, certificate status) are checked against the
 *   stored state at each request, so a revocation made by one process shows in all at once.
 * - the per-address rate limits: counted in the primary (ClusterRateLimitStore), so an address has
 *   one budget however its connections are spread over the workers.
 * - metrics: each worker counts its own; /metrics, in whichever worker answers it, asks the
 *   primary for the sum over all workers (prom-client's AggregatorRegistry).
 *
 * A worker that dies after it was serving is replaced (in the same role); one that fails before it
 * served stops the cluster with exit code 1 (its own message is already on stderr).
 */
import cluster, { type Worker } from 'node:cluster';
import {
  MemoryStore,
  type ClientRateLimitInfo,
  type Options as RateLimitOptions,
  type Store,
} from 'express-rate-limit';
import type { Logger } from 'pino';
import { AggregatorRegistry, type PrometheusContentType, type Registry } from 'prom-client';

const READY = 'signet:ready';
const RATE = 'signet:rate';
const METRICS = 'signet:metrics';
/** Past this, workers that have not finished their requests are killed. */
const STOP_GRACE_MS = 15_000;
/** A worker that dies at once again and again is replaced at most this often. */
const RESPAWN_DELAY_MS = 1000;

type Role = 'lead' | 'follower';

/** A rate-limit count asked of the primary, and its answer. */
interface RateMessage {
  type: typeof RATE;
  id: number;
  op?: 'increment' | 'decrement' | 'reset';
  prefix?: string;
  windowMs?: number;
  key?: string;
  totalHits?: number;
  resetTime?: number;
}

const isRateMessage = (m: unknown): m is RateMessage =>
  typeof m === 'object' && m !== null && (m as { type?: unknown }).type === RATE;

const waiting = new Map<number, (info: ClientRateLimitInfo) => void>();
let lastId = 0;
let listening = false;

/**
 * express-rate-limit's store in a worker: each count is kept by the primary (one IPC round trip),
 * keyed by the limiter's prefix, so the workers share one budget per address.
 */
export class ClusterRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;

  constructor(readonly prefix: string) {}

  init(options: RateLimitOptions): void {
    this.windowMs = options.windowMs;
    if (listening) return;
    listening = true;
    process.on('message', (message: unknown) => {
      if (!isRateMessage(message)) return;
      const resolve = waiting.get(message.id);
      waiting.delete(message.id);
      resolve?.({
        totalHits: message.totalHits ?? 0,
        resetTime: message.resetTime === undefined ? undefined : new Date(message.resetTime),
      });
    });
  }

  increment(key: string): Promise<ClientRateLimitInfo> {
    return new Promise((resolve) => {
      const id = ++lastId;
      waiting.set(id, resolve);
      this.send({ type: RATE, id, op: 'increment', key });
    });
  }

  decrement(key: string): void {
    this.send({ type: RATE, id: 0, op: 'decrement', key });
  }

  resetKey(key: string): void {
    this.send({ type: RATE, id: 0, op: 'reset', key });
  }

  private send(message: RateMessage): void {
    process.send?.({ ...message, prefix: this.prefix, windowMs: this.windowMs });
  }
}

const metricsWaiting = new Map<number, (text: string) => void>();

/**
 * In a worker: lets the primary collect this registry, and answers the text of the metrics summed
 * over every worker, for /metrics.
 */
export function clusterMetrics(registry: Registry): () => Promise<string> {
  AggregatorRegistry.setRegistries([registry]);
  // Its constructor installs the worker's answer to the primary's collection (prom-client 15).
  new AggregatorRegistry();
  process.on('message', (m: unknown) => {
    const message = m as { type?: unknown; id?: number; body?: string };
    if (message.type !== METRICS || message.id === undefined) return;
    metricsWaiting.get(message.id)?.(message.body ?? '');
    metricsWaiting.delete(message.id);
  });
  return () =>
    new Promise((resolve) => {
      const id = ++lastId;
      metricsWaiting.set(id, resolve);
      process.send?.({ type: METRICS, id });
    });
}

/** The primary's side: one MemoryStore per limiter prefix, answering increments. */
function rateCounter(): (worker: Worker, message: RateMessage) => void {
  const stores = new Map<string, MemoryStore>();
  const storeOf = (prefix: string, windowMs: number): MemoryStore => {
    let store = stores.get(prefix);
    if (!store) {
      store = new MemoryStore();
      store.init({ windowMs } as RateLimitOptions);
      stores.set(prefix, store);
    }
    return store;
  };
  return (worker, m) => {
    const store = storeOf(m.prefix ?? '', m.windowMs ?? 60_000);
    const key = m.key ?? '';
    if (m.op === 'decrement') void store.decrement(key);
    else if (m.op === 'reset') void store.resetKey(key);
    else
      void store.increment(key).then((info) => {
        if (worker.isConnected())
          worker.send({
            type: RATE,
            id: m.id,
            totalHits: info.totalHits,
            resetTime: info.resetTime?.getTime(),
          });
      });
  };
}

const FAILED = 'signet:failed';

/**
 * A follower that cannot start hands its one sentence to the primary's log and exits 1, so that a
 * refusal every worker meets (a wrong passphrase) reaches stderr once, from the lead.
 */
export function quitAsFollower(role: string | undefined, error: unknown): boolean {
  if (!cluster.isWorker || role !== 'follower') return false;
  const reason = error instanceof Error ? error.message : String(error);
  process.exitCode = 1;
  process.send?.({ type: FAILED, reason }, () => process.disconnect());
  return true;
}

/** Called by a worker when it serves: the primary forks the followers after the lead's. */
export function tellPrimaryReady(serving: Record<string, unknown>): void {
  if (cluster.isWorker) process.send?.({ type: READY, serving });
}

const isReady = (m: unknown): m is { type: typeof READY; serving: Record<string, unknown> } =>
  typeof m === 'object' && m !== null && (m as { type?: unknown }).type === READY;

export function runPrimary(options: {
  workers: number;
  logger: Logger;
  /** The database exists: no bootstrap is due, so the followers need not wait for the lead. */
  setUp: boolean;
}): void {
  const { workers, logger } = options;
  const roles = new Map<Worker, Role>();
  const serving = new Set<Worker>();
  let stopping = false;
  let failed = false;
  let announced = false;
  const count = rateCounter();
  let aggregator: AggregatorRegistry<PrometheusContentType> | undefined;

  const fork = (role: Role): void => {
    if (stopping) return;
    const worker = cluster.fork({ SIGNET_CLUSTER_ROLE: role });
    roles.set(worker, role);
    worker.on('message', (message: unknown) => {
      if (isRateMessage(message)) count(worker, message);
      const failure = message as { type?: unknown; reason?: unknown };
      if (failure.type === FAILED)
        logger.error({ role, reason: failure.reason }, 'a worker could not start');
      const asked = message as { type?: unknown; id?: number };
      if (asked.type === METRICS) {
        aggregator ??= new AggregatorRegistry();
        const reply = (body: string) => {
          if (worker.isConnected()) worker.send({ type: METRICS, id: asked.id, body });
        };
        aggregator.clusterMetrics().then(reply, (err: unknown) => {
          logger.error({ err }, 'metrics of the workers could not be collected');
          reply('');
        });
      }
      if (!isReady(message) || serving.has(worker)) return;
      const first = serving.size === 0 && role === 'lead';
      serving.add(worker);
      if (first && !options.setUp) for (let i = 1; i < workers; i += 1) fork('follower');
      if (failed) stopIfStarted();
      else if (serving.size === workers && !announced) {
        announced = true;
        logger.info({ ...message.serving, workers }, 'Signet is serving');
      }
    });
  };

  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, workers: roles.size }, 'stopping the workers');
    for (const worker of roles.keys()) worker.process.kill('SIGTERM');
    setTimeout(() => {
      for (const worker of roles.keys()) worker.process.kill('SIGKILL');
    }, STOP_GRACE_MS).unref();
  };

  /** After a failed start: stops the cluster once no worker is still starting. */
  const stopIfStarted = (): void => {
    if ([...roles.keys()].every((w) => serving.has(w))) stop('SIGTERM');
  };

  cluster.on('exit', (worker, code, signal) => {
    const role = roles.get(worker) ?? 'follower';
    const wasServing = serving.delete(worker);
    roles.delete(worker);
    if (!stopping && !wasServing) {
      // It never served: a configuration or data directory it refused; the same would recur. The
      // workers still starting finish first, so that the lead's one sentence reaches stderr.
      failed = true;
      stopIfStarted();
    } else if (!stopping) {
      logger.error({ pid: worker.process.pid, code, signal, role }, 'worker died; replacing it');
      setTimeout(() => fork(role), RESPAWN_DELAY_MS);
    } else if (code !== 0) {
      failed = true;
    }
    if ((stopping || failed) && roles.size === 0) {
      logger.info('stopped');
      process.exit(failed ? 1 : 0);
    }
  });

  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  fork('lead');
  if (options.setUp) for (let i = 1; i < workers; i += 1) fork('follower');
}
