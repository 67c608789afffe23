/**
 * Signed notes, checkpoints, cosignatures, trust policies and offline proofs (c2sp.org/signed-note,
 * tlog-checkpoint, tlog-cosignature, tlog-policy, tlog-proof), with Ed25519 keys of node:crypto.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import {
  consistencyProof,
  cosign,
  cosignatureVerifier,
  ed25519Raw,
  ed25519Verifier,
  formatCheckpoint,
  formatNote,
  formatTlogProof,
  formatVkey,
  inclusionProof,
  keyIdOf,
  leafHash,
  MemoryTree,
  openCheckpoint,
  openNote,
  parseNote,
  parsePolicy,
  parseVkey,
  SIG_TYPE_COSIGNATURE_V1,
  SIG_TYPE_ED25519,
  signCheckpoint,
  treeRoot,
  verifyCheckpoint,
  verifyConsistency,
  verifyTlogProof,
  type Cosigner,
  type NoteSigner,
} from '../../../src/core/tlog';

function ed25519(name: string, type: number) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = ed25519Raw(publicKey);
  const signer: NoteSigner & Cosigner = {
    name,
    publicKey: raw,
    keyId: keyIdOf(name, type, raw),
    sign: async (data: Uint8Array) => sign(null, data, privateKey as KeyObject),
  };
  return { raw, signer, vkey: formatVkey(name, type, raw) };
}

/** The same note with one byte of its text or of a signature changed. */
const changeText = (note: string) => note.replace('\n', 'x\n');

describe('signed notes', () => {
  it('verify the example of c2sp.org/signed-note with its vkey', () => {
    const vkey = parseVkey('example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k');
    const note = parseNote(
      'This is an example message.\n\n\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n',
    );
    expect(vkey.type).toBe(SIG_TYPE_ED25519);
    expect(openNote(note, [ed25519Verifier(vkey.name, vkey.publicKey)])).toHaveLength(1);
    const changed = parseNote(formatNote({ ...note, text: 'This is an example message!\n' }));
    expect(() => openNote(changed, [ed25519Verifier(vkey.name, vkey.publicKey)])).toThrow(
      expect.objectContaining({ code: 'TLOG_BAD_SIGNATURE' }),
    );
  });

  it('ignore unknown keys and refuse a note with no trusted signature', () => {
    const a = ed25519('a.example/log', SIG_TYPE_ED25519);
    const b = ed25519('b.example/log', SIG_TYPE_ED25519);
    const unknown = { name: 'c.example', keyId: 1, signature: Buffer.alloc(64) };
    const note = parseNote(formatNote({ text: 'hello\n', signatures: [unknown] }));
    expect(() => openNote(note, [ed25519Verifier(a.signer.name, a.raw)])).toThrow(
      expect.objectContaining({ code: 'TLOG_UNTRUSTED_NOTE' }),
    );
    expect(() => ed25519Verifier('has space', b.raw)).toThrow();
    expect(() => parseNote('text\n\n- x AAAAAAA=\n')).toThrow(
      expect.objectContaining({ code: 'TLOG_BAD_NOTE' }),
    );
    expect(() => parseNote('te\u0007xt\n\n\u2014 x AAAAAAA=\n')).toThrow();
  });

  it('refuse a vkey whose key ID does not match', () => {
    const a = ed25519('a.example/log', SIG_TYPE_ED25519);
    expect(() => parseVkey(a.vkey.replace(/\+[0-9a-f]{8}\+/, '+00000000+'))).toThrow(
      expect.objectContaining({ code: 'TLOG_BAD_NOTE' }),
    );
  });
});

