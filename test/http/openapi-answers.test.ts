/**
 * Every route of the route table is called through the real server with a valid request (and the
 * variants that give its other answers: a signed PDF, a PDF's report, a revoked certificate, a
 * report in Chinese...), and every answer is judged by the OpenAPI document the server itself
 * serves: a documented status, a documented media type, and for JSON a body valid under the
 * generated JSON Schema (ajv). Every success media type of the document must have been seen.
 */
import { createHash, sign } from 'node:crypto';
import { OPERATIONS, type Operation, type OperationKey } from '../../src/http/route-table';
import { OpenApiAnswers, type OpenApiDocument } from '../helpers/openapi-answers';
import { samplePdf } from '../helpers/sample-pdf';
import { startServer, type RunningServer } from '../helpers/server';
import { Client, formPart, type Answer } from '../reliability/harness';
import {
  jsonCall,
  ROUTE_CALLS,
  routeContext,
  send,
  tokenOf,
  type Call,
  type Credential,
  type RouteContext,
} from '../reliability/route-calls';

/** The caller a route is for. */
const CALLER: Record<Operation['security'], Credential> = {
  public: 'none',
  admin: 'admin',
  metrics: 'admin',
  department: 'owner',
};

const pades = (pdf: Buffer, query = 'level=B-T'): Call => ({
  method: 'POST',
  path: `/api/v1/sign?format=pades&${query}`,
  headers: { 'content-type': 'application/pdf' },
  body: pdf,
});

/** The calls beyond each route's valid one: its other answers, successes and refusals. */
async function variants(ctx: RouteContext): Promise<[OperationKey, Call][]> {
  const pdf = await samplePdf();
  const signedPdf = await send(ctx, pades(pdf, 'level=B-LT'), ctx.ownerKey);
  expect(signedPdf.status).toBe(201);
  const digest = createHash('sha256').update('answers').digest('hex');
  const bt = await ctx.signDigest(digest, 'B-T');
  const othersSignature = await ctx.client.json(
    'POST',
    '/api/v1/sign/digest?level=B-T',
    { digestAlgorithm: 'sha256', digest },
    ctx.otherKey,
  );
  expect(othersSignature.status).toBe(201);
  const rescinded = await ctx.freshDocument();
  const rescind = await ctx.client.json(
    'POST',
    `/api/v1/documents/${rescinded.id}/rescind`,
    { reason: 'Issued in error.' },
    ctx.ownerKey,
  );
  expect(rescind.status).toBe(200);
  const revoked = await ctx.freshCertificate();
  const revoke = await ctx.client.json(
    'POST',
    `/api/v1/certificates/${revoked}/revoke`,
    { reason: 'keyCompromise' },
    ctx.adminToken,
  );
  expect(revoke.status).toBe(200);
  const get = (path: string): Call => ({ method: 'GET', path });
  const complete = (handle: string, signatureValue: string): Call => ({
    method: 'POST',
    path: '/api/v1/sign/complete',
    ...jsonCall({ handle, signatureValue }),
  });
  const unsigned = await ctx.prepare();
  return [
    // Two-phase refusals: a revoked custodial certificate, no such handle, a value over other bytes.
    [
      'post /api/v1/sign/prepare',
      {
        method: 'POST',
        path: '/api/v1/sign/prepare',
        ...jsonCall({ digestAlgorithm: 'sha256', digest, certificate: revoked }),
      },
    ],
    ['post /api/v1/sign/complete', complete('0'.repeat(32), 'AAAA')],
    [
      'post /api/v1/sign/complete',
      complete(
        unsigned.handle,
        sign('sha256', Buffer.from('other bytes'), ctx.ownerOwnKey).toString('base64'),
      ),
    ],
    // Archive renewal of a signed PDF (DSS and a document time-stamp), a B-B CMS (not B-T: 400), text.
    [
      'post /api/v1/archive/renew',
      {
        method: 'POST',
        path: '/api/v1/archive/renew',
        headers: { 'content-type': 'application/pdf' },
        body: signedPdf.body,
      },
    ],
    [
      'post /api/v1/archive/renew',
      {
        method: 'POST',
        path: '/api/v1/archive/renew',
        headers: { 'content-type': 'application/pkcs7-signature' },
        body: Buffer.from((await ctx.signDigest(digest, 'B-B')).signature ?? '', 'base64'),
      },
    ],
    ['post /api/v1/archive/renew', { method: 'POST', path: '/api/v1/archive/renew', body: 'text' }],
    // Another department's signature: unknown to the caller (404).
    [
      'post /api/v1/archive/renew',
      {
        method: 'POST',
        path: '/api/v1/archive/renew',
        headers: { 'content-type': 'application/pkcs7-signature' },
        body: Buffer.from(JSON.parse(othersSignature.body.toString()).signature, 'base64'),
      },
    ],
    // A key identifier of no issuing CA of this root.
    ['get /ca/issuing/{keyId}.crt', { method: 'GET', path: '/ca/issuing/00.crt' }],
    ['get /crl/issuing/{keyId}.crl', { method: 'GET', path: '/crl/issuing/00.crl' }],
    ['post /api/v1/sign', pades(pdf)],
    ['post /api/v1/sign', pades(pdf, 'level=B-B&seal=1&sealX=50&sealY=50&name=notice.pdf')],
    ['post /api/v1/sign', { ...pades(pdf), headers: { 'content-type': 'text/plain' } }],
    ['post /api/v1/sign', { ...pades(pdf), path: '/api/v1/sign?format=pdf' }],
    [
      'post /api/v1/verify',
      {
        method: 'POST',
        path: '/api/v1/verify?lang=zh-CN',
        headers: { 'content-type': 'multipart/form-data; boundary=answers' },
        body: Buffer.concat([
          formPart('answers', 'document', 'signed.pdf', signedPdf.body),
          Buffer.from('--answers--\r\n'),
        ]),
      },
    ],
    [
      'post /api/v1/verify',
      {
        method: 'POST',
        path: '/api/v1/verify?receipt=1',
        ...jsonCall({
          digest: { algorithm: 'sha256', value: digest },
          signature: bt.signature,
        }),
      },
    ],
    ['post /api/v1/verify', { method: 'POST', path: '/api/v1/verify', ...jsonCall({}) }],
    ['post /api/v1/verify', { method: 'POST', path: '/api/v1/verify', body: 'text' }],
    ['get /api/v1/documents/{code}', get(`/api/v1/documents/${rescinded.code}?lang=zh-CN`)],
    ['get /api/v1/documents/{code}', get('/api/v1/documents/ABCD-EFGH-JKMN')],
    ['get /api/v1/documents/{code}', get(`/api/v1/documents/${rescinded.code}?lang=fr`)],
    ['get /api/v1/certificates/{serial}', get(`/api/v1/certificates/${revoked}`)],
    ['get /api/v1/certificates/{serial}', get('/api/v1/certificates/00')],
    ['get /api/v1/certificates', get('/api/v1/certificates?status=revoked')],
    ['get /api/v1/certificates', get('/api/v1/certificates?status=lost')],
    [
      'post /api/v1/departments',
      { method: 'POST', path: '/api/v1/departments', ...jsonCall({ id: 'other', name: 'Again' }) },
    ],
    ['post /tsa', { method: 'POST', path: '/tsa', headers: { 'content-type': 'text/plain' } }],
    ...['app.js', 'worker.js', 'i18n-zh-CN.json', 'favicon.svg'].map(
      (file): [OperationKey, Call] => ['get /verify/assets/{file}', get(`/verify/assets/${file}`)],
    ),
    ['get /verify/assets/{file}', get('/verify/assets/index.html')],
  ];
}

