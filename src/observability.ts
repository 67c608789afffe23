/**
 * Wiring of the operations endpoints (composition-root code, like compose.ts): the readiness
 * probe, the counting decorators of the TSA and the OCSP responder, and the scrape token. The use
 * cases stay unaware of metrics; the decorators count what the ports answered.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { access, constants, open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { HashName } from './core/algorithms';
import type { Services } from './compose';
import { HttpMetrics } from './http/metrics';
import type { Readiness } from './http/routes/operations';
import { KEYS_SUBDIR } from './keys';

/** The service's metrics, with the audit log's length read from the store at each scrape. */
export function serviceMetrics(services: Services, processMetrics = false): HttpMetrics {
  return new HttpMetrics({
    auditEntries: () => services.deps.audit.head()?.seq ?? 0,
    authorityExpiries: () => authorityExpiries(services),
    processMetrics,
  });
}

/** Per role of the CA, the soonest notAfter of its issued certificates not yet expired. */
function authorityExpiries(services: Services): Record<string, number> {
  const now = services.deps.clock.now().getTime();
  const soonest: Record<string, number> = {};
  for (const role of ['root', 'issuing', 'tsa', 'ocsp'] as const) {
    const times = services.deps.certificates
      .list({ role, statuses: ['issued'] })
      .map((c) => new Date(c.notAfter).getTime())
      .filter((t) => t > now);
    if (times.length > 0) soonest[role] = Math.min(...times) / 1000;
  }
  return soonest;
}

interface TimestampService {
  respond(queryDer: Uint8Array): Promise<{ der: Uint8Array; status: string }>;
  timestamp(messageImprint: Uint8Array, hash: HashName): Promise<Uint8Array>;
}

/** The TSA (both its HTTP endpoint and the signing use case's Tsa port), counting its answers. */
export function countingTsa(tsa: TimestampService, metrics: HttpMetrics): TimestampService {
  return {
    respond: async (queryDer) => {
      const answer = await tsa.respond(queryDer);
      metrics.timestamp('tsa', answer.status);
      return answer;
    },
    timestamp: async (imprint, hash) => {
      const token = await tsa.timestamp(imprint, hash);
      metrics.timestamp('signature', 'granted');
      return token;
    },
  };
}

type OcspService = {
  respond(requestDer: Uint8Array): Promise<{ der: Uint8Array; status: string }>;
};

/** The OCSP responder, counting its answers by responseStatus. */
export function countingOcsp(ocsp: OcspService, metrics: HttpMetrics): OcspService {
  return {
    respond: async (requestDer) => {
      const answer = await ocsp.respond(requestDer);
      metrics.ocspResponse(answer.status);
      return answer;
    },
  };
}

/** Bytes a write probe puts on disk: a full disk fails it before SQLite's next page does. */
const PROBE_BYTES = 64 * 1024;
/** Probes run at most this often; concurrent /readyz calls share one run. */
const PROBE_CACHE_MS = 1000;

/** Creates, flushes and removes a file: the directory accepts writes and has room. */
async function writeProbe(dir: string): Promise<void> {
  const file = join(dir, `.readyz-${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(file, 'wx', 0o600);
  try {
    await handle.writeFile(Buffer.alloc(PROBE_BYTES));
    await handle.sync();
  } finally {
    await handle.close();
    await unlink(file).catch(() => undefined);
  }
}

/**
 * Readiness: the database answers a read and its directory accepts writes; the key vault's
 * directory and header can be read and accept writes; the CA is set up. Each failure goes to
 * `report` with its cause; the HTTP answer names only the check. Whether the database file is still
 * the one opened is asked on every call, outside the probe cache: a removed database is reported
 * by the first request after it.
 */
export function readinessProbe(
  services: Services,
  report: (check: string, cause: unknown) => void = () => undefined,
): () => Promise<Readiness> {
  const keysDir = join(services.dataDir, KEYS_SUBDIR);
  const check = async (name: string, work: () => Promise<unknown>) => {
    try {
      await work();
      return { ok: true };
    } catch (cause) {
      report(name, cause);
      return { ok: false };
    }
  };
  const run = async (): Promise<Readiness> => {
    const [database, keyVault, ca] = await Promise.all([
      check('database', async () => {
        services.deps.audit.head();
        await writeProbe(services.dataDir);
      }),
      check('keyVault', async () => {
        await access(keysDir, constants.R_OK | constants.W_OK | constants.X_OK);
        await readFile(join(keysDir, 'vault.json'));
        await writeProbe(keysDir);
      }),
      check('ca', async () => {
        if (!services.authorities.isInitialized()) throw new Error('not initialized');
      }),
    ]);
    const checks = { database, keyVault, ca };
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  };
  let last: { at: number; result: Promise<Readiness> } | undefined;
  return async () => {
    const now = Date.now();
    if (!last || now - last.at >= PROBE_CACHE_MS) last = { at: now, result: run() };
    const probed = await last.result;
    try {
      services.store.assertLive();
      return probed;
    } catch (cause) {
      report('database', cause);
      return { ready: false, checks: { ...probed.checks, database: { ok: false } } };
    }
  };
}

/**
 * The check of SIGNET_METRICS_TOKEN (its length checked by config.ts), or undefined when it is not
 * set (then only the admin token opens /metrics). Both sides are hashed first, so the comparison
 * is constant-time at any length.
 */
export function scrapeTokenCheck(token: string | undefined): ((t: string) => boolean) | undefined {
  if (token === undefined) return undefined;
  const expected = createHash('sha256').update(token).digest();
  return (candidate) => timingSafeEqual(createHash('sha256').update(candidate).digest(), expected);
}