describe('checkpoints and cosignatures', () => {
  const log = ed25519('signet.example/log', SIG_TYPE_ED25519);
  const w1 = ed25519('w1.example', SIG_TYPE_COSIGNATURE_V1);
  const w2 = ed25519('w2.example', SIG_TYPE_COSIGNATURE_V1);
  const tree = new MemoryTree();
  for (let i = 0; i < 13; i += 1) tree.append(leafHash(Buffer.from(`entry ${i}`)));
  const checkpoint = {
    origin: log.signer.name,
    size: 13n,
    rootHash: treeRoot(tree, 13n),
    extensions: [],
  };

  async function witnessed(...cosigners: Cosigner[]): Promise<string> {
    const signed = await signCheckpoint(checkpoint, log.signer);
    const note = parseNote(signed);
    for (const c of cosigners) note.signatures.push(await cosign(note.text, 1_700_000_000n, c));
    return formatNote(note);
  }

  it('open with the log key and round-trip their text', async () => {
    const note = await signCheckpoint(checkpoint, log.signer);
    const opened = openCheckpoint(note, ed25519Verifier(log.signer.name, log.raw));
    expect(formatCheckpoint(opened.checkpoint)).toBe(formatCheckpoint(checkpoint));
    expect(() =>
      openCheckpoint(changeText(note), ed25519Verifier(log.signer.name, log.raw)),
    ).toThrow();
  });

  it('carry cosignatures that verify with their time, and fail with a changed byte', async () => {
    const note = parseNote(await witnessed(w1.signer));
    const sig = note.signatures[1];
    const v = cosignatureVerifier(w1.signer.name, w1.raw);
    expect(sig?.keyId).toBe(v.keyId);
    expect(v.verify(Buffer.from(note.text), sig?.signature as Uint8Array)).toBe(true);
    const changed = Buffer.from(sig?.signature as Uint8Array);
    changed[7] = (changed[7] as number) ^ 1; // the timestamp is signed too
    expect(v.verify(Buffer.from(note.text), changed)).toBe(false);
  });

  it('meet a policy quorum only with enough witnesses', async () => {
    const policy = parsePolicy(
      [
        `log ${log.vkey}`,
        `# two witnesses, both required`,
        `witness W1 ${w1.vkey}`,
        `witness W2 ${w2.vkey} https://w2.example/`,
        `group both all W1 W2`,
        `quorum both`,
      ].join('\n'),
    );
    const ok = verifyCheckpoint(await witnessed(w1.signer, w2.signer), policy);
    expect(ok.cosignatures.map((c) => [c.witness, c.time])).toEqual([
      ['W1', 1_700_000_000n],
      ['W2', 1_700_000_000n],
    ]);
    const onlyW1 = await witnessed(w1.signer);
    expect(() => verifyCheckpoint(onlyW1, policy)).toThrow(
      expect.objectContaining({ code: 'TLOG_NO_QUORUM' }),
    );
    const any = parsePolicy(
      `log ${log.vkey}\nwitness W1 ${w1.vkey}\nwitness W2 ${w2.vkey}\ngroup g any W1 W2\nquorum g\n`,
    );
    expect(verifyCheckpoint(await witnessed(w2.signer), any).cosignatures).toHaveLength(1);
    expect(() => parsePolicy(`log ${log.vkey}\nquorum W9\n`)).toThrow(
      expect.objectContaining({ code: 'TLOG_BAD_POLICY' }),
    );
    expect(() =>
      parsePolicy(`witness W1 ${w1.vkey}\nwitness W2 ${w1.vkey}\nquorum W1\n`),
    ).toThrow();
  });

  it('make an offline tlog proof that verifies, and fails for another leaf or a changed path', async () => {
    const policy = parsePolicy(`log ${log.vkey}\nwitness W1 ${w1.vkey}\nquorum W1\n`);
    const text = formatTlogProof({
      index: 5n,
      proof: inclusionProof(tree, 5n, 13n),
      checkpoint: await witnessed(w1.signer),
      extra: Buffer.from('salt'),
    });
    expect(text.startsWith('c2sp.org/tlog-proof@v1\nextra c2FsdA==\nindex 5\n')).toBe(true);
    expect(verifyTlogProof(text, tree.node(0, 5n), policy).index).toBe(5n);
    expect(() => verifyTlogProof(text, tree.node(0, 6n), policy)).toThrow(
      expect.objectContaining({ code: 'TLOG_BAD_PROOF' }),
    );
    const lines = text.split('\n');
    lines[3] = Buffer.alloc(32).toString('base64');
    expect(() => verifyTlogProof(lines.join('\n'), tree.node(0, 5n), policy)).toThrow();
  });

  it('prove a later checkpoint consistent with an earlier one', () => {
    verifyConsistency(
      7n,
      13n,
      consistencyProof(tree, 7n, 13n),
      treeRoot(tree, 7n),
      treeRoot(tree, 13n),
    );
  });
});
