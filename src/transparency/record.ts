import { setTimeout as sleep } from 'node:timers/promises';
import { encodeEntry, entryOf, SALT_BYTES } from '../core/tlog';
import type { IssuedSignature, RandomSource, SignatureLog } from '../ports';
import type { LogStore } from './ports';
import { documentProof } from './read';

/** How often a signature waiting for its batch looks for it (the sequencer may be another process). */
const POLL_MS = 50;

/**
 * The signing use case's SignatureLog port: each signature becomes a 138-byte entry of salted
 * commitments, queued in the registering transaction; the sequencer gives it its leaf index, and
 * proofOf waits for that up to `waitMs` (0 where no sequencer runs: the CLI), first asking this
 * process's sequencer, if it runs one, for a batch now.
 */
export function signatureLog(
  store: LogStore,
  random: RandomSource,
  options: { waitMs: number; sequenceNow?: () => void } = { waitMs: 0 },
): SignatureLog {
  return {
    recordIssued(s: IssuedSignature): void {
      const salt = random.bytes(SALT_BYTES);
      const entry = entryOf({ type: 'signature-issued', ...s, salt });
      store.addPending(encodeEntry(entry), { documentId: s.documentId, salt });
    },
    async proofOf(documentId: string) {
      // The entry is committed: a sequencer in this process need not wait for its next tick.
      if (options.waitMs > 0) options.sequenceNow?.();
      // Polls count the bound, so no clock is read: a frozen test clock still ends the wait.
      for (let waited = 0; ; waited += POLL_MS) {
        const logged = documentProof(store, documentId);
        if (logged || waited >= options.waitMs) return logged;
        await sleep(POLL_MS);
      }
    },
  };
}
