/**
 * A valid request of every operation of the route table, for its rightful caller, against a
 * running server: the authorization matrix sends each with five credentials, the OpenAPI answer
 * test validates what each answers. Keyed by OperationKey, so a route added to the table does not
 * compile here until someone writes how to call it.
 */
import { createHash, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCertificate } from '../../src/core/x509/read';
import type { OperationKey } from '../../src/http/route-table';
import { ecKeyAndCsr, tempDir } from '../helpers/openssl';
import type { RunningServer } from '../helpers/server';
import { protocolSeeds, type Answer, type Client } from './harness';

export interface RouteContext {
  client: Client;
  server: RunningServer;
  /** The admin token in force: the rotate-token call replaces it. */
  adminToken: string;
  /** The "owner" department (demo) and "other" department keys. */
  ownerKey: string;
  otherKey: string;
  ownerSerials: Set<string>;
  otherSerials: Set<string>;
  /** The owner's own private key (outside Signet), certified from its CSR: two-phase signing. */
  ownerOwnKey: KeyObject;
  ocspRequest: Buffer;
  tsaQuery: Buffer;
  /** A fresh certificate of the owner department, revocable once. */
  freshCertificate(): Promise<string>;
  /** The owner department signs a digest (hex SHA-256) at `level`: the sign answer. */
  signDigest(digest: string, level: string): Promise<Record<string, string>>;
  /** A fresh document signed by the owner department, rescindable once. */
  freshDocument(): Promise<{ id: string; code: string }>;
  /** A fresh department (not the owner or the other), to disable or give a new key. */
  freshDepartment(): Promise<string>;
  /** The owner department prepares a two-phase signature (B-B): the prepare answer. */
  prepare(): Promise<{ handle: string; dataToBeSigned: string }>;
  unique(): string;
}

export interface Call {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

export interface RouteCall {
  call(ctx: RouteContext): Promise<Call> | Call;
  /** What a successful answer changes for the calls after it (a replaced admin token). */
  after?(answer: Answer, ctx: RouteContext): void;
}

export const jsonCall = (value: unknown) => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value),
});
const get = (path: string): Call => ({ method: 'GET', path });

