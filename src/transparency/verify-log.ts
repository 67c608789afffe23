import {
  consistencyProof,
  ed25519Verifier,
  leafHash,
  MemoryTree,
  openCheckpoint,
  parseVkey,
  treeRoot,
  verifyConsistency,
} from '../core/tlog';
import { LogError } from './errors';
import type { LogStore } from './ports';

export interface LogVerification {
  checkpoints: number;
  firstSize: string;
  lastSize: string;
}

/**
 * `signet log verify`: every stored checkpoint carries the log key's signature and the root that
 * the stored entries give (the tree rebuilt from the entries themselves), and the last checkpoint
 * is consistent with the first and with each one before it (RFC 9162 2.1.4, proofs from the
 * stored nodes), under the log key given as a vkey (c2sp.org/signed-note). Any contradiction is
 * LOG_INCONSISTENT.
 */
export function verifyLog(store: LogStore, vkey: string): LogVerification {
  const { name, publicKey } = parseVkey(vkey);
  const key = ed25519Verifier(name, publicKey);
  const checkpoints = store.checkpoints().map((c) => openCheckpoint(c.note, key).checkpoint);
  const first = checkpoints[0];
  const last = checkpoints[checkpoints.length - 1];
  if (!first || !last) throw new LogError('LOG_NOT_FOUND', 'The log has no checkpoint yet.');
  const rebuilt = new MemoryTree();
  const batch = 1024;
  for (const cp of checkpoints) {
    while (rebuilt.size < cp.size) {
      const entries = store.entries(rebuilt.size, Math.min(batch, Number(cp.size - rebuilt.size)));
      if (entries.length === 0) break;
      for (const e of entries) rebuilt.append(leafHash(e));
    }
    if (
      rebuilt.size < cp.size ||
      !Buffer.from(treeRoot(rebuilt, cp.size)).equals(Buffer.from(cp.rootHash))
    ) {
      throw new LogError(
        'LOG_INCONSISTENT',
        `The entries do not give the root of the checkpoint at size ${cp.size}.`,
      );
    }
  }
  const inconsistent = (cause: unknown) =>
    new LogError('LOG_INCONSISTENT', 'A checkpoint is not consistent with an earlier one.', {
      cause,
    });
  for (const earlier of [first, ...checkpoints.slice(0, -1)]) {
    if (earlier.size === 0n) continue;
    try {
      const proof = consistencyProof(store, earlier.size, last.size);
      verifyConsistency(earlier.size, last.size, proof, earlier.rootHash, last.rootHash);
    } catch (cause) {
      throw inconsistent(cause);
    }
  }
  return {
    checkpoints: checkpoints.length,
    firstSize: first.size.toString(),
    lastSize: last.size.toString(),
  };
}
