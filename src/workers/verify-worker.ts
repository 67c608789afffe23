/**
 * Entry of a verification worker thread (the composition root of the thread, as main.ts is of
 * the process): its own read-only connection to the CA's database for the register's look-ups,
 * then one VerifyTask at a time (verify-task.ts) from the pool (verifier.ts).
 */
import { workerData } from 'node:worker_threads';
import { registryVerificationDeps } from '../verification';
import { openDatabaseReadOnly } from '../store/database';
import { SqliteDocumentRegistry } from '../store/documents';
import { SqliteStore } from '../store/sqlite-store';
import { collectGarbage } from './collect-garbage';
import { runVerifyTask, type VerifyTask } from './verify-task';
import { serveTasks } from './worker-protocol';

export interface VerifyWorkerData {
  dataDir: string;
}

const { dataDir } = workerData as VerifyWorkerData;
const db = openDatabaseReadOnly(dataDir);
const store = new SqliteStore(db);
const documents = new SqliteDocumentRegistry(db);

serveTasks(async (task: VerifyTask) => {
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
    // A spooled document was read whole into memory outside V8's heap: release it now.
    if (task.spooled) collectGarbage();
  }
});
