/**
 * The answer for every kind of failure (issue 15 item 4), through the real server (bin/start.js):
 * one representative request per kind the admin, sign and verify areas can give, with the kind's
 * status and the code of the error that decided it. Verification is public and never writes, so
 * it has no unauthorized, forbidden, conflict or unavailable answer: with the database removed it
 * still answers (checked last). Faults are made behind the server's back: a table renamed by
 * another connection, a key file it has not read yet corrupted; the database is removed last,
 * for the unavailable answers.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ERROR_KINDS, type ErrorKind } from '../../src/core/errors';
import { signetJson } from '../helpers/cli';
import { startServer, type RunningServer } from '../helpers/server';

jest.setTimeout(120_000);

const PASSPHRASE = 'error-kinds passphrase';
const SERVER_FAULT = 'The server could not complete the request; it has been logged.';

type Area = 'admin' | 'sign' | 'verify';
interface Answer {
  status: number;
  code: string;
  message: string;
}

let server: RunningServer;
const seen = new Map<Area, Set<ErrorKind>>();

async function call(
  path: string,
  init: { method?: string; token?: string; json?: unknown; body?: Uint8Array; type?: string },
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  if (init.type) headers['content-type'] = init.type;
  const res = await fetch(`${server.url}${path}`, {
    method: init.method ?? (init.json === undefined && !init.body ? 'GET' : 'POST'),
    headers,
    body: init.json === undefined ? init.body : JSON.stringify(init.json),
  });
  const body = (await res.json()) as { error?: { code: string; message: string } };
  return { status: res.status, code: body.error?.code ?? '', message: body.error?.message ?? '' };
}

/** Checks one answer and notes that the area's kind was seen. */
function expectKind(area: Area, kind: ErrorKind, answer: Answer, status: number, code: string) {
  expect({ status: answer.status, code: answer.code }).toEqual({ status, code });
  if (kind === 'fault') expect(answer.message).toBe(SERVER_FAULT);
  const kinds = seen.get(area) ?? new Set<ErrorKind>();
  seen.set(area, kinds.add(kind));
}

const digestBody = (text: string) => ({
  digestAlgorithm: 'sha256',
  digest: createHash('sha256').update(text).digest('hex'),
});

/** Overwrites the middle of a key's file: its authentication then fails (KEY_CORRUPTED). */
function corruptKey(keyId: string): void {
  const file = join(server.dataDir, 'keys', `${keyId}.key`);
  const bytes = readFileSync(file);
  bytes[Math.floor(bytes.length / 2)] ^= 0xff;
  writeFileSync(file, bytes);
}

/** The key of a department's newest certificate. */
function departmentKeyId(department: string): string {
  const db = new Database(join(server.dataDir, 'signet.db'), { readonly: true });
  try {
    const row = db
      .prepare(
        'SELECT key_id FROM certificates WHERE department_id = ? ORDER BY created_at DESC LIMIT 1',
      )
      .get(department) as { key_id: string };
    return row.key_id;
  } finally {
    db.close();
  }
}

