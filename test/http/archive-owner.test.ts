/**
 * Archive renewal over HTTP renews the calling department's own signatures only (SPEC.md: one
 * department cannot act as another): another department's signature, alone or beside its own in a
 * co-signed PDF, is answered as unknown (404 UNKNOWN_SIGNATURE), as another department's document
 * is, and nothing is renewed or audited.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { samplePdf } from '../helpers/sample-pdf';
import { startServer, type RunningServer } from '../helpers/server';

describe('POST /api/v1/archive/renew with two departments', () => {
  let server: RunningServer;
  let financeKey: string;
  const call = (key: string, type: string, body: Uint8Array) =>
    fetch(`${server.url}/api/v1/archive/renew`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': type },
      body,
    });
  const admin = (path: string, body: unknown) =>
    fetch(server.url + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  /** A B-T CAdES signature of the department whose key this is. */
  const cades = async (key: string, text: string): Promise<Buffer> => {
    const r = await fetch(`${server.url}/api/v1/sign/digest?level=B-T`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        digestAlgorithm: 'sha256',
        digest: createHash('sha256').update(text).digest('hex'),
      }),
    });
    expect(r.status).toBe(201);
    return Buffer.from(((await r.json()) as { signature: string }).signature, 'base64');
  };
  const pades = async (key: string, pdf: Uint8Array): Promise<Buffer> => {
    const r = await fetch(`${server.url}/api/v1/sign?format=pades&level=B-T`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/pdf' },
      body: pdf,
    });
    expect(r.status).toBe(201);
    return Buffer.from(await r.arrayBuffer());
  };
  const renewals = (): string[] => {
    const db = new Database(join(server.dataDir, 'signet.db'), { readonly: true });
    const rows = db
      .prepare("SELECT actor FROM audit_log WHERE action = 'document.archive_renewed'")
      .all() as { actor: string }[];
    db.close();
    return rows.map((r) => r.actor);
  };
  const expectUnknown = async (r: Response): Promise<void> => {
    expect(r.status).toBe(404);
    const body = (await r.json()) as { error: { code: string } };
    expect(body.error.code).toBe('UNKNOWN_SIGNATURE');
  };

  beforeAll(async () => {
    server = await startServer();
    const r = await admin('/api/v1/departments', { id: 'finance', name: 'Finance Bureau' });
    financeKey = ((await r.json()) as { apiKey: string }).apiKey;
    expect((await admin('/api/v1/certificates', { department: 'finance' })).status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  describe("when a department sends another department's CAdES signature", () => {
    it('answers 404 UNKNOWN_SIGNATURE and renews nothing; the owner renews it', async () => {
      const demos = await cades(server.demoApiKey, 'demo notice');
      const before = renewals().length;
      await expectUnknown(await call(financeKey, 'application/pkcs7-signature', demos));
      expect(renewals()).toHaveLength(before);

      const own = await call(server.demoApiKey, 'application/pkcs7-signature', demos);
      expect(own.status).toBe(200);
      expect(renewals().slice(before)).toEqual(['department:demo']);
    });
  });

  describe("when a department sends another department's signed PDF", () => {
    it('answers 404 UNKNOWN_SIGNATURE, also for a PDF both signed; the owner of all renews', async () => {
      const pdf = await samplePdf();
      const demos = await pades(server.demoApiKey, pdf);
      await expectUnknown(await call(financeKey, 'application/pdf', demos));
      // Countersigned by finance: demo may no longer renew it alone, nor may finance.
      const both = await pades(financeKey, demos);
      await expectUnknown(await call(server.demoApiKey, 'application/pdf', both));
      await expectUnknown(await call(financeKey, 'application/pdf', both));

      const finances = await pades(financeKey, pdf);
      const own = await call(financeKey, 'application/pdf', finances);
      expect(own.status).toBe(200);
      expect(own.headers.get('content-type')).toMatch(/^application\/pdf/);
    });
  });
});
