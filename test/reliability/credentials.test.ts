/**
 * Every credential can be cut off (issue 14): a leaked department key is replaced (the old one gets
 * 403 at once on sign, digest and rescind), a department disabled (every route refuses its key, the
 * CLI refuses to sign for it), the admin token replaced; each change is in the audit log. Names are
 * one spelling each, without characters that change what a reader sees, and one public key belongs
 * to one department. Against the real server (dist/) and the real CLI on its data directory.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { signet, signetJson } from '../helpers/cli';
import { ecKeyAndCsr, tempDir } from '../helpers/openssl';
import { startServer, type RunningServer } from '../helpers/server';

jest.setTimeout(120_000);

describe('credentials that can be cut off', () => {
  let server: RunningServer;
  let admin: string;
  let firstKey: string;
  let documentId: string;

  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': typeof body === 'string' ? 'application/octet-stream' : 'application/json',
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as Record<string, any>) : {} };
  };
  const digest = (token: string) =>
    call(token, 'POST', '/api/v1/sign/digest?level=B-B', {
      digestAlgorithm: 'sha256',
      digest: createHash('sha256').update(`doc ${Math.random()}`).digest('hex'),
    });
  /** The status and error code of sign, sign/digest and rescind with this key. */
  const departmentRoutes = async (token: string) =>
    Promise.all([
      call(token, 'POST', '/api/v1/sign?level=B-B&name=n.txt', 'a document'),
      digest(token),
      call(token, 'POST', `/api/v1/documents/${documentId}/rescind`, { reason: 'test' }),
    ]).then((answers) => answers.map((a) => `${a.status} ${a.json.error?.code ?? ''}`.trim()));

  beforeAll(async () => {
    server = await startServer({ SIGNET_RATE_LIMIT_PER_MINUTE: '0' });
    admin = server.adminToken;
    const added = await call(admin, 'POST', '/api/v1/departments', {
      id: 'finance',
      name: 'Finance Bureau',
    });
    expect(added.status).toBe(201);
    firstKey = added.json.apiKey;
    expect(
      (await call(admin, 'POST', '/api/v1/certificates', { department: 'finance' })).status,
    ).toBe(201);
    const signed = await digest(firstKey);
    expect(signed.status).toBe(201);
    documentId = signed.json.id;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('a rotated-out department key gets 403 on sign, digest and rescind; the new one works', async () => {
    const rotated = await call(admin, 'POST', '/api/v1/departments/finance/rotate-key');
    expect(rotated.status).toBe(200);
    expect(rotated.json.apiKey).toMatch(/^signet_dep_/);
    expect(await departmentRoutes(firstKey)).toEqual([
      '403 TOKEN_REVOKED',
      '403 TOKEN_REVOKED',
      '403 TOKEN_REVOKED',
    ]);
    expect((await digest(rotated.json.apiKey)).status).toBe(201);
    firstKey = rotated.json.apiKey;
  });

  it("a disabled department's key gets 403 everywhere until it is enabled; the CLI refuses to sign", async () => {
    const disabled = await call(admin, 'POST', '/api/v1/departments/finance/disable');
    expect(disabled.status).toBe(200);
    expect(disabled.json.disabledAt).toEqual(expect.any(String));
    expect(await departmentRoutes(firstKey)).toEqual([
      '403 DEPARTMENT_DISABLED',
      '403 DEPARTMENT_DISABLED',
      '403 DEPARTMENT_DISABLED',
    ]);
    const doc = join(tempDir('signet-disabled-'), 'notice.txt');
    writeFileSync(doc, 'a notice');
    const sign = signet(['sign', doc, '--department', 'finance', '--data-dir', server.dataDir]);
    expect(sign.status).toBe(1);
    expect(sign.stderr).toMatch(/finance.*disabled/);

    const enabled = await call(admin, 'POST', '/api/v1/departments/finance/enable');
    expect(enabled.status).toBe(200);
    expect(enabled.json.disabledAt).toBeUndefined();
    expect((await digest(firstKey)).status).toBe(201);

    // The CLI does the same, in its own process, on the running server's database.
    signetJson(['department', 'disable', 'finance', '--data-dir', server.dataDir]);
    expect((await digest(firstKey)).json.error.code).toBe('DEPARTMENT_DISABLED');
    signetJson(['department', 'enable', 'finance', '--data-dir', server.dataDir]);
    expect((await digest(firstKey)).status).toBe(201);
  });

  it('the admin token is replaced by the API and by the CLI; each old one gets 403 at once', async () => {
    const rotated = await call(admin, 'POST', '/api/v1/admin/rotate-token');
    expect(rotated.status).toBe(200);
    const old = await call(admin, 'GET', '/api/v1/departments');
    expect([old.status, old.json.error.code]).toEqual([403, 'TOKEN_REVOKED']);
    admin = rotated.json.adminToken;
    expect((await call(admin, 'GET', '/api/v1/departments')).status).toBe(200);

    const byCli = signetJson<{ adminToken: string }>([
      'admin',
      'rotate-token',
      '--data-dir',
      server.dataDir,
    ]);
    expect((await call(admin, 'GET', '/api/v1/departments')).status).toBe(403);
    admin = byCli.adminToken;
    expect((await call(admin, 'GET', '/api/v1/departments')).status).toBe(200);
    // A department key is still not an admin token, and an unknown token is still a 401.
    expect((await call(firstKey, 'POST', '/api/v1/admin/rotate-token')).status).toBe(403);
    expect((await call(`signet_adm_${'x'.repeat(43)}`, 'GET', '/api/v1/departments')).status).toBe(
      401,
    );
  });

  it('every change is in the audit log, and the log verifies', () => {
    const db = new Database(join(server.dataDir, 'signet.db'), { readonly: true });
    const actions = db
      .prepare(
        "SELECT action, actor, subject FROM audit_log WHERE action LIKE 'department.%' OR action LIKE 'admin.%' ORDER BY seq",
      )
      .all()
      .map(
        (r: any) =>
          `${r.action} ${r.subject} by ${r.actor.startsWith('operator') ? 'cli' : r.actor}`,
      );
    db.close();
    expect(actions.filter((a) => !a.startsWith('department.added'))).toEqual([
      'department.key-rotated finance by admin',
      'department.disabled finance by admin',
      'department.enabled finance by admin',
      'department.disabled finance by cli',
      'department.enabled finance by cli',
      'admin.token-rotated admin by admin',
      'admin.token-rotated admin by cli',
    ]);
    expect(signet(['audit', 'verify', '--data-dir', server.dataDir]).status).toBe(0);
  });

  describe('names', () => {
    it.each([
      ['a right-to-left override', 'Finance\u202eueruB'],
      ['a zero-width space', 'Fin\u200bance Bureau'],
      ['a control character', 'Finance\u0007Bureau'],
      ['nothing', '   '],
    ])('refuses a department name with %s', async (_what, name) => {
      const r = await call(admin, 'POST', '/api/v1/departments', { id: 'odd', name });
      expect([r.status, r.json.error.code]).toEqual([400, 'INVALID_NAME']);
    });

    it('keeps names unique as read: NFC first, so a decomposed spelling is the same name', async () => {
      const first = await call(admin, 'POST', '/api/v1/departments', {
        id: 'cafe',
        name: 'Cafe\u0301 Office',
      });
      expect([first.status, first.json.name]).toEqual([201, 'Caf\u00e9 Office']);
      const twin = await call(admin, 'POST', '/api/v1/departments', {
        id: 'cafe-2',
        name: 'Caf\u00e9 Office',
      });
      expect([twin.status, twin.json.error.code]).toEqual([409, 'DEPARTMENT_EXISTS']);
    });

    it('refuses a document name that reorders what is displayed', async () => {
      const r = await call(
        firstKey,
        'POST',
        '/api/v1/sign?level=B-B&name=invoice\u202Etxt.exe',
        'x',
      );
      expect([r.status, r.json.error.code]).toEqual([400, 'INVALID_REQUEST']);
    });
  });

  describe('one key, one department', () => {
    it('refuses a key certified for another department, and a key revoked for keyCompromise', async () => {
      const dir = tempDir('signet-keybinding-');
      ecKeyAndCsr(join(dir, 'k.pem'), join(dir, 'r.csr'), '/CN=ignored');
      const csr = readFileSync(join(dir, 'r.csr'), 'utf8');
      const issued = await call(admin, 'POST', '/api/v1/certificates', {
        department: 'finance',
        csr,
      });
      expect(issued.status).toBe(201);
      expect(
        (await call(admin, 'POST', '/api/v1/departments', { id: 'tax', name: 'Tax' })).status,
      ).toBe(201);
      const elsewhere = await call(admin, 'POST', '/api/v1/certificates', {
        department: 'tax',
        csr,
      });
      expect([elsewhere.status, elsewhere.json.error.code]).toEqual([400, 'KEY_NOT_ALLOWED']);
      // The same department may certify its key again, until the key is compromised.
      const again = await call(admin, 'POST', '/api/v1/certificates', {
        department: 'finance',
        csr,
      });
      expect(again.status).toBe(201);
      const revoked = await call(
        admin,
        'POST',
        `/api/v1/certificates/${issued.json.serial}/revoke`,
        {
          reason: 'keyCompromise',
        },
      );
      expect(revoked.status).toBe(200);
      const never = await call(admin, 'POST', '/api/v1/certificates', {
        department: 'finance',
        csr,
      });
      expect([never.status, never.json.error.code]).toEqual([400, 'KEY_NOT_ALLOWED']);
      expect(never.json.error.message).toMatch(/keyCompromise/);
    });
  });
});
