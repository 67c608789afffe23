/**
 * One verification as a task a worker thread can run. The main thread prepares what only it may
 * do: the current CRL (asking for it may publish a new one, a write) and the time of the
 * verification; the worker runs verify() over those with the register's read-only look-ups, so
 * the verdict is the one verify() gives in-process.
 */
import { readFile } from 'node:fs/promises';
import type { Clock } from '../ports';
import {
  verify,
  type VerificationDeps,
  type VerificationReport,
  type VerifyRequest,
} from '../verification';

export interface VerifyTask {
  request: VerifyRequest;
  /**
   * A file holding the uploaded document's bytes (a PDF kept on disk rather than in memory),
   * read by the worker when the request does not carry the content itself.
   */
  spooled?: string;
  /** ISO 8601: the verification's "now". */
  now: string;
  anchors: Uint8Array[];
  intermediates: Uint8Array[];
  crls: Uint8Array[];
  /** The transparency-log keys trusted (vkeys). */
  logKeys: readonly string[];
}

export type RegistryLookups = (clock: Clock) => Pick<VerificationDeps, 'issued' | 'documents'>;

/** The main thread's part: this CA's anchors, its current CRL and the time, as verify() asks. */
export async function prepareVerifyTask(
  deps: VerificationDeps,
  request: VerifyRequest,
  spooled?: string,
): Promise<VerifyTask> {
  const { signature, document, pdf } = request;
  // verify() asks for CRLs only when there is a signature to judge; so does this.
  const crls =
    signature || document?.content || spooled || pdf ? await deps.revocation.currentCrls() : [];
  return {
    request,
    spooled,
    now: deps.clock.now().toISOString(),
    anchors: deps.trusted.anchors(),
    intermediates: deps.trusted.intermediates(),
    crls,
    logKeys: deps.logKeys?.() ?? [],
  };
}

/** The worker's part: verify() over the prepared data, the spooled document read back. */
export async function runVerifyTask(
  registry: RegistryLookups,
  task: VerifyTask,
): Promise<VerificationReport> {
  const now = new Date(task.now);
  const clock: Clock = { now: () => now };
  const given = task.request.document;
  const bytes = given && !given.content && task.spooled ? await readFile(task.spooled) : undefined;
  // A view of the file's buffer, not a copy: a PDF may be 64 MiB.
  const document =
    given && bytes
      ? { ...given, content: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) }
      : given;
  return verify(
    {
      clock,
      trusted: { anchors: () => task.anchors, intermediates: () => task.intermediates },
      revocation: { currentCrls: () => Promise.resolve(task.crls) },
      logKeys: () => task.logKeys,
      ...registry(clock),
    },
    { ...task.request, document },
  );
}
