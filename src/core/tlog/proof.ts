import { TlogError } from './errors';
import { HASH_SIZE } from './hash';
import { decodeBase64 } from './note';
import { verifyCheckpoint, type TrustPolicy, type VerifiedCheckpoint } from './policy';
import { verifyInclusion } from './verify';

/** First line of every c2sp.org/tlog-proof. */
const HEADER = 'c2sp.org/tlog-proof@v1';

/** An offline proof of logging (c2sp.org/tlog-proof): index, audit path and the checkpoint note. */
export interface TlogProof {
  extra?: Uint8Array;
  index: bigint;
  proof: Uint8Array[];
  /** The checkpoint note, verbatim (its cosignatures included). */
  checkpoint: string;
}

const bad = (why: string): never => {
  throw new TlogError('TLOG_BAD_PROOF', why);
};

export function formatTlogProof(p: TlogProof): string {
  const lines = [HEADER];
  if (p.extra) lines.push(`extra ${Buffer.from(p.extra).toString('base64')}`);
  lines.push(`index ${p.index.toString()}`);
  for (const h of p.proof) lines.push(Buffer.from(h).toString('base64'));
  return `${lines.join('\n')}\n\n${p.checkpoint}`;
}

export function parseTlogProof(text: string): TlogProof {
  const split = text.indexOf('\n\n');
  if (split < 0) bad('A tlog proof has a header, an empty line and a checkpoint.');
  const lines = text.slice(0, split).split('\n');
  if (lines.shift() !== HEADER) bad(`A tlog proof starts with ${HEADER}.`);
  let extra: Uint8Array | undefined;
  if (lines[0]?.startsWith('extra '))
    extra = decodeBase64((lines.shift() as string).slice(6), 'The extra data');
  const indexLine = lines.shift() ?? '';
  // ASCII decimal, no leading zeroes unless 0 (c2sp.org/tlog-proof "Format"); a uint64.
  const m = /^index (0|[1-9][0-9]*)$/.exec(indexLine);
  if (!m || BigInt(m[1] as string) >= 1n << 64n) bad('The index line is "index <decimal>".');
  const proof = lines.map((l) => decodeBase64(l, 'A proof hash'));
  if (proof.some((h) => h.length !== HASH_SIZE)) bad('A proof hash is not 32 bytes long.');
  return {
    extra,
    index: BigInt((m as RegExpExecArray)[1] as string),
    proof,
    checkpoint: text.slice(split + 2),
  };
}

/**
 * Verifies a tlog proof offline (c2sp.org/tlog-proof "Verifying a tlog proof"): the leaf hash is
 * the application's (step 1), the checkpoint is checked against the policy (steps 2-3), and the
 * audit path binds the leaf to its root (step 4).
 */
export function verifyTlogProof(
  text: string,
  leaf: Uint8Array,
  policy: TrustPolicy,
): VerifiedCheckpoint & { index: bigint } {
  const p = parseTlogProof(text);
  const verified = verifyCheckpoint(p.checkpoint, policy);
  verifyInclusion(p.index, verified.checkpoint.size, leaf, p.proof, verified.checkpoint.rootHash);
  return { ...verified, index: p.index };
}
