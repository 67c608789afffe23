/**
 * Where verification runs. The server verifies in a pool of worker threads (pool.ts), so that
 * a costly signature or a large PDF never holds the main thread, which keeps signing, OCSP, the
 * TSA and /healthz; in-process tests of the app may verify in the calling thread instead.
 * Both run the same task (verify-task.ts), so the verdict does not depend on where it ran.
 */
import { join, resolve } from 'node:path';
import {
  VerificationError,
  type VerificationDeps,
  type VerificationReport,
  type VerifyRequest,
} from '../verification';
import { PoolError, WorkerPool } from './pool';
import { prepareVerifyTask, runVerifyTask, type VerifyTask } from './verify-task';
import type { VerifyWorkerData } from './verify-worker';

export interface Verifier {
  /** The report, or VERIFIER_BUSY / VERIFICATION_TIMEOUT / VERIFIER_FAILED (503). */
  verify(request: VerifyRequest, spooled?: string): Promise<VerificationReport>;
  /** Whether a verification asked now would be refused as VERIFIER_BUSY. */
  busy(): boolean;
  close(): Promise<void>;
}

/**
 * The worker's compiled entry. Running from dist/ it sits beside this file; under Jest this file
 * is TypeScript in src/, and a worker thread cannot load TypeScript, so it is the build's copy
 * (test/global-setup.js builds when dist/ is missing; `npm test` always builds first).
 */
export const VERIFY_WORKER_FILE = __filename.endsWith('.ts')
  ? resolve(__dirname, '..', '..', 'dist', 'workers', 'verify-worker.js')
  : join(__dirname, 'verify-worker.js');

/** A worker's heap: a PDF of 64 MiB parses in far less; a hostile one ends its worker only. */
const WORKER_HEAP_MB = 512;

export interface PoolSettings {
  dataDir: string;
  workers: number;
  queue: number;
  timeoutMs: number;
  /** Where a worker's own failure is reported (the log). */
  onWorkerError?: (error: Error) => void;
}

const POOL_REFUSALS: Record<string, [VerificationError['code'], string]> = {
  POOL_BUSY: ['VERIFIER_BUSY', 'Every verifier is busy; try again in a few seconds.'],
  TASK_TIMEOUT: [
    'VERIFICATION_TIMEOUT',
    'The verification took longer than it may and was stopped.',
  ],
  WORKER_EXITED: ['VERIFIER_FAILED', 'The verifier stopped before it finished.'],
  POOL_CLOSED: ['VERIFIER_FAILED', 'The server is shutting down.'],
};

export function pooledVerifier(deps: VerificationDeps, settings: PoolSettings): Verifier {
  const pool = new WorkerPool<VerifyTask, VerificationReport>({
    file: VERIFY_WORKER_FILE,
    size: settings.workers,
    maxQueue: settings.queue,
    timeoutMs: settings.timeoutMs,
    workerData: { dataDir: settings.dataDir } satisfies VerifyWorkerData,
    maxHeapMb: WORKER_HEAP_MB,
    onWorkerError: settings.onWorkerError,
  });
  return {
    async verify(request, spooled) {
      if (pool.full) throw refusal('POOL_BUSY');
      const task = await prepareVerifyTask(deps, request, spooled);
      try {
        return await pool.run(task);
      } catch (error) {
        throw error instanceof PoolError ? refusal(error.code, error) : error;
      }
    },
    busy: () => pool.full,
    close: () => pool.close(),
  };
}

function refusal(code: string, cause?: unknown): VerificationError {
  const [mapped, message] = POOL_REFUSALS[code] ?? ['VERIFIER_FAILED', 'The verifier failed.'];
  return new VerificationError(mapped, message, { cause });
}

/** Verification in the calling thread (in-process tests of the app). */
export function inlineVerifier(deps: VerificationDeps): Verifier {
  return {
    verify: async (request, spooled) =>
      runVerifyTask(
        () => ({ issued: deps.issued, documents: deps.documents }),
        await prepareVerifyTask(deps, request, spooled),
      ),
    busy: () => false,
    close: () => Promise.resolve(),
  };
}
