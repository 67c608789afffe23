import { formatTlogProof, inclusionProof, type NodeSource } from '../core/tlog';
import type { LoggedSignature } from '../ports';
import { LogError } from './errors';
import type { LogStore } from './ports';

/** Tiles are 2^8 hashes wide (c2sp.org/tlog-tiles "Merkle Tree"). */
export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;

/** The latest signed checkpoint note (c2sp.org/tlog-tiles `<prefix>/checkpoint`). */
export function latestCheckpoint(store: LogStore): string {
  const cp = store.latestCheckpoint();
  if (!cp) throw new LogError('LOG_NOT_FOUND', 'The log has no checkpoint yet.');
  return cp.note;
}

/**
 * Reads a tile path after `tile/`: `<L>/<N>[.p/<W>]` or `entries/<N>[.p/<W>]`, N written in
 * groups of three digits, all but the last prefixed with `x` (c2sp.org/tlog-tiles "Tiles").
 */
export function parseTilePath(segments: readonly string[]): {
  level: number | 'entries';
  index: bigint;
  width: number;
} {
  const bad = () => new LogError('LOG_BAD_REQUEST', 'Not a tile path.');
  const [first, ...rest] = segments;
  let level: number | 'entries';
  if (first === 'entries') level = 'entries';
  else if (first !== undefined && /^(0|[1-9][0-9]?)$/.test(first) && Number(first) < 64)
    level = Number(first);
  else throw bad();
  let width = TILE_WIDTH;
  const last = rest[rest.length - 1];
  const beforeLast = rest[rest.length - 2];
  let digits = rest;
  if (beforeLast?.endsWith('.p') && last !== undefined) {
    if (!/^[1-9][0-9]*$/.test(last) || Number(last) >= TILE_WIDTH) throw bad();
    width = Number(last);
    digits = [...rest.slice(0, -2), beforeLast.slice(0, -2)];
  }
  if (digits.length === 0) throw bad();
  let index = '';
  digits.forEach((d, i) => {
    const final = i === digits.length - 1;
    if (!(final ? /^[0-9]{3}$/ : /^x[0-9]{3}$/).test(d)) throw bad();
    index += final ? d : d.slice(1);
  });
  return { level, index: BigInt(index), width };
}

/** The hashes of a tile: tree level 8L, nodes 256N to 256N+W-1, concatenated. */
export function tile(store: LogStore, level: number, index: bigint, width: number): Buffer {
  const size = store.latestCheckpoint()?.size ?? 0n;
  const first = index * BigInt(TILE_WIDTH);
  const available = size >> BigInt(TILE_HEIGHT * level);
  if (first + BigInt(width) > available) {
    throw new LogError('LOG_NOT_FOUND', 'The log has no such tile yet.');
  }
  const hashes: Uint8Array[] = [];
  for (let i = 0n; i < BigInt(width); i += 1n)
    hashes.push(store.node(TILE_HEIGHT * level, first + i));
  return Buffer.concat(hashes);
}

/** An entry bundle: each entry as a big-endian uint16 length and its bytes (tlog-tiles). */
export function entryBundle(store: LogStore, index: bigint, width: number): Buffer {
  const size = store.latestCheckpoint()?.size ?? 0n;
  const first = index * BigInt(TILE_WIDTH);
  if (first + BigInt(width) > size)
    throw new LogError('LOG_NOT_FOUND', 'The log has no such bundle yet.');
  const parts = store.entries(first, width).flatMap((e) => {
    const len = Buffer.alloc(2);
    len.writeUInt16BE(e.length);
    return [len, Buffer.from(e)];
  });
  return Buffer.concat(parts);
}

/** The audit path of leaf `index` in the tree of `size` leaves (a size some checkpoint signed). */
export function proofOf(
  store: LogStore,
  index: bigint,
  size: bigint,
): { proof: Uint8Array[]; checkpoint: string } {
  const checkpoint = store.checkpoints().find((c) => c.size === size);
  if (!checkpoint)
    throw new LogError('LOG_NOT_FOUND', `No checkpoint of the log has size ${size}.`);
  if (index < 0n || index >= size) {
    throw new LogError('LOG_BAD_REQUEST', `Leaf ${index} is not in a tree of ${size} leaves.`);
  }
  const source: NodeSource = store;
  return { proof: inclusionProof(source, index, size), checkpoint: checkpoint.note };
}

/**
 * The salt and tlog-proof of a document's entry against the latest checkpoint; undefined while
 * the entry waits for its batch. LOG_NOT_FOUND when the document has no entry (signed before the
 * log was kept, or with a key vault that keeps none).
 */
export function documentProof(store: LogStore, documentId: string): LoggedSignature | undefined {
  const found = store.documentEntry(documentId);
  if (!found) throw new LogError('LOG_NOT_FOUND', 'This document has no entry in the log.');
  const latest = store.latestCheckpoint();
  // An entry and the checkpoint of its batch are stored in one transaction (sequencer.ts).
  if (found.index === undefined || !latest || latest.size <= found.index) return undefined;
  // Against the latest checkpoint, read once: not a scan of every checkpoint per signature.
  const proof = inclusionProof(store, found.index, latest.size);
  return {
    index: found.index,
    salt: found.salt,
    proof: formatTlogProof({ index: found.index, proof, checkpoint: latest.note }),
  };
}
