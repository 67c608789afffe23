/**
 * Crash consistency: rounds of concurrent issuance, revocation and signing against the real
 * server, each ended by SIGKILL at a seeded random moment, then a restart on the same data
 * directory and these checks:
 *
 * - `PRAGMA integrity_check` is ok and no foreign key dangles; `signet audit verify` passes;
 * - no serial appears twice (certificates), no verification code twice (documents);
 * - everything a client RECEIVED is stored: each certificate answered 201 is `issued` or
 *   `revoked` with the same DER, each revocation answered 200 is `revoked`, each signature
 *   answered 201 is registered with its digest and certificate; each with its audit entry;
 * - nothing is half-written: a certificate row is issued/revoked exactly when its audit entry
 *   exists, a document row exactly when its `document.signed` entry exists, a revocation exactly
 *   when its `certificate.revoked` entry exists; every kept key a certificate names is on disk;
 * - the CRL served after the restart lists every revoked serial.
 *
 * The invariant for reservations: a serial is reserved before the CA key signs and becomes
 * `issued` in the same transaction as its audit entry. A SIGKILL between the two leaves the row
 * `reserved`, without DER and never released: that is legitimate, and only for requests that
 * never got an answer, so the reserved rows never outnumber the issue requests the kill cut off.
 * Likewise a key file without a certificate row is a key made for an issuance the kill cut off;
 * it was never handed out and is only counted.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parseCrl } from '../../src/core/crl';
import { signet } from '../helpers/cli';
import { Rng } from '../helpers/mutator';
import { tempDir } from '../helpers/openssl';
import { startServer, type RunningServer } from '../helpers/server';
import { Client, type Answer } from './harness';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 20);
const SEED = Number(process.env.CRASH_SEED ?? 0xc4a54);
const DEPARTMENT = 'crash';

interface Ledger {
  /** Certificates answered 201: serial -> DER. */
  certificates: Map<string, Buffer>;
  /** Revocations answered 200. */
  revoked: Set<string>;
  /** Serials a revocation was sent for (answered or not): never sent twice. */
  revokeSent: Set<string>;
  /** Signatures answered 201: id -> what was signed. */
  documents: Map<string, { code: string; serial: string; digest: string }>;
  /** Requests the kill cut off (sent, no answer). */
  unanswered: { issue: number; revoke: number; sign: number };
  /** Answers that were neither success nor a cut-off connection. */
  unexpected: string[];
}

function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
}

