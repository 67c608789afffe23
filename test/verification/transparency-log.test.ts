/**
 * The transparency_log check (issue 21): the proof a signature carries is checked from the
 * signature alone, with the log's key, as the API, the CLI and the page get it from
 * verification/transparency-log.ts. A changed proof byte, a proof against another checkpoint, a
 * forged checkpoint and a wrong salt each fail; no proof, or a log not trusted, is a warning.
 */
import { generateKeyPairSync, sign as edSign } from 'node:crypto';
import { addTlogProof } from '../../src/core/cms';
import {
  ed25519Raw,
  formatCheckpoint,
  formatTlogProof,
  formatVkey,
  keyIdOf,
  parseCheckpoint,
  parseNote,
  parseTlogProof,
  SIG_TYPE_ED25519,
  signNote,
  type NoteSigner,
} from '../../src/core/tlog';
import type { SignedDocument } from '../../src/signing/sign';
import { documentProof } from '../../src/transparency/read';
import { sequenceBatch } from '../../src/transparency/sequencer';
import { caVerificationDeps, verify, VerificationError } from '../../src/verification';
import { check, detached, freshCa, HOUR, type TestCa } from './fixtures';

const text = (s: string): Uint8Array => new Uint8Array(Buffer.from(s));
const NOTICE = text('Notice No. 31: the library opens on Sundays from May.\n');

/** An Ed25519 note signer outside Signet (another log, or a forger using this log's name). */
function noteSigner(name: string): NoteSigner & { vkey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = ed25519Raw(publicKey);
  return {
    name,
    keyId: keyIdOf(name, SIG_TYPE_ED25519, raw),
    sign: async (data) => new Uint8Array(edSign(null, data, privateKey)),
    vkey: formatVkey(name, SIG_TYPE_ED25519, raw),
  };
}

