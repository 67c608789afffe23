import { TlogError } from './errors';
import { EMPTY_ROOT, nodeHash, splitPoint } from './hash';

/**
 * The stored hashes of a tree: `node(level, index)` is the root of the complete subtree of 2^level
 * leaves that starts at leaf index * 2^level (level 0: the leaf hashes). Every hash RFC 9162
 * proofs need is one of these or a fold of them along the tree's right edge.
 */
export interface NodeSource {
  node(level: number, index: bigint): Uint8Array;
}

/**
 * MTH(D[begin:end]) for a range that starts on a boundary of its own size class (every range that
 * RFC 9162 2.1.1/2.1.3/2.1.4 recursions visit): split it into complete subtrees, largest first, and
 * fold them right to left, which is exactly how MTH splits at the largest power of two.
 */
export function rangeHash(source: NodeSource, begin: bigint, end: bigint): Uint8Array {
  if (end <= begin) throw new TlogError('TLOG_RANGE', 'An empty range has no subtree hash.');
  const parts: Uint8Array[] = [];
  for (let at = begin; at < end;) {
    let level = 0;
    while (at % (1n << BigInt(level + 1)) === 0n && at + (1n << BigInt(level + 1)) <= end)
      level += 1;
    parts.push(source.node(level, at >> BigInt(level)));
    at += 1n << BigInt(level);
  }
  let hash = parts[parts.length - 1] as Uint8Array;
  for (let i = parts.length - 2; i >= 0; i -= 1) hash = nodeHash(parts[i] as Uint8Array, hash);
  return hash;
}

/** The root hash of the first `size` leaves (RFC 9162 2.1.1; the empty tree's is SHA-256()). */
export function treeRoot(source: NodeSource, size: bigint): Uint8Array {
  return size === 0n ? EMPTY_ROOT : rangeHash(source, 0n, size);
}

/** PATH(m, D[n]) (RFC 9162 2.1.3.1): the audit path of leaf `index` in the tree of `size` leaves. */
export function inclusionProof(source: NodeSource, index: bigint, size: bigint): Uint8Array[] {
  if (index < 0n || index >= size) {
    throw new TlogError('TLOG_RANGE', `Leaf ${index} is not in a tree of ${size} leaves.`);
  }
  const path: Uint8Array[] = [];
  let lo = 0n;
  let hi = size;
  let m = index;
  // Walk down from the root, collecting the sibling of each subtree holding m; the path lists
  // them leaf first, so they are prepended.
  while (hi - lo > 1n) {
    const k = splitPoint(hi - lo);
    if (m < k) {
      path.unshift(rangeHash(source, lo + k, hi));
      hi = lo + k;
    } else {
      path.unshift(rangeHash(source, lo, lo + k));
      lo += k;
      m -= k;
    }
  }
  return path;
}

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true) (RFC 9162 2.1.4.1), for 0 < m <= n (m = n: empty). */
export function consistencyProof(source: NodeSource, size1: bigint, size2: bigint): Uint8Array[] {
  if (size1 <= 0n || size1 > size2) {
    throw new TlogError('TLOG_RANGE', `No consistency proof from size ${size1} to ${size2}.`);
  }
  const proof: Uint8Array[] = [];
  let lo = 0n;
  let hi = size2;
  let m = size1;
  let complete = true; // b of SUBPROOF: m is the whole of the first tree seen so far
  while (m !== hi - lo) {
    const k = splitPoint(hi - lo);
    if (m <= k) {
      proof.unshift(rangeHash(source, lo + k, hi));
      hi = lo + k;
    } else {
      proof.unshift(rangeHash(source, lo, lo + k));
      lo += k;
      m -= k;
      complete = false;
    }
  }
  if (!complete) proof.unshift(rangeHash(source, lo, hi));
  return proof;
}
