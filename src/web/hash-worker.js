/**
 * Hashes byte ranges of a File off the main thread, so the page stays responsive and the progress
 * bar moves while a large document is read. Message in: {file, ranges: [[start, end], ...],
 * algorithm}; messages out: {progress: bytesDone, total}, then {digest: HEX} or {error}.
 */
import { hashRanges } from './hashing.js';

self.onmessage = async (event) => {
  const { file, ranges, algorithm } = event.data;
  try {
    const digest = await hashRanges(file, ranges, algorithm, (done, total) =>
      self.postMessage({ progress: done, total }),
    );
    self.postMessage({ digest });
  } catch (error) {
    self.postMessage({ error: String((error && error.message) || error) });
  }
};
