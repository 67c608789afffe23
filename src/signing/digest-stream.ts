import { createHash } from 'node:crypto';
import type { HashName } from '../core/algorithms';
import { SigningError } from './errors';

/**
 * Hashes a document as its bytes arrive (never holding it in memory), refusing an empty one and
 * stopping at the size limit. The caller's stream is abandoned (not drained) past the limit.
 */
export async function digestStream(
  chunks: AsyncIterable<Uint8Array>,
  hash: HashName,
  maxBytes: number,
): Promise<{ digest: Uint8Array; bytes: number }> {
  const hasher = createHash(hash);
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += chunk.length;
    if (bytes > maxBytes) {
      throw new SigningError(
        'DOCUMENT_TOO_LARGE',
        `The document is larger than the limit of ${maxBytes} bytes.`,
      );
    }
    hasher.update(chunk);
  }
  if (bytes === 0)
    throw new SigningError('EMPTY_DOCUMENT', 'The document is empty: there is nothing to sign.');
  return { digest: new Uint8Array(hasher.digest()), bytes };
}
