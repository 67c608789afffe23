/**
 * The page's side of its worker (worker.ts): hashing a document's byte ranges with File.slice,
 * CHUNK bytes at a time, fed to an incremental hash (@noble/hashes, FIPS 180-4; SM3 of GB/T 32905
 * from shims/sm3.ts for SM2 signatures), so memory stays
 * flat whatever the file's size; and reading a PDF into the facts of its signatures.
 */
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { HashName } from '../core/algorithms';
import type { PdfFacts } from '../verification/pdf-facts';
import { createSm3 } from './shims/sm3';

export const CHUNK = 4 * 1024 * 1024;

export const HASH_ALGORITHMS: readonly HashName[] = ['sha256', 'sha384', 'sha512'];
const HASHES = { sha256, sha384, sha512, sm3: { create: createSm3 } };

export type Range = [start: number, end: number];

export type WorkerJob =
  { kind: 'hash'; file: Blob; ranges: Range[]; algorithm: HashName } | { kind: 'pdf'; file: Blob };

/** Why a PDF cannot be judged on the device: the full check (uploading it) can. */
export type Undecided = 'too-large' | 'unreadable';

export type WorkerAnswer =
  | { progress: number; total: number }
  | { digest: string }
  | { facts: PdfFacts }
  | { undecided: Undecided; why?: string }
  | { error: string };

/** The hexadecimal digest of the concatenated ranges [start, end) of `file`. */
export async function hashRanges(
  file: Blob,
  ranges: Range[],
  algorithm: HashName,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<string> {
  const hash = HASHES[algorithm].create();
  const total = ranges.reduce((sum, [start, end]) => sum + (end - start), 0);
  let done = 0;
  onProgress(0, total);
  for (const [start, end] of ranges) {
    for (let pos = start; pos < end; pos += CHUNK) {
      const chunk = new Uint8Array(await file.slice(pos, Math.min(end, pos + CHUNK)).arrayBuffer());
      hash.update(chunk);
      done += chunk.length;
      onProgress(done, total);
    }
  }
  return bytesToHex(hash.digest());
}

export interface Job<T> {
  promise: Promise<T>;
  /** Stops the work (another file was chosen). */
  cancel: () => void;
}

/** Runs `job` in the worker; answers its last message. */
function inWorker(
  job: WorkerJob,
  onProgress: (done: number, total: number) => void,
): Job<WorkerAnswer> {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<WorkerAnswer>((resolve, rej) => {
    reject = rej;
    worker.onmessage = ({ data }: MessageEvent<WorkerAnswer>) => {
      if ('progress' in data) {
        onProgress(data.progress, data.total);
        return;
      }
      worker.terminate();
      if ('error' in data) rej(new Error(data.error));
      else resolve(data);
    };
    worker.onerror = (event) => {
      worker.terminate();
      rej(new Error(event.message || 'the worker failed'));
    };
  });
  worker.postMessage(job);
  return {
    promise,
    cancel: () => {
      worker.terminate();
      reject(new DOMException('cancelled', 'AbortError'));
    },
  };
}

/** Hashes byte ranges of `file` in the worker. */
export function hashInBackground(
  file: Blob,
  ranges: Range[],
  algorithm: HashName,
  onProgress: (done: number, total: number) => void,
): Job<string> {
  const job = inWorker({ kind: 'hash', file, ranges, algorithm }, onProgress);
  return {
    cancel: job.cancel,
    promise: job.promise.then((answer) => {
      if ('digest' in answer) return answer.digest;
      throw new Error('the worker gave no digest');
    }),
  };
}

/** Reads a PDF into its facts in the worker, or says why it cannot be judged on the device. */
export function readPdfInBackground(
  file: Blob,
): Job<{ facts: PdfFacts } | { undecided: Undecided; why?: string }> {
  const job = inWorker({ kind: 'pdf', file }, () => undefined);
  return {
    cancel: job.cancel,
    promise: job.promise.then((answer) => {
      if ('facts' in answer || 'undecided' in answer) return answer;
      throw new Error('the worker gave no facts');
    }),
  };
}
