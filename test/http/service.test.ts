import { execFileSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openssl, tempDir } from '../helpers/openssl';
import { startServer, type RunningServer } from '../helpers/server';

const json = (r: Response) => r.json() as Promise<Record<string, any>>;

describe('the HTTP service', () => {
  let server: RunningServer;
  let files: string;
  beforeAll(async () => {
    server = await startServer();
    files = tempDir('signet-http-files-');
    for (const [route, name] of [
      ['/ca/root.crt', 'root'],
      ['/ca/issuing.crt', 'issuing'],
    ]) {
      const der = Buffer.from(await (await fetch(server.url + route)).arrayBuffer());
      writeFileSync(join(files, `${name}.der`), der);
      writeFileSync(
        join(files, `${name}.pem`),
        openssl(['x509', '-inform', 'DER', '-in', join(files, `${name}.der`)]).stdout,
      );
    }
    writeFileSync(
      join(files, 'chain.pem'),
      openssl(['x509', '-in', join(files, 'root.pem')]).stdout +
        openssl(['x509', '-in', join(files, 'issuing.pem')]).stdout,
    );
  });
  afterAll(async () => {
    await server.stop();
  });
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(server.url + path, {
      ...init,
      headers: {
        authorization: `Bearer ${server.adminToken}`,
        'content-type': 'application/json',
        ...init.headers,
      },
    });

  describe('development bootstrap', () => {
    it('answers /healthz and writes the admin token and demo key 0600 without logging them', async () => {
      expect(await json(await fetch(`${server.url}/healthz`))).toEqual({ status: 'ok' });
      expect(statSync(join(server.dataDir, 'admin-token')).mode & 0o777).toBe(0o600);
      expect(statSync(join(server.dataDir, 'demo-api-key')).mode & 0o777).toBe(0o600);
      expect(server.logs()).toContain('admin-token');
      expect(server.logs()).not.toContain(server.adminToken);
      expect(server.logs()).not.toContain(server.demoApiKey);
    });

    it('serves the CA certificates in DER with a strict CSP', async () => {
      const r = await fetch(`${server.url}/ca/issuing.crt`);
      expect(r.headers.get('content-type')).toBe('application/pkix-cert');
      expect(r.headers.get('content-security-policy')).toContain("default-src 'none'");
      const v = openssl(['verify', '-CAfile', join(files, 'root.pem'), join(files, 'issuing.pem')]);
      expect(v.stdout).toContain('OK');
    });
  });

  describe('admin API and CRL', () => {
    it('issues and revokes through the API; the served CRL verifies and lists the serial', async () => {
      const dep = await admin('/api/v1/departments', {
        method: 'POST',
        body: JSON.stringify({ id: 'tax', name: 'Tax Bureau' }),
      });
      expect(dep.status).toBe(201);
      const issued = await admin('/api/v1/certificates', {
        method: 'POST',
        body: JSON.stringify({ department: 'tax' }),
      });
      expect(issued.status).toBe(201);
      const cert = await json(issued);
      const revoked = await admin(`/api/v1/certificates/${cert.serial}/revoke`, {
        method: 'POST',
        body: JSON.stringify({ reason: 'superseded' }),
      });
      expect(revoked.status).toBe(200);
      expect((await json(revoked)).status).toBe('revoked');

      const crl = await fetch(`${server.url}/crl/issuing.crl`);
      expect(crl.headers.get('content-type')).toBe('application/pkix-crl');
      expect(crl.headers.get('cache-control')).toMatch(/max-age=\d+/);
      writeFileSync(join(files, 'issuing.crl'), Buffer.from(await crl.arrayBuffer()));
      const r = openssl([
        'crl',
        '-inform',
        'DER',
        '-in',
        join(files, 'issuing.crl'),
        '-CAfile',
        join(files, 'chain.pem'),
        '-noout',
        '-text',
      ]);
      expect(r.stdout + r.stderr).toContain('verify OK');
      expect(r.stdout).toContain(`Serial Number: ${cert.serial}`);
      expect(r.stdout).toMatch(/CRL Reason Code:\s+Superseded/);
    });
  });

  describe('bad requests', () => {
    it.each([
      ['no token', '/api/v1/departments', {}, 401, 'UNAUTHORIZED'],
      [
        'a wrong token',
        '/api/v1/departments',
        { headers: { authorization: 'Bearer signet_adm_' + 'A'.repeat(43) } },
        401,
        'UNAUTHORIZED',
      ],
      [
        'a garbage token',
        '/api/v1/departments',
        { headers: { authorization: 'Bearer x' } },
        401,
        'UNAUTHORIZED',
      ],
      ['an unknown route', '/api/v1/nothing', {}, 404, 'NOT_FOUND'],
    ] as [string, string, RequestInit, number, string][])(
      'answers %s with the documented error',
      async (_n, path, init, status, code) => {
        const r = await fetch(server.url + path, init);
        expect(r.status).toBe(status);
        const body = await json(r);
        expect(body.error.code).toBe(code);
        expect(typeof body.error.message).toBe('string');
        expect(body.requestId).toBe(r.headers.get('x-request-id'));
      },
    );

    it('refuses a department key on the admin API (403)', async () => {
      const r = await fetch(`${server.url}/api/v1/departments`, {
        headers: { authorization: `Bearer ${server.demoApiKey}` },
      });
      expect(r.status).toBe(403);
      expect((await json(r)).error.code).toBe('FORBIDDEN');
    });

    it.each([
      [
        'a wrong content type',
        { body: 'id=x', headers: { 'content-type': 'text/plain' } },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      ['malformed JSON', { body: '{"id":', headers: {} }, 400, 'MALFORMED_JSON'],
      [
        'a body over 1 MiB',
        { body: JSON.stringify({ id: 'x', name: 'y'.repeat(1_100_000) }), headers: {} },
        413,
        'PAYLOAD_TOO_LARGE',
      ],
      [
        'a schema violation',
        { body: JSON.stringify({ id: 'x' }), headers: {} },
        400,
        'INVALID_REQUEST',
      ],
      [
        'an invalid department id',
        { body: JSON.stringify({ id: 'Bad Id!', name: 'x' }), headers: {} },
        400,
        'INVALID_DEPARTMENT_ID',
      ],
    ] as [string, RequestInit, number, string][])(
      'answers %s with a 4xx code',
      async (_n, init, status, code) => {
        const r = await admin('/api/v1/departments', { method: 'POST', ...init });
        expect(r.status).toBe(status);
        expect((await json(r)).error.code).toBe(code);
      },
    );

    it('answers an unknown serial 404 and a bad reason 400', async () => {
      const unknown = await admin('/api/v1/certificates/ABCDEF', {});
      expect(unknown.status).toBe(404);
      expect((await json(unknown)).error.code).toBe('UNKNOWN_CERTIFICATE');
      const list = await json(await admin('/api/v1/certificates?department=demo'));
      const serial = list.certificates[0].serial;
      const bad = await admin(`/api/v1/certificates/${serial}/revoke`, {
        method: 'POST',
        body: JSON.stringify({ reason: 'whim' }),
      });
      expect(bad.status).toBe(400);
      expect((await json(bad)).error.code).toBe('INVALID_REASON');
    });
  });

  it('keeps an idle keep-alive connection open across a client that blocks for 6 s', async () => {
    // A test client that runs pdfsig synchronously holds its pooled connection idle while its
    // event loop cannot notice a close: with a 5 s keep-alive the next call met EPIPE (CI, issue 7).
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
        const req = http.get(`${server.url}/healthz`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
        });
        req.on('error', reject);
      });
    expect((await get()).status).toBe(200);
    execFileSync('sleep', ['6']);
    expect(await get()).toEqual({ status: 200, reused: true });
    agent.destroy();
  });

  describe('GET /api/openapi.json', () => {
    it('describes OpenAPI 3.1 paths', async () => {
      const doc = await json(await fetch(`${server.url}/api/openapi.json`));
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths)).toContain('/api/v1/certificates/{serial}/revoke');
    });
  });
});

