/**
 * The authorization matrix: every operation of the route table, called against the real server
 * with no token, a wrong token, the admin token, the department key of the resource's owner and
 * another department's key. The expected statuses follow from the operation's security in the
 * table: public routes ignore tokens, admin routes answer 401 without a valid token and 403 to a
 * department, department routes 403 to the admin. The only decisions written here are what
 * another department gets on a department route. Every answer must also be one the OpenAPI
 * document describes.
 */
import type { Operation, OperationKey } from '../../src/http/route-table';
import { OPERATIONS } from '../../src/http/route-table';
import { openApiDocument } from '../../src/http/openapi';
import { OpenApiAnswers, type OpenApiDocument } from '../helpers/openapi-answers';
import { startServer, type RunningServer } from '../helpers/server';
import { Client, type Answer } from './harness';
import {
  ROUTE_CALLS,
  routeContext,
  send,
  tokenOf,
  type Credential,
  type RouteContext,
} from './route-calls';

const CREDENTIALS: Credential[] = ['none', 'wrong', 'admin', 'owner', 'other'];

/** A signature must come from the calling department's own certificate. */
function signedByCaller(answer: Answer, credential: Credential, ctx: RouteContext): void {
  const serial = JSON.parse(answer.body.toString()).certificateSerial;
  const own = credential === 'owner' ? ctx.ownerSerials : ctx.otherSerials;
  expect({ credential, serial, own: own.has(serial) }).toEqual({ credential, serial, own: true });
}

/**
 * What another department's key gets on a department route, where it is not the key's own
 * success: another department's document or prepared handle is "unknown" to it (404), not
 * "forbidden": ids stay private. Signing with another key signs too, for that department: the key fixes the department.
 */
const OTHER_DEPARTMENT: Partial<Record<OperationKey, number>> = {
  'post /api/v1/documents/{id}/rescind': 404,
  // The owner's prepared handle is not another department's to complete.
  'post /api/v1/sign/complete': 404,
  // The owner's signature is not another department's to renew (archive-owner.ts).
  'post /api/v1/archive/renew': 404,
};
const CHECK_SIGNER: Partial<Record<OperationKey, typeof signedByCaller>> = {
  'post /api/v1/sign': signedByCaller,
  'post /api/v1/sign/digest': signedByCaller,
  'post /api/v1/sign/prepare': signedByCaller,
  'post /api/v1/sign/complete': signedByCaller,
};

/** The status each caller gets, from the operation's security in the route table. */
function expected(op: Operation): Record<Credential, number> {
  const ok = Number(Object.keys(op.answers).find((status) => Number(status) < 300));
  switch (op.security) {
    case 'public':
      return { none: ok, wrong: ok, admin: ok, owner: ok, other: ok };
    case 'admin':
    case 'metrics':
      return { none: 401, wrong: 401, admin: ok, owner: 403, other: 403 };
    case 'department':
      return {
        none: 401,
        wrong: 401,
        admin: 403,
        owner: ok,
        other: OTHER_DEPARTMENT[op.key] ?? ok,
      };
  }
}

describe('authorization matrix', () => {
  let ctx: RouteContext;
  let server: RunningServer;
  const scrapeToken = `scrape-${'s'.repeat(40)}`;
  const openApi = new OpenApiAnswers(openApiDocument() as unknown as OpenApiDocument);

  beforeAll(async () => {
    server = await startServer({
      SIGNET_RATE_LIMIT_PER_MINUTE: '0',
      SIGNET_METRICS_TOKEN: scrapeToken,
    });
    ctx = await routeContext(server, new Client(server.url, 4));
  });

  afterAll(async () => {
    ctx?.client.close();
    await server?.stop();
  });

  it('derives its expectations from a table whose security names the two-token split', () => {
    // A negative control of expected(): were the table to make /api/v1/departments public, the
    // matrix would expect 201 without a token, and the server's 401 would fail the next test.
    const admin = OPERATIONS.find((op) => op.key === 'post /api/v1/departments');
    expect(admin && expected(admin)).toEqual({
      none: 401,
      wrong: 401,
      admin: 201,
      owner: 403,
      other: 403,
    });
    expect(admin && expected({ ...admin, security: 'public' }).none).toBe(201);
  });

  it('answers every route of the table as its security says, for each of the five callers', async () => {
    const mismatches: string[] = [];
    let calls = 0;
    for (const op of OPERATIONS) {
      const route = ROUTE_CALLS[op.key];
      const want = expected(op);
      for (const credential of CREDENTIALS) {
        const call = await route.call(ctx);
        const answer = await send(ctx, call, tokenOf(ctx, credential));
        calls += 1;
        const problem = openApi.problem(op.method, op.path, answer);
        if (answer.status !== want[credential]) {
          mismatches.push(
            `${op.key} as ${credential}: ${answer.status} (${answer.body.toString().slice(0, 120)}), expected ${want[credential]}`,
          );
        } else if (problem) {
          mismatches.push(`${op.key} as ${credential}: ${problem}`);
        } else if (answer.status < 300) {
          CHECK_SIGNER[op.key]?.(answer, credential, ctx);
          route.after?.(answer, ctx);
        }
      }
    }
    console.log(
      `authorization matrix: ${OPERATIONS.length} routes x ${CREDENTIALS.length} callers = ${calls} calls, ` +
        `${mismatches.length} mismatches`,
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
