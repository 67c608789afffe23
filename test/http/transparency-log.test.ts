/**
 * The transparency log of issue 21 through the real server: every signature is appended and
 * sequenced within a batch interval, the read API serves the C2SP checkpoint, tiles, entry bundles
 * and tlog-proofs that verify with core/tlog, and (done-when 4) the stored log holds no
 * certificate, name or unsalted digest of the run.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parseSignedData } from '../../src/core/cms';
import {
  decodeEntry,
  leafHash,
  parseCheckpoint,
  parseNote,
  parseTlogProof,
  verifyInclusion,
} from '../../src/core/tlog';
import { readCertificate } from '../../src/core/x509/read';
import { readFileSync } from 'node:fs';
import { signet, signetJson } from '../helpers/cli';
import { tempDir } from '../helpers/openssl';
import { startServer, type RunningServer } from '../helpers/server';

describe('the transparency log', () => {
  let server: RunningServer;
  const signed: { digest: Buffer; cms: Buffer; serial: string; content: string }[] = [];

  const get = (path: string) => fetch(server.url + path);

  async function sign(content: string, level: string, name: string) {
    const digest = createHash('sha256').update(content).digest();
    const r = await fetch(`${server.url}/api/v1/sign/digest?level=${level}&name=${name}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.demoApiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ digestAlgorithm: 'sha256', digest: digest.toString('hex') }),
    });
    expect(r.status).toBe(201);
    const body = (await r.json()) as { signature: string; certificateSerial: string };
    signed.push({
      digest,
      cms: Buffer.from(body.signature, 'base64'),
      serial: body.certificateSerial,
      content,
    });
  }

  async function checkpointOfSize(size: bigint): Promise<string> {
    for (let i = 0; i < 100; i += 1) {
      const r = await get('/log/checkpoint');
      if (r.status === 200) {
        const note = await r.text();
        if (parseCheckpoint(parseNote(note).text).size >= size) return note;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('no checkpoint of that size within 10 s');
  }

  beforeAll(async () => {
    server = await startServer();
    await sign('Notice of the Finance Bureau, Zhang San', 'B-T', 'notice.pdf');
    await sign('Permit 2026-001 for Li Si', 'B-B', 'permit.pdf');
    await sign('Certificate of residence, Wang Wu', 'B-LT', 'residence.pdf');
  });
  afterAll(() => server?.stop());

  it('sequences every signature into a checkpoint of the log within a batch', async () => {
    const note = await checkpointOfSize(3n);
    const cp = parseCheckpoint(parseNote(note).text);
    expect(cp.origin).toMatch(/\/log$/);
    expect(cp.size).toBe(3n);
  });

  it('serves a tlog-proof for each entry that verifies against its checkpoint, and fails for another leaf', async () => {
    await checkpointOfSize(3n);
    const bundle = Buffer.from(await (await get('/log/tile/entries/000.p/3')).arrayBuffer());
    const entries: Buffer[] = [];
    for (let at = 0; at < bundle.length;) {
      const len = bundle.readUInt16BE(at);
      entries.push(bundle.subarray(at + 2, at + 2 + len));
      at += 2 + len;
    }
    expect(entries).toHaveLength(3);
    for (const [i, e] of entries.entries()) {
      expect(e).toHaveLength(138);
      expect(decodeEntry(e).type).toBe('signature-issued');
      const r = await get(`/log/proof?index=${i}&size=3`);
      expect(r.status).toBe(200);
      const proof = parseTlogProof(await r.text());
      const cp = parseCheckpoint(parseNote(proof.checkpoint).text);
      verifyInclusion(BigInt(i), cp.size, leafHash(e), proof.proof, cp.rootHash);
      expect(() =>
        verifyInclusion(
          BigInt(i),
          cp.size,
          leafHash(entries[(i + 1) % 3] as Buffer),
          proof.proof,
          cp.rootHash,
        ),
      ).toThrow();
    }
    const level0 = Buffer.from(await (await get('/log/tile/0/000.p/3')).arrayBuffer());
    expect(level0).toEqual(Buffer.concat(entries.map(leafHash)));
  });

  it('answers 400 for a bad tile path or proof query and 404 beyond the tree', async () => {
    expect((await get('/log/tile/0/12')).status).toBe(400);
    expect((await get('/log/proof?index=x&size=3')).status).toBe(400);
    expect((await get('/log/proof?index=0&size=99')).status).toBe(404);
    expect((await get('/log/tile/0/000')).status).toBe(404);
  });

  it('holds no certificate, name or unsalted digest of the run (done-when 4)', async () => {
    await checkpointOfSize(3n);
    const db = new Database(join(server.dataDir, 'signet.db'), { readonly: true });
    const stored: Buffer[] = [];
    for (const table of ['tlog_pending', 'tlog_entries', 'tlog_nodes', 'tlog_checkpoints']) {
      for (const row of db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[]) {
        for (const v of Object.values(row))
          stored.push(Buffer.isBuffer(v) ? v : Buffer.from(String(v)));
      }
    }
    const certificates = db
      .prepare('SELECT der FROM certificates WHERE der IS NOT NULL')
      .pluck()
      .all() as Buffer[];
    const names = db.prepare('SELECT name FROM departments').pluck().all() as string[];
    db.close();
    const haystack = Buffer.concat(stored);
    const needles: Buffer[] = [];
    const asText = (b: Buffer) => [
      b,
      Buffer.from(b.toString('hex')),
      Buffer.from(b.toString('base64')),
    ];
    for (const der of certificates) {
      needles.push(der, ...asText(Buffer.from(readCertificate(der).subjectPublicKey)));
      needles.push(...asText(createHash('sha256').update(der).digest()));
    }
    for (const s of signed) {
      const info = parseSignedData(s.cms).signerInfos[0];
      needles.push(...asText(s.digest), Buffer.from(s.content), Buffer.from(s.serial));
      needles.push(...asText(Buffer.from(info?.signature ?? [])));
      for (const t of info?.signatureTimestamps ?? []) needles.push(...asText(Buffer.from(t)));
    }
    for (const n of [...names, 'notice.pdf', 'permit.pdf', 'residence.pdf', 'demo'])
      needles.push(Buffer.from(n));
    expect(certificates.length).toBeGreaterThan(0);
    const found = needles
      .filter((n) => n.length > 0 && haystack.includes(n))
      .map((n) => n.toString('hex').slice(0, 40));
    expect(found).toEqual([]);
  });

  describe('signet log verify', () => {
    it('finds every checkpoint signed and consistent from the first to the last', async () => {
      await checkpointOfSize(3n);
      const r = signetJson<{ checkpoints: number; firstSize: string; lastSize: string }>([
        'log',
        'verify',
        '--data-dir',
        server.dataDir,
      ]);
      expect(r.checkpoints).toBeGreaterThanOrEqual(1);
      expect(r.lastSize).toBe('3');
    });

    it('fails when a stored entry was changed', async () => {
      await checkpointOfSize(3n);
      const copy = tempDir('signet-log-');
      const db = new Database(join(server.dataDir, 'signet.db'), { readonly: true });
      await db.backup(join(copy, 'signet.db'));
      db.close();
      const w = new Database(join(copy, 'signet.db'));
      const entry = w
        .prepare('SELECT entry FROM tlog_entries WHERE leaf_index = 1')
        .pluck()
        .get() as Buffer;
      entry[60] = (entry[60] as number) ^ 1;
      w.prepare('UPDATE tlog_entries SET entry = ? WHERE leaf_index = 1').run(entry);
      w.close();
      // The copy has no key file: the operator names the key to trust.
      const keyFile = join(server.dataDir, 'keys', 'tlog-key.json');
      const { vkey } = JSON.parse(readFileSync(keyFile, 'utf8')) as { vkey: string };
      const r = signet(['log', 'verify', '--data-dir', copy, '--vkey', vkey]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/root of the checkpoint/);
    });
  });
});
