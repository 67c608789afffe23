/**
 * Hashing a document in the browser: its byte ranges are read with File.slice, CHUNK bytes at a
 * time, and fed to the incremental hash, so memory stays flat whatever the file's size. In a worker
 * when the browser can (hash-worker.js), else on the page itself.
 */
import { Hash, toHex } from './hash.js';

export const CHUNK = 4 * 1024 * 1024;

/** Answers the hexadecimal digest of the concatenated ranges [start, end) of `file`. */
export async function hashRanges(file, ranges, algorithm, onProgress = () => {}) {
  const hash = new Hash(algorithm);
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
  return toHex(hash.digest());
}

/**
 * Hashes in a worker, falling back to this thread. Answers {promise, cancel}; cancel() stops the
 * work (another file was chosen).
 */
export function hashInBackground(file, ranges, algorithm, onProgress) {
  let cancelled = false;
  const onThisThread = () =>
    hashRanges(file, ranges, algorithm, (done, total) => {
      if (cancelled) throw new DOMException('cancelled', 'AbortError');
      onProgress(done, total);
    });
  let worker;
  try {
    worker = new Worker(new URL('./hash-worker.js', import.meta.url), { type: 'module' });
  } catch {
    return { promise: onThisThread(), cancel: () => (cancelled = true) };
  }
  let reject;
  let started = false;
  const promise = new Promise((resolve, rej) => {
    reject = rej;
    worker.onmessage = ({ data }) => {
      started = true;
      if (data.progress !== undefined) onProgress(data.progress, data.total);
      else if (data.digest) {
        worker.terminate();
        resolve(data.digest);
      } else {
        worker.terminate();
        rej(new Error(data.error));
      }
    };
    worker.onerror = (event) => {
      worker.terminate();
      // A browser without module workers fails before the first message: hash here instead.
      if (!started) resolve(onThisThread());
      else rej(new Error(event.message || 'the hashing worker failed'));
    };
  });
  worker.postMessage({ file, ranges, algorithm });
  return {
    promise,
    cancel: () => {
      cancelled = true;
      worker.terminate();
      reject(new DOMException('cancelled', 'AbortError'));
    },
  };
}
