/**
 * RFC 6962 / RFC 9162 tree hashing and proofs against published answers (issue 21 done-when 1).
 *
 * - The reference tree of RFC 6962's test suite (eight leaves, inputs below): its roots at sizes 6
 *   and 8 as transparency-dev/merkle publishes them, and a proof of each kind checked both ways.
 * - The whole transparency-dev/merkle inclusion and consistency suite (each case with wantErr),
 *   copied into test/conformance/suites/merkle/ (its README says from where, and the licence).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  consistencyProof,
  inclusionProof,
  leafHash,
  MemoryTree,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from '../../../src/core/tlog';

const b64 = (s: string) => Buffer.from(s, 'base64');
const hex = (s: string) => Buffer.from(s, 'hex');

/** The leaf inputs of the RFC 6962 reference tests (certificate-transparency, merkle_tree_test). */
const LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];
const ROOT6 = 'duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=';
const ROOT8 = 'XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=';

function referenceTree(): MemoryTree {
  const tree = new MemoryTree();
  for (const l of LEAVES) tree.append(leafHash(hex(l)));
  return tree;
}

describe('the RFC 6962 reference tree', () => {
  const tree = referenceTree();

  it('has the published roots at sizes 6 and 8, and SHA-256() when empty', () => {
    expect(Buffer.from(treeRoot(tree, 6n)).toString('base64')).toBe(ROOT6);
    expect(Buffer.from(treeRoot(tree, 8n)).toString('base64')).toBe(ROOT8);
    expect(Buffer.from(treeRoot(tree, 0n)).toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('proves leaf 0 in size 8 with the published path', () => {
    const path = inclusionProof(tree, 0n, 8n).map((h) => Buffer.from(h).toString('base64'));
    expect(path).toEqual([
      'lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=',
      'Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=',
      'a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=',
    ]);
    expect(() =>
      verifyInclusion(0n, 8n, tree.node(0, 0n), path.map(b64), b64(ROOT8)),
    ).not.toThrow();
  });

  it('proves size 6 consistent with size 8 with the published path', () => {
    const proof = consistencyProof(tree, 6n, 8n).map((h) => Buffer.from(h).toString('base64'));
    expect(proof).toEqual([
      'DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=',
      'yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=',
      '037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=',
    ]);
    expect(() => verifyConsistency(6n, 8n, proof.map(b64), b64(ROOT6), b64(ROOT8))).not.toThrow();
  });
});

const VECTORS = join(__dirname, '../../conformance/suites/merkle');

function cases(kind: 'inclusion' | 'consistency'): [string, any][] {
  const dir = join(VECTORS, kind);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8'))]);
}

const hashes = (list: string[] | null) => (list ?? []).map(b64);

/** The cases whose outcome (refused or accepted) is not the one they expect. */
function mismatches(kind: 'inclusion' | 'consistency', run: (c: any) => void): string[] {
  const all = cases(kind);
  expect(all.length).toBeGreaterThan(50);
  return all.flatMap(([name, c]) => {
    let refused = false;
    try {
      run(c);
    } catch {
      refused = true;
    }
    return refused === c.wantErr ? [] : [name];
  });
}

describe('transparency-dev/merkle testdata', () => {
  it('every inclusion case verifies or fails as it says', () => {
    const run = (c: any) =>
      verifyInclusion(
        BigInt(c.leafIdx),
        BigInt(c.treeSize),
        b64(c.leafHash ?? ''),
        hashes(c.proof),
        b64(c.root ?? ''),
      );
    expect(mismatches('inclusion', run)).toEqual([]);
  });

  it('every consistency case verifies or fails as it says', () => {
    const run = (c: any) =>
      verifyConsistency(
        BigInt(c.size1),
        BigInt(c.size2),
        hashes(c.proof),
        b64(c.root1 ?? ''),
        b64(c.root2 ?? ''),
      );
    expect(mismatches('consistency', run)).toEqual([]);
  });
});