describe('crash consistency under SIGKILL', () => {
  const dataDir = tempDir('signet-crash-');
  const ledger: Ledger = {
    certificates: new Map(),
    revoked: new Set(),
    revokeSent: new Set(),
    documents: new Map(),
    unanswered: { issue: 0, revoke: 0, sign: 0 },
    unexpected: [],
  };
  let server: RunningServer | undefined;

  afterAll(async () => {
    await server?.stop('SIGKILL');
  });

  /** One round of traffic; resolves when the server has been killed and every client stopped. */
  async function traffic(running: RunningServer, rng: Rng, round: number) {
    const client = new Client(running.url, 12);
    const admin = running.adminToken;
    let killed = false;
    const counts = { issued: 0, revoked: 0, signed: 0 };

    /** Sends one request; on a cut-off connection after the kill, counts it unanswered. */
    const send = async (
      kind: keyof Ledger['unanswered'],
      call: () => Promise<Answer>,
    ): Promise<Answer | undefined> => {
      try {
        return await call();
      } catch (error) {
        if (killed) ledger.unanswered[kind] += 1;
        else ledger.unexpected.push(`round ${round} ${kind}: ${String(error)}`);
        return undefined;
      }
    };

    const issuer = async () => {
      while (!killed) {
        const a = await send('issue', () =>
          client.json('POST', '/api/v1/certificates', { department: DEPARTMENT }, admin),
        );
        if (!a) continue;
        if (a.status !== 201) {
          ledger.unexpected.push(`round ${round} issue: ${a.status} ${a.body}`);
          continue;
        }
        const cert = JSON.parse(a.body.toString());
        ledger.certificates.set(cert.serial, pemToDer(cert.certificate));
        counts.issued += 1;
      }
    };

    const revoker = async () => {
      while (!killed) {
        const candidates = [...ledger.certificates.keys()].filter((s) => !ledger.revokeSent.has(s));
        if (candidates.length === 0) {
          await new Promise((r) => setTimeout(r, 20));
          continue;
        }
        const serial = rng.pick(candidates);
        ledger.revokeSent.add(serial);
        const a = await send('revoke', () =>
          client.json(
            'POST',
            `/api/v1/certificates/${serial}/revoke`,
            { reason: rng.pick(['keyCompromise', 'superseded', 'cessationOfOperation']) },
            admin,
          ),
        );
        if (!a) continue;
        if (a.status !== 200) {
          ledger.unexpected.push(`round ${round} revoke: ${a.status} ${a.body}`);
          continue;
        }
        ledger.revoked.add(serial);
        counts.revoked += 1;
      }
    };

    const signer = async () => {
      while (!killed) {
        const digest = createHash('sha256').update(rng.bytes(16)).digest('hex');
        const level = rng.pick(['B-B', 'B-T']);
        const a = await send('sign', () =>
          client.json(
            'POST',
            `/api/v1/sign/digest?level=${level}`,
            { digestAlgorithm: 'sha256', digest },
            running.demoApiKey,
          ),
        );
        if (!a) continue;
        if (a.status !== 201) {
          ledger.unexpected.push(`round ${round} sign: ${a.status} ${a.body}`);
          continue;
        }
        const doc = JSON.parse(a.body.toString());
        ledger.documents.set(doc.id, {
          code: doc.verificationCode,
          serial: doc.certificateSerial,
          digest,
        });
        counts.signed += 1;
      }
    };

    const killAfter = rng.range(300, 1500);
    const workers = [
      issuer(),
      issuer(),
      issuer(),
      revoker(),
      revoker(),
      signer(),
      signer(),
      signer(),
    ];
    await new Promise((r) => setTimeout(r, killAfter));
    killed = true;
    await running.stop('SIGKILL');
    await Promise.all(workers);
    client.close();
    return { killAfter, counts };
  }

  /** The checks of the file header, on the restarted server's data directory. */
  async function check(running: RunningServer, round: number) {
    const audit = signet(['audit', 'verify', '--data-dir', dataDir, '--json']);
    expect({
      round,
      status: audit.status,
      stderr: audit.stderr
        .split('\n')
        .filter((l) => !l.startsWith('warning:'))
        .join(''),
    }).toEqual({ round, status: 0, stderr: '' });
    expect(JSON.parse(audit.stdout).valid).toBe(true);

    const db = new Database(join(dataDir, 'signet.db'), { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(
        db.prepare('SELECT serial FROM certificates GROUP BY serial HAVING COUNT(*) > 1').all(),
      ).toEqual([]);

      const rows = db
        .prepare("SELECT serial, status, der, key_id FROM certificates WHERE role = 'department'")
        .all() as { serial: string; status: string; der: Buffer | null; key_id: string | null }[];
      const bySerial = new Map(rows.map((r) => [r.serial, r]));
      const entries = db.prepare('SELECT action, subject FROM audit_log').all() as {
        action: string;
        subject: string;
      }[];
      const audited = (action: string) =>
        new Set(entries.filter((e) => e.action === action).map((e) => e.subject));
      const issuedAudit = new Set([
        ...audited('certificate.issued'),
        ...audited('certificate.renewed'),
      ]);
      const revokedAudit = audited('certificate.revoked');
      const signedAudit = audited('document.signed');
      const docs = db
        .prepare('SELECT id, verification_code, certificate_serial, digest FROM documents')
        .all() as {
        id: string;
        verification_code: string;
        certificate_serial: string;
        digest: string;
      }[];
      const docById = new Map(docs.map((d) => [d.id, d]));

      // Nothing a client received is lost.
      const lost: string[] = [];
      for (const [serial, der] of ledger.certificates) {
        const row = bySerial.get(serial);
        if (!row || !['issued', 'revoked'].includes(row.status) || !row.der?.equals(der))
          lost.push(`certificate ${serial} (${row?.status ?? 'no row'})`);
        if (!issuedAudit.has(serial)) lost.push(`audit entry of certificate ${serial}`);
      }
      for (const serial of ledger.revoked) {
        if (bySerial.get(serial)?.status !== 'revoked') lost.push(`revocation of ${serial}`);
        if (!revokedAudit.has(serial)) lost.push(`audit entry of revocation ${serial}`);
      }
      for (const [id, doc] of ledger.documents) {
        const row = docById.get(id);
        if (
          !row ||
          row.verification_code !== doc.code.replace(/-/g, '') ||
          row.certificate_serial !== doc.serial ||
          row.digest !== doc.digest
        )
          lost.push(`document ${id}`);
        if (!signedAudit.has(id)) lost.push(`audit entry of document ${id}`);
      }
      expect({ round, lost }).toEqual({ round, lost: [] });

      // Nothing half-written: rows and audit entries exist together, or neither does.
      const half: string[] = [];
      for (const r of rows) {
        const done = r.status === 'issued' || r.status === 'revoked';
        if (done !== issuedAudit.has(r.serial))
          half.push(`certificate ${r.serial} ${r.status} vs audit`);
        if ((r.status === 'revoked') !== revokedAudit.has(r.serial))
          half.push(`revocation of ${r.serial} vs audit`);
        if (done && r.key_id && !existsSync(join(dataDir, 'keys', `${r.key_id}.key`)))
          half.push(`key file of ${r.serial}`);
      }
      for (const id of signedAudit)
        if (!docById.has(id)) half.push(`audited document ${id} has no row`);
      for (const d of docs)
        if (!signedAudit.has(d.id)) half.push(`document ${d.id} has no audit entry`);
      expect({ round, half }).toEqual({ round, half: [] });

      // Reservations the kill cut off: legitimate, never more than the cut-off issue requests.
      const reserved = rows.filter((r) => r.status === 'reserved' || r.status === 'failed');
      expect(reserved.every((r) => r.der === null)).toBe(true);
      expect(reserved.length).toBeLessThanOrEqual(ledger.unanswered.issue);
      const authorityKeys = db.prepare('SELECT key_id FROM authorities').pluck().all() as string[];
      const named = new Set(
        [...rows.map((r) => r.key_id), ...authorityKeys].map((k) => `${k}.key`),
      );
      const keyFiles = readdirSync(join(dataDir, 'keys')).filter((f) => f.endsWith('.key'));
      const orphanKeys = keyFiles.filter((f) => !named.has(f)).length;

      // Every revoked serial is on the CRL served now.
      const crl = parseCrl(
        new Uint8Array(await (await fetch(`${running.url}/crl/issuing.crl`)).arrayBuffer()),
      );
      const listed = new Set(crl.entries.map((e) => e.serial));
      const missing = rows.filter((r) => r.status === 'revoked' && !listed.has(r.serial));
      expect({ round, notOnCrl: missing.map((r) => r.serial) }).toEqual({ round, notOnCrl: [] });

      expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
      return { reserved: reserved.length, orphanKeys, rows: rows.length, docs: docs.length };
    } finally {
      db.close();
    }
  }

  it(`loses nothing a client received and half-writes nothing over ${ROUNDS} SIGKILL rounds`, async () => {
    const started = Date.now();
    const env = { SIGNET_DATA_DIR: dataDir, SIGNET_RATE_LIMIT_PER_MINUTE: '0' };
    server = await startServer(env);
    const setup = new Client(server.url, 1);
    const add = await setup.json(
      'POST',
      '/api/v1/departments',
      { id: DEPARTMENT, name: 'Crash Test Bureau' },
      server.adminToken,
    );
    expect(add.status).toBe(201);
    // A few certificates before the first kill, so that every round has some to revoke.
    for (let i = 0; i < 6; i += 1) {
      const a = await setup.json(
        'POST',
        '/api/v1/certificates',
        { department: DEPARTMENT },
        server.adminToken,
      );
      expect(a.status).toBe(201);
      const cert = JSON.parse(a.body.toString());
      ledger.certificates.set(cert.serial, pemToDer(cert.certificate));
    }
    setup.close();
    for (let round = 1; round <= ROUNDS; round += 1) {
      const rng = new Rng(SEED + round);
      const { killAfter, counts } = await traffic(server, rng, round);
      server = await startServer(env);
      const state = await check(server, round);
      console.log(
        `crash round ${round}: SIGKILL after ${killAfter} ms with ${counts.issued} issued, ` +
          `${counts.revoked} revoked, ${counts.signed} signed answered; after restart: integrity ok, ` +
          `audit chain ok, ${state.rows} certificates and ${state.docs} documents, ` +
          `${state.reserved} reservations cut off, ${state.orphanKeys} unused keys of cut-off issuances`,
      );
    }
    await server.stop('SIGTERM');
    server = undefined;
    console.log(
      `crash consistency: ${ROUNDS} rounds in ${((Date.now() - started) / 1000).toFixed(0)} s; clients received ` +
        `${ledger.certificates.size} certificates, ${ledger.revoked.size} revocations, ` +
        `${ledger.documents.size} signatures, all found stored with their audit entries; the kills cut off ` +
        `${ledger.unanswered.issue} issue, ${ledger.unanswered.revoke} revoke, ${ledger.unanswered.sign} sign requests`,
    );
    expect(ledger.unexpected).toEqual([]);
    expect(ledger.certificates.size).toBeGreaterThan(0);
    expect(ledger.revoked.size).toBeGreaterThan(0);
    expect(ledger.documents.size).toBeGreaterThan(0);
  }, 600_000);
});
