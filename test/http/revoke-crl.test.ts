/**
 * A revocation commits with the CRL that lists it, or not at all (ca/revoke.ts): when the CRL
 * cannot be stored, the caller gets an error and the certificate is still valid (the register,
 * OCSP's source, and the audit log agree), instead of an error for a revocation that was in fact
 * committed and that the served CRL did not list. The failure is real: the database refuses the
 * CRL's row (a trigger standing for a failing write), while the server runs.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openssl } from '../helpers/openssl';
import { startServer, type RunningServer } from '../helpers/server';

describe('POST /api/v1/certificates/{serial}/revoke when the CRL cannot be published', () => {
  let server: RunningServer;
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const withDb = <T>(work: (db: Database.Database) => T): T => {
    const db = new Database(join(server.dataDir, 'signet.db'));
    try {
      return work(db);
    } finally {
      db.close();
    }
  };
  const revocationsAudited = (serial: string): number =>
    withDb(
      (db) =>
        (
          db
            .prepare(
              "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'certificate.revoked' AND subject = ?",
            )
            .get(serial) as { n: number }
        ).n,
    );

  beforeAll(async () => {
    server = await startServer();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('answers an error and revokes nothing; once the CRL can be stored, the revocation and its CRL land together', async () => {
    const issued = await admin('POST', '/api/v1/certificates', { department: 'demo' });
    expect(issued.status).toBe(201);
    const { serial } = (await issued.json()) as { serial: string };

    withDb((db) =>
      db.exec(
        "CREATE TRIGGER refuse_crl BEFORE INSERT ON crls BEGIN SELECT RAISE(ABORT, 'the CRL cannot be written'); END",
      ),
    );
    const refused = await admin('POST', `/api/v1/certificates/${serial}/revoke`, {
      reason: 'keyCompromise',
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toMatch(/^[A-Z_]+$/);
    const shown = await admin('GET', `/api/v1/certificates/${serial}`);
    expect(((await shown.json()) as { status: string }).status).toBe('valid');
    expect(revocationsAudited(serial)).toBe(0);

    withDb((db) => db.exec('DROP TRIGGER refuse_crl'));
    const revoked = await admin('POST', `/api/v1/certificates/${serial}/revoke`, {
      reason: 'keyCompromise',
    });
    expect(revoked.status).toBe(200);
    expect(revocationsAudited(serial)).toBe(1);
    const crl = Buffer.from(await (await fetch(`${server.url}/crl/issuing.crl`)).arrayBuffer());
    const text = openssl(['crl', '-inform', 'DER', '-noout', '-text'], crl).stdout;
    expect(text).toContain(`Serial Number: ${serial.toUpperCase()}`);
    expect(text).toContain('Key Compromise');
  });
});