describe('answers of every route, judged by GET /api/openapi.json', () => {
  let server: RunningServer;
  let ctx: RouteContext;
  let openApi: OpenApiAnswers;
  let served: OpenApiDocument;

  beforeAll(async () => {
    server = await startServer({ SIGNET_RATE_LIMIT_PER_MINUTE: '0' });
    ctx = await routeContext(server, new Client(server.url, 4));
    const doc = await ctx.client.request('GET', '/api/openapi.json');
    served = JSON.parse(doc.body.toString()) as OpenApiDocument;
    openApi = new OpenApiAnswers(served);
  });

  afterAll(async () => {
    ctx?.client.close();
    await server?.stop();
  });

  it('conform for a valid request of every route and for the variants of its other answers', async () => {
    const calls: [Operation, Call][] = [];
    for (const op of OPERATIONS) calls.push([op, await ROUTE_CALLS[op.key].call(ctx)]);
    for (const [key, call] of await variants(ctx)) {
      const op = OPERATIONS.find((o) => o.key === key);
      if (op) calls.push([op, call]);
    }
    const problems: string[] = [];
    const seen = new Set<string>();
    const statuses: string[] = [];
    for (const [op, call] of calls) {
      const answer: Answer = await send(ctx, call, tokenOf(ctx, CALLER[op.security]));
      const type = String(answer.headers['content-type'] ?? '').split(';')[0];
      seen.add(`${op.key} ${answer.status} ${type}`);
      statuses.push(`${answer.status}`);
      const problem = openApi.problem(op.method, op.path, answer);
      if (problem) problems.push(`${call.method} ${call.path}: ${problem}`);
      if (answer.status < 300) ROUTE_CALLS[op.key].after?.(answer, ctx);
    }
    // Each success the document promises (status and media type) was given at least once.
    const unseen = OPERATIONS.flatMap((op) =>
      Object.entries(op.answers)
        .filter(([status]) => Number(status) < 300)
        .flatMap(([status, content]) =>
          Object.keys(content).map((type) => `${op.key} ${status} ${type}`),
        ),
    ).filter((answer) => !seen.has(answer));
    console.log(
      `OpenAPI answers: ${calls.length} calls over ${OPERATIONS.length} routes, statuses ` +
        `${[...new Set(statuses)].sort().join(', ')}; ${problems.length} not as documented; ` +
        `success answers never seen: ${unseen.join(', ') || 'none'}`,
    );
    expect(problems).toEqual([]);
    expect(unseen).toEqual([]);
  });

  describe('the judge', () => {
    const answer = (status: number, type: string, body: unknown): Answer => ({
      status,
      headers: { 'content-type': type },
      body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
      ms: 0,
    });
    const department = {
      id: 'finance',
      name: 'Finance Bureau',
      createdAt: '2026-01-01T00:00:00.000Z',
    };

    it('accepts a conforming answer', () => {
      expect(
        openApi.problem(
          'post',
          '/api/v1/departments',
          answer(201, 'application/json', {
            ...department,
            apiKey: 'k',
          }),
        ),
      ).toBeUndefined();
    });

    it('refuses an undeclared member (a leaked key), a missing one, a wrong type or status', () => {
      const post = (a: Answer) => openApi.problem('post', '/api/v1/departments', a);
      expect(
        post(answer(201, 'application/json', { ...department, apiKey: 'k', privateKey: 'x' })),
      ).toMatch(/additional properties/);
      expect(post(answer(201, 'application/json', department))).toMatch(/apiKey/);
      expect(post(answer(201, 'text/html', '<p>'))).toMatch(/text\/html/);
      expect(post(answer(500, 'application/json', {}))).toMatch(/undocumented status 500/);
      expect(
        openApi.problem('get', '/healthz', answer(200, 'application/json', { status: 'fine' })),
      ).toMatch(/not valid/);
    });
  });
});