describe('verify > the transparency_log check', () => {
  let ca: TestCa;
  let signed: SignedDocument;
  let proof: { salt: Uint8Array; proof: string };
  let vkey: string;

  const verifyWith = (signature: Uint8Array, logKeys?: string[]) =>
    verify(caVerificationDeps({ ...ca.services.signing, logVkey: vkey }), {
      ...detached(signature, NOTICE),
      logKeys,
    });
  const withProof = (p: { salt: Uint8Array; proof: string }) => addTlogProof(signed.signature, p);

  beforeAll(async () => {
    ca = await freshCa();
    await ca.department('finance');
    ca.clock.set(ca.at(HOUR));
    // Three entries, so that the audit path has hashes to change.
    await ca.sign('finance', 'B-T', text('first'));
    signed = await ca.sign('finance', 'B-T', NOTICE);
    await ca.sign('finance', 'B-T', text('third'));
    expect(signed.transparency).toEqual({ status: 'pending' });
    const key = ca.services.log.key;
    if (!key || !ca.services.log.vkey) throw new Error('the test CA keeps no log');
    vkey = ca.services.log.vkey;
    await sequenceBatch({ store: ca.services.log.store, key, clock: ca.clock });
    const logged = documentProof(ca.services.log.store, signed.id);
    if (!logged) throw new Error('not sequenced');
    proof = { salt: logged.salt, proof: logged.proof };
  });
  afterAll(() => ca?.close());

  describe('when the signature carries a proof against the log it trusts', () => {
    it('passes, and says the signature was logged before its claimed time plus the merge delay', async () => {
      const report = await verifyWith(await withProof(proof));
      expect(report.indication).toBe('TOTAL_PASSED');
      const c = check(report, 'transparency_log');
      expect(c.status).toBe('passed');
      const claimed = new Date(Math.floor(ca.at(HOUR).getTime() / 1000) * 1000);
      expect(c.reason.params).toMatchObject({
        index: '1',
        size: '3',
        loggedBefore: new Date(claimed.getTime() + 24 * HOUR).toISOString(),
      });
      expect(c.message).toMatch(/entry 1 of the transparency log .*logged before/);
    });
  });

  describe('when a byte of the audit path was changed', () => {
    it('fails, INDETERMINATE/SIG_CONSTRAINTS_FAILURE', async () => {
      const p = parseTlogProof(proof.proof);
      const first = Buffer.from(p.proof[0] as Uint8Array);
      first[5] = (first[5] ?? 0) ^ 0x01;
      const changed = formatTlogProof({ ...p, proof: [first, ...p.proof.slice(1)] });
      const report = await verifyWith(await withProof({ ...proof, proof: changed }));
      expect(check(report, 'transparency_log').status).toBe('failed');
      expect(report.indication).toBe('INDETERMINATE');
      expect(report.subIndication).toBe('SIG_CONSTRAINTS_FAILURE');
      // The signature itself still holds.
      expect(check(report, 'signature_value').status).toBe('passed');
    });
  });

  describe('when the proof names another checkpoint of the log', () => {
    it('fails for a later checkpoint the audit path does not lead to', async () => {
      await ca.sign('finance', 'B-B', text('fourth'));
      const key = ca.services.log.key;
      if (!key) throw new Error('the test CA keeps no log');
      await sequenceBatch({ store: ca.services.log.store, key, clock: ca.clock });
      const later = ca.services.log.store.latestCheckpoint()?.note ?? '';
      expect(parseCheckpoint(parseNote(later).text).size).toBe(4n);
      const p = parseTlogProof(proof.proof);
      const other = formatTlogProof({ ...p, checkpoint: later });
      const report = await verifyWith(await withProof({ ...proof, proof: other }));
      expect(check(report, 'transparency_log').status).toBe('failed');
    });

    it('fails for a checkpoint of the log name signed by another key', async () => {
      const p = parseTlogProof(proof.proof);
      const cp = parseCheckpoint(parseNote(p.checkpoint).text);
      const forger = noteSigner(cp.origin);
      const forged = await signNote(formatCheckpoint(cp), [forger]);
      const report = await verifyWith(
        await withProof({ ...proof, proof: formatTlogProof({ ...p, checkpoint: forged }) }),
      );
      const c = check(report, 'transparency_log');
      expect(c.status).toBe('failed');
    });
  });

  describe('when the salt is not the entry’s', () => {
    it('fails: the recomputed leaf is another', async () => {
      const salt = Uint8Array.from(proof.salt);
      salt[0] = (salt[0] ?? 0) ^ 0xff;
      const report = await verifyWith(await withProof({ ...proof, salt }));
      expect(check(report, 'transparency_log').status).toBe('failed');
      expect(check(report, 'transparency_log').reason.id).toBe('tlog.invalid');
    });
  });

  describe('when the log is not one the verifier trusts', () => {
    it('warns, and the report still passes', async () => {
      const other = noteSigner('other.example/log');
      const p = parseTlogProof(proof.proof);
      const cp = parseCheckpoint(parseNote(p.checkpoint).text);
      const note = await signNote(formatCheckpoint({ ...cp, origin: other.name }), [other]);
      const report = await verifyWith(
        await withProof({ ...proof, proof: formatTlogProof({ ...p, checkpoint: note }) }),
      );
      const c = check(report, 'transparency_log');
      expect(c.status).toBe('warning');
      expect(c.reason).toEqual({ id: 'tlog.unknown_log', params: { origin: other.name } });
      expect(report.indication).toBe('TOTAL_PASSED');
    });
  });

  describe('when the signature carries no proof', () => {
    it('warns where a log key is trusted, and says nothing where none is', async () => {
      const report = await verifyWith(signed.signature);
      expect(check(report, 'transparency_log').status).toBe('warning');
      expect(report.indication).toBe('TOTAL_PASSED');
      const plain = await ca.verify(detached(signed.signature, NOTICE));
      expect(plain.signatures[0]?.checks.some((c) => c.id === 'transparency_log')).toBe(false);
    });
  });

  describe('when the caller gives a log key', () => {
    it('checks the proof with it alone (no log key of this CA), and refuses a key that is not a vkey', async () => {
      const deps = { ...ca.deps, logKeys: undefined };
      const report = await verify(deps, {
        ...detached(await withProof(proof), NOTICE),
        logKeys: [vkey],
      });
      expect(check(report, 'transparency_log').status).toBe('passed');
      await expect(
        verify(deps, { ...detached(signed.signature, NOTICE), logKeys: ['not-a-vkey'] }),
      ).rejects.toMatchObject({ code: 'INVALID_LOG_KEY' });
      await expect(
        verify(deps, { ...detached(signed.signature, NOTICE), logKeys: ['x'] }),
      ).rejects.toBeInstanceOf(VerificationError);
    });
  });
});