/** Waits (up to 5 s) for the server's log to show `pattern`: pino writes asynchronously. */
async function logged(pattern: RegExp): Promise<void> {
  for (let i = 0; i < 100 && !pattern.test(server.logs()); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(server.logs()).toMatch(pattern);
}

/** A change to the database behind the server's back, by another connection. */
function alterDatabase(sql: string): void {
  const db = new Database(join(server.dataDir, 'signet.db'));
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

describe('errors answer by kind through the real server', () => {
  let faultyKey: string;
  let disabledKey: string;

  beforeAll(async () => {
    server = await startServer({
      SIGNET_KEY_PASSPHRASE: PASSPHRASE,
      SIGNET_MAX_DOCUMENT_BYTES: '64KiB',
    });
    // Made by the CLI, another process: the server has not read these departments' keys.
    const cli = (args: string[]) =>
      signetJson<{ apiKey: string }>([...args, '--data-dir', server.dataDir], {
        SIGNET_KEY_PASSPHRASE: PASSPHRASE,
      });
    faultyKey = cli(['department', 'add', 'faulty', '--name', 'Faulty Bureau']).apiKey;
    cli(['cert', 'issue', '--department', 'faulty']);
    disabledKey = cli(['department', 'add', 'closed', '--name', 'Closed Bureau']).apiKey;
    cli(['department', 'disable', 'closed']);
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe('admin', () => {
    const admin = () => server.adminToken;

    it('invalid: a department id that cannot be one is 400', async () => {
      const r = await call('/api/v1/departments', {
        token: admin(),
        json: { id: 'Bad Id!', name: 'x' },
      });
      expectKind('admin', 'invalid', r, 400, 'INVALID_DEPARTMENT_ID');
    });

    it('unauthorized: no token is 401', async () => {
      expectKind(
        'admin',
        'unauthorized',
        await call('/api/v1/departments', {}),
        401,
        'UNAUTHORIZED',
      );
    });

    it('forbidden: a department key is 403', async () => {
      const r = await call('/api/v1/departments', { token: server.demoApiKey });
      expectKind('admin', 'forbidden', r, 403, 'FORBIDDEN');
    });

    it('not_found: an unknown serial is 404', async () => {
      const r = await call('/api/v1/certificates/ABCDEF', { token: admin() });
      expectKind('admin', 'not_found', r, 404, 'UNKNOWN_CERTIFICATE');
    });

    it('conflict: a department that exists is 409', async () => {
      const r = await call('/api/v1/departments', {
        token: admin(),
        json: { id: 'demo', name: 'Again' },
      });
      expectKind('admin', 'conflict', r, 409, 'DEPARTMENT_EXISTS');
    });

    it('too_large: a body over 1 MiB is 413', async () => {
      const r = await call('/api/v1/departments', {
        token: admin(),
        json: { id: 'big', name: 'y'.repeat(1_100_000) },
      });
      expectKind('admin', 'too_large', r, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('fault: adding a department while the audit table is damaged is 500 without internals, and undone', async () => {
      const add = () =>
        call('/api/v1/departments', { token: admin(), json: { id: 'halted', name: 'Halted' } });
      alterDatabase('ALTER TABLE audit_log RENAME TO audit_log_damaged');
      try {
        expectKind('admin', 'fault', await add(), 500, 'INTERNAL_ERROR');
      } finally {
        alterDatabase('ALTER TABLE audit_log_damaged RENAME TO audit_log');
      }
      await logged(/"code":"STORE_FAILED"/);
      // The write and its audit entry are one transaction: nothing of it stayed.
      const list = await fetch(`${server.url}/api/v1/departments`, {
        headers: { authorization: `Bearer ${admin()}` },
      });
      expect(JSON.stringify(await list.json())).not.toContain('halted');
      expect((await add()).status).toBe(201);
    });
  });

  describe('sign', () => {
    it('invalid: a digest of the wrong length is 400', async () => {
      const r = await call('/api/v1/sign/digest?level=B-B', {
        token: server.demoApiKey,
        json: { digestAlgorithm: 'sha256', digest: 'abcd' },
      });
      expectKind('sign', 'invalid', r, 400, 'INVALID_DIGEST');
    });

    it('unauthorized: no token is 401', async () => {
      const r = await call('/api/v1/sign/digest?level=B-B', { json: digestBody('a') });
      expectKind('sign', 'unauthorized', r, 401, 'UNAUTHORIZED');
    });

    it('forbidden: a disabled department is 403', async () => {
      const r = await call('/api/v1/sign/digest?level=B-B', {
        token: disabledKey,
        json: digestBody('b'),
      });
      expectKind('sign', 'forbidden', r, 403, 'DEPARTMENT_DISABLED');
    });

    it('not_found: rescinding an unknown document is 404', async () => {
      const r = await call('/api/v1/documents/no-such-document/rescind', {
        token: server.demoApiKey,
        json: { reason: 'issued in error' },
      });
      expectKind('sign', 'not_found', r, 404, 'UNKNOWN_DOCUMENT');
    });

    it('conflict: rescinding twice is 409', async () => {
      const res = await fetch(`${server.url}/api/v1/sign/digest?level=B-B`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${server.demoApiKey}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(digestBody('c')),
      });
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: string };
      const rescind = () =>
        call(`/api/v1/documents/${id}/rescind`, {
          token: server.demoApiKey,
          json: { reason: 'issued in error' },
        });
      expect((await rescind()).status).toBe(200);
      expectKind('sign', 'conflict', await rescind(), 409, 'ALREADY_RESCINDED');
    });

    it('too_large: a document over SIGNET_MAX_DOCUMENT_BYTES is 413', async () => {
      const r = await call('/api/v1/sign?format=cades&level=B-B', {
        token: server.demoApiKey,
        body: new Uint8Array(65 * 1024),
        type: 'application/octet-stream',
      });
      expectKind('sign', 'too_large', r, 413, 'DOCUMENT_TOO_LARGE');
    });

    it('fault: a department key that fails authentication is 500 without internals', async () => {
      corruptKey(departmentKeyId('faulty'));
      const r = await call('/api/v1/sign/digest?level=B-B', {
        token: faultyKey,
        json: digestBody('d'),
      });
      expectKind('sign', 'fault', r, 500, 'INTERNAL_ERROR');
      await logged(/"code":"KEY_CORRUPTED"/);
    });
  });

  describe('verify', () => {
    it('invalid: nothing to verify is 400', async () => {
      const r = await call('/api/v1/verify', { json: {} });
      expectKind('verify', 'invalid', r, 400, 'NOTHING_TO_VERIFY');
    });

    it('not_found: an unknown verification code is 404', async () => {
      const r = await call('/api/v1/documents/AAAA-AAAA-AAAA-AAAA', {});
      expectKind('verify', 'not_found', r, 404, 'UNKNOWN_DOCUMENT');
    });

    it('too_large: a signature over 1 MiB is 413', async () => {
      const form = new FormData();
      form.append('signature', new Blob([new Uint8Array(1024 * 1024 + 1)]), 'big.p7s');
      const res = await fetch(`${server.url}/api/v1/verify`, { method: 'POST', body: form });
      const body = (await res.json()) as { error: { code: string; message: string } };
      expectKind(
        'verify',
        'too_large',
        { status: res.status, ...body.error },
        413,
        'SIGNATURE_TOO_LARGE',
      );
    });
  });

  describe('with the database removed', () => {
    beforeAll(() => rmSync(join(server.dataDir, 'signet.db')));

    it('admin unavailable: a write is 503', async () => {
      const r = await call('/api/v1/departments', {
        token: server.adminToken,
        json: { id: 'later', name: 'Later Bureau' },
      });
      expectKind('admin', 'unavailable', r, 503, 'STORE_UNAVAILABLE');
    });

    it('sign unavailable: a signature is 503', async () => {
      const r = await call('/api/v1/sign/digest?level=B-B', {
        token: server.demoApiKey,
        json: digestBody('e'),
      });
      expectKind('sign', 'unavailable', r, 503, 'STORE_UNAVAILABLE');
    });

    it('verify still answers: it only reads', async () => {
      const res = await fetch(`${server.url}/api/v1/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ digest: { algorithm: 'sha256', value: digestBody('f').digest } }),
      });
      expect(res.status).toBe(200);
    });
  });

  it('saw every kind in admin and sign, and the three verification can give', () => {
    expect([...(seen.get('admin') ?? [])].sort()).toEqual([...ERROR_KINDS].sort());
    expect([...(seen.get('sign') ?? [])].sort()).toEqual([...ERROR_KINDS].sort());
    expect([...(seen.get('verify') ?? [])].sort()).toEqual(['invalid', 'not_found', 'too_large']);
  });
});
