/**
 * A small pool of `node:worker_threads` workers, each doing one task at a time, with a bounded
 * queue and a time limit per task. Its own code rather than a library because the three things
 * it must do are exactly these and no library does the last one by default: refuse at once when
 * every worker is busy and the queue is full (the caller answers 503 with Retry-After), and
 * terminate a worker whose task overran its time (CPU-bound JavaScript cannot be interrupted
 * otherwise), starting a fresh one in its place.
 *
 * Protocol: the worker posts WORKER_READY once it listens; the pool posts `{ id, task }`; the
 * worker answers `{ id, ok: true, value }` or
 * `{ id, ok: false, error: { name, code?, message } }` (worker-protocol.ts).
 */
import { Worker, type TransferListItem } from 'node:worker_threads';
import { errorOfKinds, SignetError, type ErrorKind } from '../core/errors';
import { WORKER_READY, type WorkerAnswer } from './worker-protocol';

export type PoolErrorCode = 'POOL_BUSY' | 'TASK_TIMEOUT' | 'WORKER_EXITED' | 'POOL_CLOSED';
// Each means "not now": the caller may retry (the verifier maps them to 503 refusals).
const POOL_ERROR_KINDS = {
  POOL_BUSY: 'unavailable',
  TASK_TIMEOUT: 'unavailable',
  WORKER_EXITED: 'unavailable',
  POOL_CLOSED: 'unavailable',
} as const satisfies Record<PoolErrorCode, ErrorKind>;
export class PoolError extends errorOfKinds(POOL_ERROR_KINDS) {}

/** An error thrown inside a worker, carried back with its name, code and kind. */
export class WorkerTaskError extends SignetError<string> {
  constructor(
    readonly errorName: string,
    code: string,
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(code, message);
  }
}

export interface PoolOptions {
  /** The worker's entry file (compiled JavaScript). */
  file: string;
  size: number;
  /** Tasks that may wait for a worker; past that, run() refuses with POOL_BUSY. */
  maxQueue: number;
  /** How long one task may run before its worker is terminated. */
  timeoutMs: number;
  workerData?: unknown;
  /** Heap limit of each worker (MB): a hostile input exhausts a worker, not the server. */
  maxHeapMb?: number;
  /** Where a worker's own failure (not a task's error) is reported: the log. */
  onWorkerError?: (error: Error) => void;
}

/** A worker that fails before it is ready (say, its database cannot be opened) is retried this late. */
const RESTART_DELAY_MS = 1000;

interface Job {
  id: number;
  task: unknown;
  transfer: TransferListItem[];
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  /** The worker has loaded its code and listens (its first message): a task's clock may run. */
  ready: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
}

export class WorkerPool<Task, Result> {
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: PoolOptions) {
    for (let i = 0; i < options.size; i += 1) this.spawn();
  }

  /** Whether a task given now would be refused: every worker busy and the queue full. */
  get full(): boolean {
    return this.idle() === undefined && this.queue.length >= this.options.maxQueue;
  }

  run(task: Task, transfer: TransferListItem[] = []): Promise<Result> {
    if (this.closed) return Promise.reject(new PoolError('POOL_CLOSED', 'The pool is closed.'));
    return new Promise<Result>((resolve, reject) => {
      const job: Job = {
        id: this.nextId++,
        task,
        transfer,
        resolve: resolve as (value: unknown) => void,
        reject,
      };
      const slot = this.idle();
      if (slot) this.dispatch(slot, job);
      else if (this.queue.length < this.options.maxQueue) this.queue.push(job);
      else reject(new PoolError('POOL_BUSY', 'Every worker is busy and the queue is full.'));
    });
  }

  /** Terminates every worker; tasks waiting or running are refused with POOL_CLOSED. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) {
      job.reject(new PoolError('POOL_CLOSED', 'The pool is closed.'));
    }
    await Promise.all(
      [...this.slots].map((slot) => {
        this.finish(slot, (job) => job.reject(new PoolError('POOL_CLOSED', 'The pool is closed.')));
        return slot.worker.terminate();
      }),
    );
    this.slots.clear();
  }

  private idle(): Slot | undefined {
    for (const slot of this.slots) if (!slot.job) return slot;
    return undefined;
  }

  private spawn(): void {
    const worker = new Worker(this.options.file, {
      workerData: this.options.workerData,
      resourceLimits: this.options.maxHeapMb
        ? { maxOldGenerationSizeMb: this.options.maxHeapMb }
        : undefined,
    });
    const slot: Slot = { worker, ready: false };
    this.slots.add(slot);
    worker.on('message', (answer: WorkerAnswer<Result> | typeof WORKER_READY) => {
      if (answer === WORKER_READY) {
        slot.ready = true;
        if (slot.job) this.send(slot, slot.job);
        else this.next(slot);
        return;
      }
      if (slot.job?.id !== answer.id) return;
      this.finish(slot, (job) =>
        answer.ok
          ? job.resolve(answer.value)
          : job.reject(
              new WorkerTaskError(
                answer.error.name,
                answer.error.code,
                answer.error.kind,
                answer.error.message,
              ),
            ),
      );
      this.next(slot);
    });
    // A worker that dies (out of memory, a native fault) fails its task, never the server.
    worker.on('error', (error) => this.options.onWorkerError?.(error));
    worker.on('exit', () => {
      if (!this.slots.delete(slot)) return;
      this.finish(slot, (job) =>
        job.reject(new PoolError('WORKER_EXITED', 'The worker stopped before it answered.')),
      );
      if (this.closed) return;
      // One that never started would fail again at once: not a loop of restarts.
      if (slot.ready) this.replace();
      else setTimeout(() => this.closed || this.replace(), RESTART_DELAY_MS).unref();
    });
  }

  /** A new worker in a lost one's place, which takes the next waiting task. */
  private replace(): void {
    this.spawn();
    const slot = this.idle();
    if (slot) this.next(slot);
  }

  /** Gives `job` to `slot`; a worker still starting gets it once ready (its time starts then). */
  private dispatch(slot: Slot, job: Job): void {
    slot.job = job;
    if (slot.ready) this.send(slot, job);
  }

  private send(slot: Slot, job: Job): void {
    slot.timer = setTimeout(() => {
      this.slots.delete(slot);
      this.finish(slot, (j) =>
        j.reject(
          new PoolError('TASK_TIMEOUT', `The task ran longer than ${this.options.timeoutMs} ms.`),
        ),
      );
      void slot.worker.terminate();
      if (!this.closed) this.replace();
    }, this.options.timeoutMs);
    try {
      slot.worker.postMessage({ id: job.id, task: job.task }, job.transfer);
    } catch (error) {
      // A task that cannot be sent (not cloneable) fails alone; the worker stays free.
      this.finish(slot, (j) => j.reject(error as Error));
      this.next(slot);
    }
  }

  private next(slot: Slot): void {
    const job = this.queue.shift();
    if (job) this.dispatch(slot, job);
  }

  private finish(slot: Slot, settle: (job: Job) => void): void {
    clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = undefined;
    slot.timer = undefined;
    if (job) settle(job);
  }
}
