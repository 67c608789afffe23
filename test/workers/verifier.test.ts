/**
 * The verifier in worker threads (src/workers/) gives the report verify() gives in the calling
 * thread, for the same CA at the same frozen time: a valid signature, a changed document, a
 * rescinded one, a revoked certificate, a PDF read back from its spool file; and a refused request
 * keeps its code. The workers run the build (dist/workers/verify-worker.js) under Jest as well.
 */
import { createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashDocument, type VerifyRequest } from '../../src/verification';
import { pooledVerifier, type Verifier } from '../../src/workers/verifier';
import { pdfWithLargeSignature } from '../helpers/heavy-pdf';
import { tempDir } from '../helpers/openssl';
import { detached, freshCa, HOUR, type TestCa } from '../verification/fixtures';

describe('pooledVerifier', () => {
  let ca: TestCa;
  let pooled: Verifier;
  const notice = new TextEncoder().encode('Notice 12: the library opens on Sundays.\n');

  beforeAll(async () => {
    ca = await freshCa();
    await ca.department('finance');
    pooled = pooledVerifier(ca.deps, {
      dataDir: ca.services.dataDir,
      workers: 1,
      queue: 4,
      timeoutMs: 30_000,
    });
  });
  afterAll(async () => {
    await pooled?.close();
    ca?.close();
  });

  const same = async (request: VerifyRequest) => {
    const inThread = await ca.verify(request);
    expect(await pooled.verify(request)).toEqual(inThread);
    return inThread;
  };

  it('reports a valid B-T signature as the calling thread does', async () => {
    const signed = await ca.sign('finance', 'B-T', notice);
    expect((await same(detached(signed.signature, notice))).indication).toBe('TOTAL_PASSED');
  });

  it('reports a changed document as the calling thread does', async () => {
    const signed = await ca.sign('finance', 'B-T', notice);
    const changed = new TextEncoder().encode('Notice 12: the library closes on Sundays.\n');
    expect((await same(detached(signed.signature, changed))).subIndication).toBe('HASH_FAILURE');
  });

  it('reads the register in the worker: a rescinded document and a revoked certificate', async () => {
    const other = new TextEncoder().encode('Notice 13: withdrawn.\n');
    const signed = await ca.sign('finance', 'B-T', other);
    ca.rescind('finance', signed.id);
    expect((await same(detached(signed.signature, other))).subIndication).toBe(
      'SIG_CONSTRAINTS_FAILURE',
    );
    // B-B: no time-stamp proves the signature came before the revocation.
    const untimed = await ca.sign('finance', 'B-B', notice);
    ca.clock.set(ca.at(HOUR));
    await ca.revoke(untimed.certificateSerial);
    expect((await same(detached(untimed.signature, notice))).indication).not.toBe('TOTAL_PASSED');
  });

  it('reads a PDF from its spool file as the calling thread reads it from memory', async () => {
    const bytes = pdfWithLargeSignature(2_000_000);
    const path = join(tempDir('signet-spool-'), 'document');
    writeFileSync(path, bytes);
    const document = await hashDocument(createReadStream(path), bytes.length, undefined, false);
    expect(document.content).toBeUndefined();
    const inThread = await ca.verify({ document: { ...document, content: new Uint8Array(bytes) } });
    expect(await pooled.verify({ document }, path)).toEqual(inThread);
    expect(inThread.subIndication).toBe('FORMAT_FAILURE');
  });

  it('keeps the code of a refused request', async () => {
    await expect(pooled.verify({})).rejects.toMatchObject({ code: 'NOTHING_TO_VERIFY' });
  });
});
