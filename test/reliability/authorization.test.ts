/**
 * The authorization matrix: every route of the OpenAPI description (OPERATIONS), called against
 * the real server with no token, a wrong token, the admin token, the department key of the
 * resource's owner and another department's key. Each answers as its row says. Public routes
 * ignore tokens. The test fails when the application registers a route that has no row here, so
 * a new route cannot ship without someone deciding who may call it.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Express } from 'express';
import pino from 'pino';
import { authenticate } from '../../src/ca/authenticate';
import { initCa } from '../../src/ca/init';
import { openServices } from '../../src/compose';
import { loadConfig } from '../../src/config';
import { createApp } from '../../src/http/app';
import { OPERATIONS } from '../../src/http/openapi';
import { useCaseRouters } from '../../src/protocols';
import { mustOpenssl, tempDir } from '../helpers/openssl';
import { fetchCaFiles } from '../helpers/pki-files';
import { startServer, type RunningServer } from '../helpers/server';
import { Client, type Answer } from './harness';

type Credential = 'none' | 'wrong' | 'admin' | 'owner' | 'other';
const CREDENTIALS: Credential[] = ['none', 'wrong', 'admin', 'owner', 'other'];

interface Context {
  client: Client;
  server: RunningServer;
  /** The admin token in force: the rotate-token row replaces it. */
  adminToken: string;
  /** The "owner" department (demo) and "other" department keys. */
  ownerKey: string;
  otherKey: string;
  ownerSerials: Set<string>;
  otherSerials: Set<string>;
  ocspRequest: Buffer;
  tsaQuery: Buffer;
  /** A fresh certificate of the owner department, revocable once. */
  freshCertificate(): Promise<string>;
  /** A fresh document signed by the owner department, rescindable once. */
  freshDocument(): Promise<{ id: string; code: string }>;
  /** A fresh department (not the owner or the other), to disable or give a new key. */
  freshDepartment(): Promise<string>;
  unique(): string;
}

interface Call {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

interface Row {
  /** A valid request of the route for its rightful caller; called again for each credential. */
  call(ctx: Context): Promise<Call> | Call;
  expect: Record<Credential, number>;
  /** Extra checks on a successful answer (whose certificate signed, ...). */
  verify?(answer: Answer, credential: Credential, ctx: Context): void;
}

const PUBLIC = (status = 200): Record<Credential, number> => ({
  none: status,
  wrong: status,
  admin: status,
  owner: status,
  other: status,
});
const ADMIN = (status = 200): Record<Credential, number> => ({
  none: 401,
  wrong: 401,
  admin: status,
  owner: 403,
  other: 403,
});
/** Department routes: each department acts for itself; the admin token is not a department. */
const DEPARTMENT = (owner: number, other: number): Record<Credential, number> => ({
  none: 401,
  wrong: 401,
  admin: 403,
  owner,
  other,
});

const json = (value: unknown) => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value),
});
const get = (path: string): Call => ({ method: 'GET', path });

/** A signature must come from the calling department's own certificate. */
function signedByCaller(answer: Answer, credential: Credential, ctx: Context): void {
  const serial = JSON.parse(answer.body.toString()).certificateSerial;
  const own = credential === 'owner' ? ctx.ownerSerials : ctx.otherSerials;
  expect({ credential, serial, own: own.has(serial) }).toEqual({ credential, serial, own: true });
}

