import { TlogError } from './errors';
import { nodeHash } from './hash';
import type { NodeSource } from './tree';

/** One stored hash of a tree: the complete subtree of 2^level leaves at position index. */
export interface StoredNode {
  level: number;
  index: bigint;
  hash: Uint8Array;
}

/**
 * The hashes that become complete when leaf `index` (the tree had `index` leaves) is appended:
 * the leaf itself, then each parent whose right child it completes (RFC 9162 2.1.1 node hashes).
 * `source` must already answer for the nodes of the first `index` leaves.
 */
export function nodesOfAppend(source: NodeSource, index: bigint, leaf: Uint8Array): StoredNode[] {
  const nodes: StoredNode[] = [{ level: 0, index, hash: leaf }];
  let hash = leaf;
  let at = index;
  for (let level = 0; (at & 1n) === 1n; level += 1) {
    hash = nodeHash(source.node(level, at - 1n), hash);
    at >>= 1n;
    nodes.push({ level: level + 1, index: at, hash });
  }
  return nodes;
}

/** A tree held in memory (tests, and a sequencer's batch before it is stored). */
export class MemoryTree implements NodeSource {
  private readonly levels: Uint8Array[][] = [];

  get size(): bigint {
    return BigInt(this.levels[0]?.length ?? 0);
  }

  node(level: number, index: bigint): Uint8Array {
    const hash = this.levels[level]?.[Number(index)];
    if (!hash) throw new TlogError('TLOG_RANGE', `No node ${level}/${index} in this tree.`);
    return hash;
  }

  /** Appends a leaf hash (already 0x00-prefixed and hashed) and returns the nodes it completed. */
  append(leaf: Uint8Array): StoredNode[] {
    const nodes = nodesOfAppend(this, this.size, leaf);
    for (const n of nodes) (this.levels[n.level] ??= []).push(n.hash);
    return nodes;
  }
}