describe('graceful shutdown', () => {
  it('finishes requests in flight on SIGTERM, exits 0, and leaves a sound database', async () => {
    const server = await startServer();
    const requests = Array.from({ length: 20 }, (_, i) =>
      fetch(`${server.url}/api/v1/certificates`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${server.adminToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ department: 'demo', algorithm: i % 2 ? 'rsa-2048' : 'ecdsa-p256' }),
      }).then(
        (r) => r.status,
        () => 'not accepted' as const, // connections still idle at SIGTERM are closed unserved
      ),
    );
    await new Promise((r) => setTimeout(r, 150));
    const code = await server.stop('SIGTERM');
    const answered = (await Promise.all(requests)).filter((s) => s !== 'not accepted');
    console.log(
      `SIGTERM with 20 requests sent: ${answered.length} answered, the rest refused unserved`,
    );
    expect(code).toBe(0);
    expect(answered.every((s) => s === 201)).toBe(true);
    expect(answered.length).toBeGreaterThan(0);
    const db = new Database(join(server.dataDir, 'signet.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const issued = (
      db
        .prepare(
          "SELECT COUNT(*) AS n FROM certificates WHERE role = 'department' AND status = 'issued'",
        )
        .get() as { n: number }
    ).n;
    expect(issued).toBe(1 + answered.length); // the demo certificate and each answered request
    db.close();
  });
});

describe('rate limits on the public API', () => {
  it('answers 429 with the JSON error once an address exceeds its requests per minute', async () => {
    const server = await startServer({ SIGNET_RATE_LIMIT_PER_MINUTE: '5' });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      statuses.push((await fetch(`${server.url}/api/v1/documents/2222-3333-4444-5555`)).status);
    }
    expect(statuses.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
    const limited = await fetch(`${server.url}/api/v1/documents/2222-3333-4444-5555`);
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as any).error.code).toBe('RATE_LIMITED');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200); // PKI and health are not limited
    await server.stop();
  });
});