/** One row per "method path" of OPERATIONS, in OpenAPI path syntax. */
const MATRIX: Record<string, Row> = {
  'get /healthz': { call: () => get('/healthz'), expect: PUBLIC() },
  'get /readyz': { call: () => get('/readyz'), expect: PUBLIC() },
  'get /metrics': { call: () => get('/metrics'), expect: ADMIN() },
  'get /api/openapi.json': { call: () => get('/api/openapi.json'), expect: PUBLIC() },
  'get /ca/root.crt': { call: () => get('/ca/root.crt'), expect: PUBLIC() },
  'get /ca/issuing.crt': { call: () => get('/ca/issuing.crt'), expect: PUBLIC() },
  'get /crl/issuing.crl': { call: () => get('/crl/issuing.crl'), expect: PUBLIC() },
  'post /ocsp': {
    call: (ctx) => ({
      method: 'POST',
      path: '/ocsp',
      headers: { 'content-type': 'application/ocsp-request' },
      body: ctx.ocspRequest,
    }),
    expect: PUBLIC(),
  },
  'get /ocsp/{request}': {
    call: (ctx) => get(`/ocsp/${encodeURIComponent(ctx.ocspRequest.toString('base64'))}`),
    expect: PUBLIC(),
  },
  'post /tsa': {
    call: (ctx) => ({
      method: 'POST',
      path: '/tsa',
      headers: { 'content-type': 'application/timestamp-query' },
      body: ctx.tsaQuery,
    }),
    expect: PUBLIC(),
  },
  'post /api/v1/departments': {
    call: (ctx) => ({
      method: 'POST',
      path: '/api/v1/departments',
      ...json({ id: `auth-${ctx.unique()}`, name: `Matrix Bureau ${ctx.unique()}` }),
    }),
    expect: ADMIN(201),
  },
  'get /api/v1/departments': { call: () => get('/api/v1/departments'), expect: ADMIN() },
  'post /api/v1/departments/{id}/disable': {
    call: async (ctx) => ({
      method: 'POST',
      path: `/api/v1/departments/${await ctx.freshDepartment()}/disable`,
    }),
    expect: ADMIN(),
  },
  'post /api/v1/departments/{id}/enable': {
    call: async (ctx) => ({
      method: 'POST',
      path: `/api/v1/departments/${await ctx.freshDepartment()}/enable`,
    }),
    expect: ADMIN(),
  },
  'post /api/v1/departments/{id}/rotate-key': {
    call: async (ctx) => ({
      method: 'POST',
      path: `/api/v1/departments/${await ctx.freshDepartment()}/rotate-key`,
    }),
    expect: ADMIN(),
  },
  'post /api/v1/admin/rotate-token': {
    call: () => ({ method: 'POST', path: '/api/v1/admin/rotate-token' }),
    expect: ADMIN(),
    // The admin token was just replaced: the rows after this one use the new one.
    verify: (answer, _credential, ctx) => {
      ctx.adminToken = JSON.parse(answer.body.toString()).adminToken;
    },
  },
  'post /api/v1/certificates': {
    call: () => ({ method: 'POST', path: '/api/v1/certificates', ...json({ department: 'demo' }) }),
    expect: ADMIN(201),
  },
  'get /api/v1/certificates': { call: () => get('/api/v1/certificates'), expect: ADMIN() },
  'get /api/v1/certificates/{serial}': {
    call: (ctx) => get(`/api/v1/certificates/${[...ctx.ownerSerials][0]}`),
    expect: ADMIN(),
  },
  'post /api/v1/certificates/{serial}/revoke': {
    call: async (ctx) => ({
      method: 'POST',
      path: `/api/v1/certificates/${await ctx.freshCertificate()}/revoke`,
      ...json({ reason: 'superseded' }),
    }),
    expect: ADMIN(),
  },
  'post /api/v1/sign': {
    call: () => ({
      method: 'POST',
      path: '/api/v1/sign?level=B-B&name=matrix.txt',
      headers: { 'content-type': 'application/octet-stream' },
      body: 'A document signed by whoever holds the key.',
    }),
    // Another department's key signs too, for itself: the key fixes the department.
    expect: DEPARTMENT(201, 201),
    verify: signedByCaller,
  },
  'post /api/v1/sign/digest': {
    call: () => ({
      method: 'POST',
      path: '/api/v1/sign/digest?level=B-B',
      ...json({
        digestAlgorithm: 'sha256',
        digest: createHash('sha256').update('matrix').digest('hex'),
      }),
    }),
    expect: DEPARTMENT(201, 201),
    verify: signedByCaller,
  },
  'get /api/v1/documents/{code}': {
    call: async (ctx) => get(`/api/v1/documents/${(await ctx.freshDocument()).code}`),
    expect: PUBLIC(),
  },
  'post /api/v1/documents/{id}/rescind': {
    call: async (ctx) => ({
      method: 'POST',
      path: `/api/v1/documents/${(await ctx.freshDocument()).id}/rescind`,
      ...json({ reason: 'Issued in error.' }),
    }),
    // Another department's document is "unknown" to it (404), not "forbidden": ids stay private.
    expect: DEPARTMENT(200, 404),
  },
  // Routes being added (SPEC.md): their rows are ready and run once OPERATIONS lists them.
  'post /api/v1/verify': {
    call: async (ctx) => {
      const digest = createHash('sha256').update('verify me').digest('hex');
      const signed = await ctx.client.json(
        'POST',
        '/api/v1/sign/digest?level=B-B',
        { digestAlgorithm: 'sha256', digest },
        ctx.ownerKey,
      );
      const signature = JSON.parse(signed.body.toString()).signature;
      return {
        method: 'POST',
        path: '/api/v1/verify',
        ...json({ digest: { algorithm: 'sha256', value: digest }, signature }),
      };
    },
    expect: PUBLIC(),
  },
  'get /verify': { call: () => get('/verify'), expect: PUBLIC() },
  'get /verify/{code}': {
    call: async (ctx) => get(`/verify/${(await ctx.freshDocument()).code}`),
    expect: PUBLIC(),
  },
  'get /verify/assets/{file}': { call: () => get('/verify/assets/verify.css'), expect: PUBLIC() },
  'get /api/v1/documents/{code}/qr.svg': {
    call: async (ctx) => get(`/api/v1/documents/${(await ctx.freshDocument()).code}/qr.svg`),
    expect: PUBLIC(),
  },
};

