import {
  formatCheckpoint,
  leafHash,
  nodesOfAppend,
  signNote,
  treeRoot,
  type NodeSource,
  type StoredNode,
} from '../core/tlog';
import { setTimeout as sleep } from 'node:timers/promises';
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
 * The least time between two batches asked for by nudge(): under load, entries gather into one
 * batch (and one checkpoint) per gap instead of one each; idle, a signature waits for one batch.
 */
const MIN_GAP_MS = 50;

export interface RunningSequencer {
  /** A batch soon (a signature waits for its proof): at most one more queued behind the running one. */
  nudge(): void;
  /** Stops the timer and waits for a batch under way. */
  stop(): Promise<void>;
}

/**
 * Runs sequenceBatch every `intervalMs` (a few hundred ms: an entry waits at most that long for
 * its index) and when nudged, one batch at a time.
 */
export function startSequencer(
  deps: SequencerDeps,
  intervalMs: number,
  onError: (error: unknown) => void,
): RunningSequencer {
  let running: Promise<unknown> = Promise.resolve();
  let queued = false;
  const batch = (): void => {
    if (queued) return;
    queued = true;
    running = running
      .then(async () => {
        queued = false;
        await sequenceBatch(deps);
        await sleep(MIN_GAP_MS);
      })
      .catch(onError);
  };
  const timer = setInterval(batch, intervalMs);
  timer.unref();
  return {
    nudge: batch,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
