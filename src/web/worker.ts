/**
 * The page's work off the main thread, so the page stays responsive while a large file is read:
 * - `hash`: the digest of byte ranges of a File, read CHUNK bytes at a time (memory stays flat);
 * - `pdf`: a PDF read whole (up to MAX_PDF_BYTES, the server's limit too) into the facts of its signatures by the same
 *   code the server runs (verification/pdf-facts.ts over core/pades and core/cms).
 * Messages out: {progress, total} while hashing, then one {digest}, {facts}, {undecided} or {error}.
 */
import { MAX_PDF_BYTES } from '../verification/limits';
import { readPdfFacts } from '../verification/pdf-facts';
import { hashRanges, type WorkerAnswer, type WorkerJob } from './hashing';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<WorkerJob>) => void) | null;
  postMessage(message: WorkerAnswer): void;
};

async function run(job: WorkerJob): Promise<WorkerAnswer> {
  if (job.kind === 'hash') {
    const digest = await hashRanges(job.file, job.ranges, job.algorithm, (done, total) =>
      scope.postMessage({ progress: done, total }),
    );
    return { digest };
  }
  if (job.file.size > MAX_PDF_BYTES) return { undecided: 'too-large' };
  const bytes = new Uint8Array(await job.file.arrayBuffer());
  try {
    const facts = readPdfFacts(bytes);
    return typeof facts === 'string' ? { undecided: 'unreadable', why: facts } : { facts };
  } catch (error) {
    // A filter or structure the reader cannot take: the full check on the server decides.
    return { undecided: 'unreadable', why: String((error as Error)?.message ?? error) };
  }
}

scope.onmessage = (event) => {
  run(event.data).then(
    (answer) => scope.postMessage(answer),
    (error: unknown) => scope.postMessage({ error: String((error as Error)?.message ?? error) }),
  );
};