const documented = OPERATIONS.map((op) => `${op.method} ${op.path}`);

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every method + path the application really registers (as test/http/openapi.test.ts walks it). */
async function registeredRoutes(): Promise<string[]> {
  const config = loadConfig(
    { SIGNET_KEY_PASSPHRASE: 'authorization-matrix-passphrase' },
    { dataDir: tempDir('signet-authz-routes-') },
  );
  const services = await openServices(config);
  try {
    await initCa(services.deps, services.authorities, { actor: 'test' });
    const app: Express = createApp({
      logger: pino({ level: 'silent' }),
      ca: services.deps,
      authorities: services.authorities,
      crl: services.crl,
      authenticate: (t) => authenticate(services.deps, t),
      routers: useCaseRouters(services, { maxDocumentBytes: 1024 }),
      rateLimitPerMinute: 0,
    });
    const found: string[] = [];
    const walk = (stack: Layer[]): void => {
      for (const layer of stack) {
        if (layer.route) {
          const path = layer.route.path.replace(/[:*](\w+)/g, '{$1}');
          for (const method of Object.keys(layer.route.methods)) found.push(`${method} ${path}`);
        } else if (layer.handle?.stack) walk(layer.handle.stack);
      }
    };
    walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
    return found.sort();
  } finally {
    services.close();
  }
}

