/**
 * Entry of a verification worker thread (the composition root of the thread, as main.ts is of
 * the process): a lower CPU priority than the main thread (lower-priority.ts), its own read-only
 * connection to the CA's database for the register's look-ups, then one VerifyTask at a time
 * (verify-task.ts) from the pool (verifier.ts).
 */
import { statSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { registryVerificationDeps } from '../verification';
import { openDatabaseReadOnly } from '../store/database';
import { SqliteDocumentRegistry } from '../store/documents';
import { SqliteStore } from '../store/sqlite-store';
import { collectGarbage } from './collect-garbage';
import { lowerThreadPriority } from './lower-priority';
import { runVerifyTask, type VerifyTask } from './verify-task';
import { serveTasks } from './worker-protocol';

export interface VerifyWorkerData {
  dataDir: string;
}

const { dataDir } = workerData as VerifyWorkerData;
lowerThreadPriority();
const db = openDatabaseReadOnly(dataDir);
const store = new SqliteStore(db);
const documents = new SqliteDocumentRegistry(db);

/**
 * From this size a spooled document is released by a full collection after its task: below it, the
 * collection costs more than the memory it frees (a verification of a small PDF took 3x as long).
 */
const COLLECT_AFTER_BYTES = 8 * 1024 * 1024;

const isLarge = (file: string | undefined): boolean => {
  try {
    return file !== undefined && statSync(file).size >= COLLECT_AFTER_BYTES;
  } catch {
    return false;
  }
};

serveTasks(async (task: VerifyTask) => {
  const large = isLarge(task.spooled);
  try {
    return await runVerifyTask(
      (clock) =>
        registryVerificationDeps({
          clock,
          certificates: store.certificates,
          departments: store.departments,
          documents,
        }),
      task,
    );
  } finally {
    // A large spooled document was read whole into memory outside V8's heap: release it now.
    if (large) collectGarbage();
  }
});
