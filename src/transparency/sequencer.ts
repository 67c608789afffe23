import {
  formatCheckpoint,
  leafHash,
  nodesOfAppend,
  signNote,
  treeRoot,
  type NodeSource,
  type StoredNode,
} from '../core/tlog';
import type { Clock } from '../ports';
import type { LogKey, LogStore, SequencedEntry } from './ports';

export interface SequencerDeps {
  store: LogStore;
  key: LogKey;
  clock: Clock;
}

/** Entries sequenced in one batch at most: one checkpoint signature covers them all. */
const BATCH_LIMIT = 4096;

/**
 * Sequences the queued entries: next leaf indices, the RFC 9162 nodes they complete, and one
 * checkpoint signed by the log key (c2sp.org/tlog-checkpoint; key name = origin), stored in one
 * transaction. Returns the new tree size, or undefined when nothing was queued.
 */
export async function sequenceBatch(deps: SequencerDeps): Promise<bigint | undefined> {
  const queued = deps.store.pending(BATCH_LIMIT);
  if (queued.length === 0) return undefined;
  const start = deps.store.size();
  const fresh = new Map<string, Uint8Array>();
  // The stored tree overlaid with this batch's nodes, so that each append sees the ones before.
  const source: NodeSource = {
    node: (level, index) => fresh.get(`${level}/${index}`) ?? deps.store.node(level, index),
  };
  const nodes: StoredNode[] = [];
  const entries: SequencedEntry[] = queued.map((q, i) => {
    const index = start + BigInt(i);
    for (const n of nodesOfAppend(source, index, leafHash(q.entry))) {
      fresh.set(`${n.level}/${n.index}`, n.hash);
      nodes.push(n);
    }
    return { index, pendingId: q.id, entry: q.entry };
  });
  const size = start + BigInt(entries.length);
  const text = formatCheckpoint({
    origin: deps.key.name,
    size,
    rootHash: treeRoot(source, size),
    extensions: [],
  });
  const note = await signNote(text, [deps.key]);
  deps.store.sequence(entries, nodes, { size, note, createdAt: deps.clock.now().toISOString() });
  return size;
}

/**
 * Runs sequenceBatch every `intervalMs` (a few hundred ms: a signature waits at most that long
 * for its index), one batch at a time. Returns stop(), which waits for a batch under way.
 */
export function startSequencer(
  deps: SequencerDeps,
  intervalMs: number,
  onError: (error: unknown) => void,
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => sequenceBatch(deps)).catch(onError);
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