describe('authorization matrix', () => {
  let ctx: Context;
  let server: RunningServer;
  const scrapeToken = `scrape-${'s'.repeat(40)}`;

  beforeAll(async () => {
    server = await startServer({
      SIGNET_RATE_LIMIT_PER_MINUTE: '0',
      SIGNET_METRICS_TOKEN: scrapeToken,
    });
    const client = new Client(server.url, 4);
    const admin = server.adminToken;
    const other = await client.json(
      'POST',
      '/api/v1/departments',
      { id: 'other', name: 'Other Bureau' },
      admin,
    );
    expect(other.status).toBe(201);
    const otherKey = JSON.parse(other.body.toString()).apiKey as string;
    const otherCert = await client.json(
      'POST',
      '/api/v1/certificates',
      { department: 'other' },
      admin,
    );
    expect(otherCert.status).toBe(201);
    const list = await client.request('GET', '/api/v1/certificates?department=demo', {
      headers: { authorization: `Bearer ${admin}` },
    });
    const ownerSerials = new Set<string>(
      JSON.parse(list.body.toString()).certificates.map((c: { serial: string }) => c.serial),
    );
    const files = tempDir('signet-authz-');
    await fetchCaFiles(server.url, files); // writes issuing.pem (and root.pem, chain.pem)
    mustOpenssl([
      'ocsp',
      '-issuer',
      join(files, 'issuing.pem'),
      '-serial',
      `0x${[...ownerSerials][0]}`,
      '-reqout',
      join(files, 'r.der'),
    ]);
    writeFileSync(join(files, 'doc'), 'matrix');
    mustOpenssl([
      'ts',
      '-query',
      '-data',
      join(files, 'doc'),
      '-sha256',
      '-cert',
      '-out',
      join(files, 'q.tsq'),
    ]);
    let counter = 0;
    ctx = {
      client,
      server,
      adminToken: admin,
      ownerKey: server.demoApiKey,
      otherKey,
      ownerSerials,
      otherSerials: new Set([JSON.parse(otherCert.body.toString()).serial]),
      ocspRequest: readFileSync(join(files, 'r.der')),
      tsaQuery: readFileSync(join(files, 'q.tsq')),
      unique: () => `${process.pid}-${(counter += 1)}`,
      freshDepartment: async () => {
        const id = `fresh-${(counter += 1)}`;
        const a = await client.json(
          'POST',
          '/api/v1/departments',
          { id, name: `Fresh Bureau ${counter}` },
          ctx.adminToken,
        );
        expect(a.status).toBe(201);
        return id;
      },
      freshCertificate: async () => {
        const a = await client.json(
          'POST',
          '/api/v1/certificates',
          { department: 'demo' },
          ctx.adminToken,
        );
        expect(a.status).toBe(201);
        const serial = JSON.parse(a.body.toString()).serial as string;
        ownerSerials.add(serial);
        return serial;
      },
      freshDocument: async () => {
        const a = await client.json(
          'POST',
          '/api/v1/sign/digest?level=B-B',
          {
            digestAlgorithm: 'sha256',
            digest: createHash('sha256').update(`d${counter}`).digest('hex'),
          },
          server.demoApiKey,
        );
        expect(a.status).toBe(201);
        const doc = JSON.parse(a.body.toString());
        return { id: doc.id as string, code: doc.verificationCode as string };
      },
    };
  });

  afterAll(async () => {
    ctx?.client.close();
    await server?.stop();
  });

  it('has a row for every route the application registers', async () => {
    const registered = await registeredRoutes();
    const withoutRow = registered.filter((r) => !(r in MATRIX));
    console.log(
      `authorization matrix: ${registered.length} registered routes, ${Object.keys(MATRIX).length} rows; ` +
        `without a row: ${withoutRow.length ? withoutRow.join(', ') : 'none'}`,
    );
    expect(withoutRow).toEqual([]);
  });

  it('answers every documented route as its row says, for each of the five callers', async () => {
    const token = (c: Credential): string | undefined =>
      ({
        none: undefined,
        wrong: `signet_adm_${'W'.repeat(43)}`,
        admin: ctx.adminToken,
        owner: ctx.ownerKey,
        other: ctx.otherKey,
      })[c];
    const mismatches: string[] = [];
    let calls = 0;
    for (const route of documented) {
      const row = MATRIX[route];
      if (!row) {
        mismatches.push(`${route}: no row`);
        continue;
      }
      for (const credential of CREDENTIALS) {
        const call = await row.call(ctx);
        const t = token(credential);
        const answer = await ctx.client.request(call.method, call.path, {
          headers: { ...call.headers, ...(t ? { authorization: `Bearer ${t}` } : {}) },
          body: call.body,
        });
        calls += 1;
        const want = row.expect[credential];
        if (answer.status !== want) {
          mismatches.push(
            `${route} as ${credential}: ${answer.status} (${answer.body.toString().slice(0, 120)}), expected ${want}`,
          );
        } else if (answer.status < 300) {
          row.verify?.(answer, credential, ctx);
        }
      }
    }
    const pending = Object.keys(MATRIX).filter((r) => !documented.includes(r));
    console.log(
      `authorization matrix: ${documented.length} routes x ${CREDENTIALS.length} callers = ${calls} calls, ` +
        `${mismatches.length} mismatches; rows waiting for their route: ${pending.join(', ') || 'none'}`,
    );
    expect(mismatches).toEqual([]);
  });

  it('lets the scrape token read /metrics and nothing else', async () => {
    const as = (path: string, method = 'GET') =>
      ctx.client.request(method, path, { headers: { authorization: `Bearer ${scrapeToken}` } });
    const metrics = await as('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body.toString()).toContain('signet_http_requests_total');
    expect((await as('/api/v1/departments')).status).toBe(401);
    expect((await as('/api/v1/certificates')).status).toBe(401);
    expect((await as('/api/v1/sign/digest', 'POST')).status).toBe(401);
  });
});
