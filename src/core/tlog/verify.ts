import { timingSafeEqual } from 'node:crypto';
import { TlogError } from './errors';
import { HASH_SIZE, nodeHash } from './hash';

const fail = (why: string): never => {
  throw new TlogError('TLOG_BAD_PROOF', why);
};

const sameHash = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && timingSafeEqual(a, b);

function checkHashes(proof: readonly Uint8Array[]): void {
  if (proof.some((h) => h.length !== HASH_SIZE)) fail('A proof hash is not 32 bytes long.');
}

const odd = (n: bigint): boolean => (n & 1n) === 1n;

/**
 * The root that an audit path leads to (RFC 9162 2.1.3.2); throws TLOG_BAD_PROOF for a path of
 * the wrong length or a leaf outside the tree. Indices are bigint: sizes are uint64.
 */
export function rootFromInclusionProof(
  index: bigint,
  size: bigint,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
): Uint8Array {
  if (index < 0n || index >= size) fail(`Leaf ${index} is not in a tree of ${size} leaves.`);
  if (leaf.length !== HASH_SIZE) fail('The leaf hash is not 32 bytes long.');
  checkHashes(proof);
  let fn = index;
  let sn = size - 1n;
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (sn === 0n) fail('The inclusion proof is longer than the path to the root.');
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) fail('The inclusion proof is shorter than the path to the root.');
  return r;
}

/** RFC 9162 2.1.3.2: `leaf` is entry `index` of the tree of `size` leaves whose root is `root`. */
export function verifyInclusion(
  index: bigint,
  size: bigint,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  if (!sameHash(rootFromInclusionProof(index, size, leaf, proof), root)) {
    fail('The inclusion proof does not lead to the root hash.');
  }
}

/**
 * RFC 9162 2.1.4.2: the tree of `size2` leaves (root2) extends the tree of `size1` (root1). A
 * proof from the empty tree proves nothing and is refused, as transparency-dev/merkle does; equal
 * sizes need an empty proof and equal roots.
 */
export function verifyConsistency(
  size1: bigint,
  size2: bigint,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): void {
  if (size1 > size2) fail(`A tree of ${size2} leaves cannot extend one of ${size1}.`);
  if (size1 <= 0n) fail('A consistency proof from the empty tree is meaningless.');
  checkHashes(proof);
  if (size1 === size2) {
    if (proof.length > 0) fail('Equal sizes need an empty consistency proof.');
    if (!sameHash(root1, root2)) fail('Two trees of the same size have different roots.');
    return;
  }
  if (proof.length === 0) fail('The consistency proof is empty.');
  const path = (size1 & (size1 - 1n)) === 0n ? [root1, ...proof] : [...proof];
  let fn = size1 - 1n;
  let sn = size2 - 1n;
  while (odd(fn)) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = path[0] as Uint8Array;
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0n) fail('The consistency proof is longer than the path to the root.');
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!odd(fn) && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) fail('The consistency proof is shorter than the path to the root.');
  if (!sameHash(fr, root1)) fail('The consistency proof does not lead to the first root.');
  if (!sameHash(sr, root2)) fail('The consistency proof does not lead to the second root.');
}
