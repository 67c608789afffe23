/**
 * Property tests of RFC 9162 proofs (issue 21 done-when 1): every proof of small trees, a sample
 * of a 100,000-leaf tree, and indices past 2^32 (sizes are uint64), each also with one changed
 * byte, which must fail.
 */
import { randomBytes } from 'node:crypto';
import {
  consistencyProof,
  inclusionProof,
  leafHash,
  MemoryTree,
  nodeHash,
  splitPoint,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
  type NodeSource,
} from '../../../src/core/tlog';

/** MTH straight from RFC 9162 2.1.1, recursive, to check the stored-node arithmetic against. */
function mth(leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 1) return leaves[0] as Uint8Array;
  const k = Number(splitPoint(BigInt(leaves.length)));
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

function flip(proof: Uint8Array[], at: number): Uint8Array[] {
  return proof.map((h, i) => {
    if (i !== at) return h;
    const c = Buffer.from(h);
    c[at % 32] = (c[at % 32] as number) ^ 0x01;
    return c;
  });
}

describe('trees of 1 to 24 leaves', () => {
  const tree = new MemoryTree();
  const leaves: Uint8Array[] = [];
  for (let i = 0; i < 24; i += 1) {
    const l = leafHash(Buffer.from(`leaf ${i}`));
    leaves.push(l);
    tree.append(l);
  }

  it('have the root of the recursive definition', () => {
    for (let n = 1; n <= 24; n += 1) {
      expect(Buffer.from(treeRoot(tree, BigInt(n)))).toEqual(Buffer.from(mth(leaves.slice(0, n))));
    }
  });

  it('verify every inclusion and consistency proof, and no proof with a changed byte', () => {
    for (let n = 1n; n <= 24n; n += 1n) {
      const root = treeRoot(tree, n);
      for (let i = 0n; i < n; i += 1n) {
        const p = inclusionProof(tree, i, n);
        verifyInclusion(i, n, tree.node(0, i), p, root);
        if (p.length > 0) {
          const j = Number(i) % p.length;
          expect(() => verifyInclusion(i, n, tree.node(0, i), flip(p, j), root)).toThrow();
        }
        if (n > 1n)
          expect(() => verifyInclusion((i + 1n) % n, n, tree.node(0, i), p, root)).toThrow();
      }
      for (let m = 1n; m <= n; m += 1n) {
        const p = consistencyProof(tree, m, n);
        const old = treeRoot(tree, m);
        verifyConsistency(m, n, p, old, root);
        if (p.length > 0) {
          const j = Number(m) % p.length;
          expect(() => verifyConsistency(m, n, flip(p, j), old, root)).toThrow();
        }
        if (m < n) expect(() => verifyConsistency(m, n, p, root, old)).toThrow();
      }
    }
  });
});

describe('a random tree of 100,000 leaves', () => {
  it('verifies a sample of 200 inclusion and 200 consistency proofs; a changed byte fails', () => {
    const tree = new MemoryTree();
    for (let i = 0; i < 100_000; i += 1) tree.append(leafHash(randomBytes(16)));
    const pick = (below: bigint) => BigInt(Math.floor(Math.random() * Number(below)));
    for (let s = 0; s < 200; s += 1) {
      const n = pick(100_000n) + 1n;
      const i = pick(n);
      const root = treeRoot(tree, n);
      const p = inclusionProof(tree, i, n);
      verifyInclusion(i, n, tree.node(0, i), p, root);
      if (p.length > 0) {
        expect(() => verifyInclusion(i, n, tree.node(0, i), flip(p, s % p.length), root)).toThrow();
      }
      const changedRoot = Buffer.from(root);
      changedRoot[s % 32] = (changedRoot[s % 32] as number) ^ 0x80;
      expect(() => verifyInclusion(i, n, tree.node(0, i), p, changedRoot)).toThrow();

      const m = pick(n) + 1n;
      const c = consistencyProof(tree, m, n);
      verifyConsistency(m, n, c, treeRoot(tree, m), root);
      if (c.length > 0) {
        expect(() =>
          verifyConsistency(m, n, flip(c, s % c.length), treeRoot(tree, m), root),
        ).toThrow();
      }
    }
  });
});

describe('indices past 2^32', () => {
  // A log of 2^40 equal leaves: each complete subtree's hash depends only on its level, so the
  // nodes of any size are known without storing them, and the proofs exercise uint64 arithmetic.
  const levels: Uint8Array[] = [leafHash(Buffer.from('same'))];
  for (let l = 1; l <= 64; l += 1)
    levels.push(nodeHash(levels[l - 1] as Uint8Array, levels[l - 1] as Uint8Array));
  const uniform: NodeSource = { node: (level) => levels[level] as Uint8Array };

  it('proves and verifies inclusion and consistency with bigint sizes; a changed byte fails', () => {
    const n = (1n << 40n) + 12_345n;
    const root = treeRoot(uniform, n);
    for (const i of [0n, (1n << 32n) + 7n, n - 1n]) {
      const p = inclusionProof(uniform, i, n);
      verifyInclusion(i, n, levels[0] as Uint8Array, p, root);
      expect(() => verifyInclusion(i, n, levels[0] as Uint8Array, flip(p, 1), root)).toThrow();
    }
    const m = (1n << 33n) + 3n;
    const c = consistencyProof(uniform, m, n);
    verifyConsistency(m, n, c, treeRoot(uniform, m), root);
    expect(() => verifyConsistency(m, n, flip(c, 2), treeRoot(uniform, m), root)).toThrow();
  });
});
