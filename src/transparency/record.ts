import { encodeEntry, entryOf, SALT_BYTES } from '../core/tlog';
import type { RandomSource } from '../ports';
import type { IssuedSignature, SignatureLog } from '../ports';
import type { LogStore } from './ports';

/**
 * The signing use case's SignatureLog port: each signature becomes a 138-byte entry of salted
 * commitments, queued in the registering transaction; the sequencer gives it its leaf index.
 */
export function signatureLog(store: LogStore, random: RandomSource): SignatureLog {
  return {
    recordIssued(s: IssuedSignature): void {
      const salt = random.bytes(SALT_BYTES);
      const entry = entryOf({ type: 'signature-issued', ...s, salt });
      store.addPending(encodeEntry(entry), { documentId: s.documentId, salt });
    },
  };
}