/** The size of the log's current checkpoint, after signing a document if the log is empty. */
async function loggedSize(ctx: RouteContext): Promise<number> {
  const sizeNow = async () => {
    const answer = await ctx.client.request('GET', '/log/checkpoint');
    // c2sp.org/tlog-checkpoint: origin, then the tree size in decimal.
    return answer.status === 200 ? Number(answer.body.toString('utf8').split('\n')[1]) : 0;
  };
  if ((await sizeNow()) === 0) await ctx.freshDocument();
  for (let waited = 0; waited < 10_000; waited += 100) {
    const size = await sizeNow();
    if (size > 0) return size;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the log signed no checkpoint of a non-empty tree within 10 s');
}

/** The key identifier (hex) of the issuing CA in force, as its certificates' URLs name it. */
async function issuingKeyId(ctx: RouteContext): Promise<string> {
  const der = (await ctx.client.request('GET', '/ca/issuing.crt')).body;
  return Buffer.from(readCertificate(der).keyIdentifier).toString('hex');
}

export const ROUTE_CALLS: Record<OperationKey, RouteCall> = {
  'get /healthz': { call: () => get('/healthz') },
  'get /readyz': { call: () => get('/readyz') },
  'get /metrics': { call: () => get('/metrics') },
  'get /api/openapi.json': { call: () => get('/api/openapi.json') },
  'get /ca/root.crt': { call: () => get('/ca/root.crt') },
  'get /ca/issuing.crt': { call: () => get('/ca/issuing.crt') },
  'get /crl/issuing.crl': { call: () => get('/crl/issuing.crl') },
  'get /ca/issuing/{keyId}.crt': {
    call: async (ctx) => get(`/ca/issuing/${await issuingKeyId(ctx)}.crt`),
  },
  'get /crl/issuing/{keyId}.crl': {
    call: async (ctx) => get(`/crl/issuing/${await issuingKeyId(ctx)}.crl`),
  },
  'get /crl/root.crl': { call: () => get('/crl/root.crl') },
  'get /log/checkpoint': { call: () => get('/log/checkpoint') },
  'get /log/tile/{path}': { call: () => get('/log/tile/0/000.p/1') },
  'get /log/proof': {
    // A proof is answered for the size of a signed checkpoint: the one in force, once the log holds
    // an entry (the sequencer signs one every 250 ms).
    call: async (ctx) => get(`/log/proof?index=0&size=${await loggedSize(ctx)}`),
  },
  'post /ocsp': {
    call: (ctx) => ({
      method: 'POST',
      path: '/ocsp',
      headers: { 'content-type': 'application/ocsp-request' },
      body: ctx.ocspRequest,
    }),
  },
  'get /ocsp/{request}': {
    call: (ctx) => get(`/ocsp/${encodeURIComponent(ctx.ocspRequest.toString('base64'))}`),
  },
  'post /tsa': {
    call: (ctx) => ({
      method: 'POST',
      path: '/tsa',
      headers: { 'content-type': 'application/timestamp-query' },
      body: ctx.tsaQuery,
    }),
  },
  'post /api/v1/departments': {
    call: (ctx) => ({
      method: 'POST',
      path: '/api/v1/departments',
      ...jsonCall({ id: `auth-${ctx.unique()}`, name: `Matrix Bureau ${ctx.unique()}` }),
    }),
  },
  'get /api/v1/departments': { call: () => get('/api/v1/departments') },
  'post /api/v1/departments/{id}/disable': {
    call: async (ctx) => ({
      method: 'POST',
      path: `/api/v1/departments/${await ctx.freshDepartment()}/disable`,
    }),
  },
  'post /api/v1/departments/{id}/enable': {
    call: async (ctx) => ({
      method: 'POST',
      path: `/api/v1/departments/${await ctx.freshDepartment()}/enable`,
    }),
  },
  'post /api/v1/departments/{id}/rotate-key': {
    call: async (ctx) => ({
      method: 'POST',
      path: `/api/v1/departments/${await ctx.freshDepartment()}/rotate-key`,
    }),
  },
  'post /api/v1/admin/rotate-token': {
    call: () => ({ method: 'POST', path: '/api/v1/admin/rotate-token' }),
    // The admin token was just replaced: the calls after this one use the new one.
    after: (answer, ctx) => {
      ctx.adminToken = JSON.parse(answer.body.toString()).adminToken;
    },
  },
  'post /api/v1/certificates': {
    call: () => ({
      method: 'POST',
      path: '/api/v1/certificates',
      ...jsonCall({ department: 'demo' }),
    }),
  },
  'get /api/v1/certificates': { call: () => get('/api/v1/certificates') },
  'get /api/v1/certificates/{serial}': {
    call: (ctx) => get(`/api/v1/certificates/${[...ctx.ownerSerials][0]}`),
  },
  'post /api/v1/certificates/{serial}/revoke': {
    call: async (ctx) => ({
      method: 'POST',
      path: `/api/v1/certificates/${await ctx.freshCertificate()}/revoke`,
      ...jsonCall({ reason: 'superseded' }),
    }),
  },
  'post /api/v1/sign': {
    call: () => ({
      method: 'POST',
      path: '/api/v1/sign?level=B-B&name=matrix.txt',
      headers: { 'content-type': 'application/octet-stream' },
      body: 'A document signed by whoever holds the key.',
    }),
  },
  'post /api/v1/sign/digest': {
    call: () => ({
      method: 'POST',
      path: '/api/v1/sign/digest?level=B-B',
      ...jsonCall({
        digestAlgorithm: 'sha256',
        digest: createHash('sha256').update('matrix').digest('hex'),
      }),
    }),
  },
  'post /api/v1/sign/prepare': {
    call: () => ({
      method: 'POST',
      path: '/api/v1/sign/prepare?level=B-B&name=matrix.txt',
      ...jsonCall({
        digestAlgorithm: 'sha256',
        digest: createHash('sha256').update('two phases').digest('hex'),
      }),
    }),
  },
  'post /api/v1/sign/complete': {
    // The owner's handle, signed by the owner's own key: another department's key finds no handle.
    call: async (ctx) => {
      const prepared = await ctx.prepare();
      const tbs = Buffer.from(prepared.dataToBeSigned, 'base64');
      return {
        method: 'POST',
        path: '/api/v1/sign/complete',
        ...jsonCall({
          handle: prepared.handle,
          signatureValue: sign('sha256', tbs, ctx.ownerOwnKey).toString('base64'),
        }),
      };
    },
  },
  'post /api/v1/archive/renew': {
    // A B-T signature of the owner's gains an archive time-stamp (B-LTA).
    call: async (ctx) => {
      const digest = createHash('sha256').update(ctx.unique()).digest('hex');
      const { signature } = await ctx.signDigest(digest, 'B-T');
      return {
        method: 'POST',
        path: '/api/v1/archive/renew',
        headers: { 'content-type': 'application/pkcs7-signature' },
        body: Buffer.from(signature ?? '', 'base64'),
      };
    },
  },
  'get /api/v1/documents/{code}': {
    call: async (ctx) => get(`/api/v1/documents/${(await ctx.freshDocument()).code}`),
  },
  'post /api/v1/documents/{id}/rescind': {
    call: async (ctx) => ({
      method: 'POST',
      path: `/api/v1/documents/${(await ctx.freshDocument()).id}/rescind`,
      ...jsonCall({ reason: 'Issued in error.' }),
    }),
  },
  'post /api/v1/verify': {
    call: async (ctx) => {
      const digest = createHash('sha256').update('verify me').digest('hex');
      const { signature } = await ctx.signDigest(digest, 'B-B');
      return {
        method: 'POST',
        path: '/api/v1/verify',
        ...jsonCall({ digest: { algorithm: 'sha256', value: digest }, signature }),
      };
    },
  },
  'get /verify': { call: () => get('/verify') },
  'get /verify/{code}': {
    call: async (ctx) => get(`/verify/${(await ctx.freshDocument()).code}`),
  },
  'get /verify/assets/{file}': { call: () => get('/verify/assets/verify.css') },
  'get /api/v1/documents/{code}/log-proof': {
    call: async (ctx) => get(`/api/v1/documents/${(await ctx.freshDocument()).code}/log-proof`),
  },
  'get /api/v1/documents/{code}/qr.svg': {
    call: async (ctx) => get(`/api/v1/documents/${(await ctx.freshDocument()).code}/qr.svg`),
  },
};

/**
 * The context of the calls on a running server: a second department ("other") with its own
 * certificate, an OCSP request about one of demo's certificates and a time-stamp query, made by
 * OpenSSL against the server's CA (harness.ts protocolSeeds).
 */
export async function routeContext(server: RunningServer, client: Client): Promise<RouteContext> {
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
  // Each department also holds a key of its own (OpenSSL's, as its HSM would), certified from
  // its CSR, so that both can sign in two phases.
  const own = tempDir('signet-route-calls-');
  const ownSerials: Record<string, string> = {};
  for (const department of ['demo', 'other']) {
    const key = join(own, `${department}.key`);
    ecKeyAndCsr(key, join(own, `${department}.csr`), `/CN=${department} own key`);
    const issued = await client.json(
      'POST',
      '/api/v1/certificates',
      { department, csr: readFileSync(join(own, `${department}.csr`), 'utf8') },
      admin,
    );
    expect(issued.status).toBe(201);
    ownSerials[department] = JSON.parse(issued.body.toString()).serial;
  }
  const list = await client.request('GET', '/api/v1/certificates?department=demo', {
    headers: { authorization: `Bearer ${admin}` },
  });
  const ownerSerials = new Set<string>(
    JSON.parse(list.body.toString()).certificates.map((c: { serial: string }) => c.serial),
  );
  const seeds = await protocolSeeds(server.url, [...ownerSerials]);
  let counter = 0;
  const ctx: RouteContext = {
    client,
    server,
    adminToken: admin,
    ownerKey: server.demoApiKey,
    otherKey,
    ownerSerials,
    otherSerials: new Set([JSON.parse(otherCert.body.toString()).serial, ownSerials.other]),
    ownerOwnKey: createPrivateKey(readFileSync(join(own, 'demo.key'))),
    // An OCSPRequest about demo's first certificate, a SHA-256 TimeStampReq asking for the cert.
    ocspRequest: seeds.ocsp[0] ?? Buffer.alloc(0),
    tsaQuery: seeds.tsa[0] ?? Buffer.alloc(0),
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
    signDigest: async (digest, level) => {
      const a = await client.json(
        'POST',
        `/api/v1/sign/digest?level=${level}`,
        { digestAlgorithm: 'sha256', digest },
        server.demoApiKey,
      );
      expect(a.status).toBe(201);
      return JSON.parse(a.body.toString());
    },
    prepare: async () => {
      const a = await client.json(
        'POST',
        '/api/v1/sign/prepare?level=B-B',
        {
          digestAlgorithm: 'sha256',
          digest: createHash('sha256')
            .update(`p${(counter += 1)}`)
            .digest('hex'),
        },
        server.demoApiKey,
      );
      expect(a.status).toBe(201);
      return JSON.parse(a.body.toString());
    },
    freshDocument: async () => {
      const digest = createHash('sha256')
        .update(`d${(counter += 1)}`)
        .digest('hex');
      const doc = await ctx.signDigest(digest, 'B-B');
      return { id: doc.id ?? '', code: doc.verificationCode ?? '' };
    },
  };
  return ctx;
}

/** The token of each caller: none, a well-formed unknown one, the admin's, or a department's. */
export type Credential = 'none' | 'wrong' | 'admin' | 'owner' | 'other';

export function tokenOf(ctx: RouteContext, credential: Credential): string | undefined {
  return {
    none: undefined,
    wrong: `signet_adm_${'W'.repeat(43)}`,
    admin: ctx.adminToken,
    owner: ctx.ownerKey,
    other: ctx.otherKey,
  }[credential];
}

/** Sends a call with a caller's token. */
export function send(ctx: RouteContext, call: Call, token: string | undefined): Promise<Answer> {
  return ctx.client.request(call.method, call.path, {
    headers: { ...call.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: call.body,
  });
}
