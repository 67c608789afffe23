import { cosignatureTime, cosignatureVerifier } from './cosignature';
import { TlogError } from './errors';
import { parseCheckpoint, type Checkpoint } from './checkpoint';
import {
  ed25519Verifier,
  openNote,
  parseNote,
  parseVkey,
  SIG_TYPE_COSIGNATURE_V1,
  SIG_TYPE_ED25519,
  type NoteVerifier,
} from './note';

/** A witness of a policy: its name in the policy file and its cosignature key. */
export interface PolicyWitness {
  name: string;
  verifier: NoteVerifier;
  url?: string;
}

/** A group: witnessed when at least `threshold` of its members are (c2sp.org/tlog-policy). */
export interface PolicyGroup {
  name: string;
  threshold: number;
  members: string[];
}

/** A parsed trust policy: the logs accepted, the witnesses known and the quorum rule. */
export interface TrustPolicy {
  logs: { verifier: NoteVerifier; url?: string }[];
  witnesses: PolicyWitness[];
  groups: PolicyGroup[];
  /** A witness or group name, or `none` (no cosignature required). */
  quorum: string;
}

const bad = (line: number, why: string): never => {
  throw new TlogError('TLOG_BAD_POLICY', `Policy line ${line}: ${why}`);
};

/**
 * Reads a policy file (c2sp.org/tlog-policy "Policy file syntax"): lines split on spaces and tabs,
 * `#` comments, names defined before use, no duplicate name or key, exactly one quorum line.
 */
export function parsePolicy(text: string): TrustPolicy {
  const policy: TrustPolicy = { logs: [], witnesses: [], groups: [], quorum: '' };
  const names = new Set<string>(['none']);
  const keys = new Set<string>();
  const addKey = (n: number, raw: Buffer) => {
    const hex = raw.toString('hex');
    if (keys.has(hex)) bad(n, 'the same public key is listed twice.');
    keys.add(hex);
  };
  text.split('\n').forEach((rawLine, i) => {
    const n = i + 1;
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) return;
    const [keyword, ...args] = line.split(/[ \t]+/) as [string, ...string[]];
    if (keyword === 'log') {
      if (args.length < 1 || args.length > 2) bad(n, '"log <vkey> [<url>]".');
      const vkey = parseVkey(args[0] as string);
      if (vkey.type !== SIG_TYPE_ED25519) bad(n, 'a log key must be an Ed25519 (0x01) vkey.');
      addKey(n, vkey.publicKey);
      policy.logs.push({ verifier: ed25519Verifier(vkey.name, vkey.publicKey), url: args[1] });
    } else if (keyword === 'witness') {
      if (args.length < 2 || args.length > 3) bad(n, '"witness <name> <vkey> [<url>]".');
      const [name, key, url] = args as [string, string, string | undefined];
      if (names.has(name)) bad(n, `the name ${name} is already defined.`);
      const vkey = parseVkey(key);
      if (vkey.type !== SIG_TYPE_COSIGNATURE_V1)
        bad(n, 'a witness key must be a cosignature (0x04) vkey.');
      addKey(n, vkey.publicKey);
      names.add(name);
      policy.witnesses.push({
        name,
        verifier: cosignatureVerifier(vkey.name, vkey.publicKey),
        url,
      });
    } else if (keyword === 'group') {
      const [name, k, ...members] = args as [string, string, ...string[]];
      if (args.length < 3) bad(n, '"group <name> <all|any|k> <name>...".');
      if (names.has(name)) bad(n, `the name ${name} is already defined.`);
      for (const m of members)
        if (m === 'none' || !names.has(m)) bad(n, `${m} is not defined above.`);
      const threshold =
        k === 'all' ? members.length : k === 'any' ? 1 : /^[1-9][0-9]*$/.test(k) ? Number(k) : 0;
      if (threshold < 1 || threshold > members.length) bad(n, 'the threshold must be 1 to n.');
      names.add(name);
      policy.groups.push({ name, threshold, members });
    } else if (keyword === 'quorum') {
      if (args.length !== 1) bad(n, '"quorum <name>".');
      if (policy.quorum !== '') bad(n, 'a policy has exactly one quorum line.');
      if (!names.has(args[0] as string)) bad(n, `${args[0]} is not defined above.`);
      policy.quorum = args[0] as string;
    } else {
      bad(n, `unknown keyword ${keyword}.`);
    }
  });
  if (policy.quorum === '')
    throw new TlogError('TLOG_BAD_POLICY', 'The policy has no quorum line.');
  return policy;
}

/** Whether the witnesses that cosigned (their policy names) satisfy the policy's quorum. */
export function quorumMet(policy: TrustPolicy, cosigned: ReadonlySet<string>): boolean {
  const witnessed = (name: string): boolean => {
    if (name === 'none') return true;
    const group = policy.groups.find((g) => g.name === name);
    if (!group) return cosigned.has(name);
    return group.members.filter(witnessed).length >= group.threshold;
  };
  return witnessed(policy.quorum);
}

/** A verified cosignature: the witness's policy name and the time it signed (POSIX seconds). */
export interface VerifiedCosignature {
  witness: string;
  time: bigint;
}

export interface VerifiedCheckpoint {
  checkpoint: Checkpoint;
  checkpointText: string;
  cosignatures: VerifiedCosignature[];
}

/**
 * A checkpoint valid under a policy (c2sp.org/tlog-policy): signed by a listed log whose name is
 * its origin, and cosigned by witnesses that meet the quorum. A failing known signature rejects
 * the note (c2sp.org/signed-note).
 */
export function verifyCheckpoint(
  input: Uint8Array | string,
  policy: TrustPolicy,
): VerifiedCheckpoint {
  const note = parseNote(input);
  const checkpoint = parseCheckpoint(note.text);
  const logs = policy.logs.map((l) => l.verifier).filter((v) => v.name === checkpoint.origin);
  if (logs.length === 0) {
    throw new TlogError('TLOG_UNTRUSTED_NOTE', `The policy lists no log ${checkpoint.origin}.`);
  }
  openNote(note, logs);
  const text = Buffer.from(note.text, 'utf8');
  const cosignatures: VerifiedCosignature[] = [];
  for (const sig of note.signatures) {
    const w = policy.witnesses.find(
      (x) => x.verifier.name === sig.name && x.verifier.keyId === sig.keyId,
    );
    if (!w) continue;
    if (!w.verifier.verify(text, sig.signature)) {
      throw new TlogError('TLOG_BAD_SIGNATURE', `The cosignature of ${sig.name} does not verify.`);
    }
    if (!cosignatures.some((c) => c.witness === w.name)) {
      cosignatures.push({ witness: w.name, time: cosignatureTime(sig.signature) });
    }
  }
  if (!quorumMet(policy, new Set(cosignatures.map((c) => c.witness)))) {
    throw new TlogError('TLOG_NO_QUORUM', 'The checkpoint lacks the cosignatures of the quorum.');
  }
  return { checkpoint, checkpointText: note.text, cosignatures };
}
