/**
 * The messages between a WorkerPool (pool.ts) and its workers, and the worker's side of them:
 * one task at a time, answered with its value or with the error it threw (name, code, kind,
 * message; never a stack, which stays in the worker).
 */
import { parentPort } from 'node:worker_threads';
import { SignetError, type ErrorKind } from '../core/errors';

/** A worker's first message: its code is loaded and it takes tasks. */
export const WORKER_READY = 'ready';

export interface WorkerRequest<Task> {
  id: number;
  task: Task;
}

export type WorkerAnswer<Result> =
  | { id: number; ok: true; value: Result }
  | {
      id: number;
      ok: false;
      error: { name: string; code: string; kind: ErrorKind; message: string };
    };

/** Runs `handle` for each task the pool posts to this worker thread. */
export function serveTasks<Task, Result>(handle: (task: Task) => Promise<Result> | Result): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks() runs inside a worker thread.');
  port.on('message', (request: WorkerRequest<Task>) => {
    void (async (): Promise<WorkerAnswer<Result>> => {
      try {
        return { id: request.id, ok: true, value: await handle(request.task) };
      } catch (error) {
        const known = error instanceof SignetError;
        return {
          id: request.id,
          ok: false,
          error: {
            name: known ? error.name : 'Error',
            code: known ? error.code : 'INTERNAL_ERROR',
            kind: known ? error.kind : 'fault',
            message: known ? error.message : String((error as Error)?.message ?? error),
          },
        };
      }
    })().then((answer) => port.postMessage(answer));
  });
  port.postMessage(WORKER_READY);
}
