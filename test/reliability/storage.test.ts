/**
 * Storage that cannot vanish silently (issue 14): SQLite keeps writing into a database file that was
 * deleted or replaced under it, so without a check a removed `signet.db` would take acknowledged
 * signatures with it, and a restart would make a new development CA beside the old keys. The real
 * server (dist/) is started in a child process; its database file is removed or replaced under it.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/openssl';
import { startServer, type RunningServer } from '../helpers/server';

jest.setTimeout(120_000);

const START = join(__dirname, '..', '..', 'bin', 'start.js');

/** Starts bin/start.js to its end (it must refuse): exit code and the non-empty stderr lines. */
function refusedStart(env: NodeJS.ProcessEnv): { status: number | null; lines: string[] } {
  const r = spawnSync(process.execPath, [START], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, lines: r.stderr.split('\n').filter((l) => l.trim() !== '') };
}

async function call(server: RunningServer, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${server.demoApiKey}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, any>) : {} };
}

const digestRequest = () => ({
  digestAlgorithm: 'sha256',
  digest: createHash('sha256').update(`document ${Math.random()}`).digest('hex'),
});

describe('a database file that disappears under the running server', () => {
  let server: RunningServer;
  afterEach(async () => {
    await server?.stop('SIGKILL');
  });

  it('removed: /readyz and the next write answer 503 at once; a restart refuses to bootstrap', async () => {
    server = await startServer();
    expect((await call(server, 'GET', '/readyz')).status).toBe(200);
    expect(
      (await call(server, 'POST', '/api/v1/sign/digest?level=B-B', digestRequest())).status,
    ).toBe(201);

    rmSync(join(server.dataDir, 'signet.db'));

    const ready = await call(server, 'GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.json.error.code).toBe('NOT_READY');
    const signed = await call(server, 'POST', '/api/v1/sign/digest?level=B-B', digestRequest());
    expect(signed.status).toBe(503);
    expect(signed.json.error.code).toBe('STORE_UNAVAILABLE');
    // Reads of the open file still answer (the public health check is about the process).
    expect((await call(server, 'GET', '/healthz')).status).toBe(200);

    await server.stop('SIGTERM');
    const keysBefore = readdirSync(join(server.dataDir, 'keys')).sort();
    const restart = refusedStart({ SIGNET_DATA_DIR: server.dataDir });
    expect(restart.status).not.toBe(0);
    expect(restart.lines).toHaveLength(1);
    expect(restart.lines[0]).toMatch(/holds no certificate authority.*signet init/);
    // Nothing was set up beside the old keys: no new database, no new key, no new token.
    expect(existsSync(join(server.dataDir, 'signet.db'))).toBe(false);
    expect(readdirSync(join(server.dataDir, 'keys')).sort()).toEqual(keysBefore);
  });

  it('replaced by another file: writes answer 503, nothing acknowledged goes astray', async () => {
    server = await startServer();
    const db = join(server.dataDir, 'signet.db');
    const copy = join(server.dataDir, 'copy.db');
    copyFileSync(db, copy);
    renameSync(copy, db);

    expect((await call(server, 'GET', '/readyz')).status).toBe(503);
    const signed = await call(server, 'POST', '/api/v1/sign/digest?level=B-B', digestRequest());
    expect(signed.status).toBe(503);
    expect(signed.json.error.code).toBe('STORE_UNAVAILABLE');
  });
});

describe('the development bootstrap', () => {
  it('does not run with SIGNET_KEY_PASSPHRASE set: one sentence naming signet init, nothing written', () => {
    const dataDir = tempDir('signet-no-bootstrap-');
    const r = refusedStart({
      SIGNET_DATA_DIR: dataDir,
      SIGNET_KEY_PASSPHRASE: 'a-production-passphrase',
      NODE_ENV: 'production',
    });
    expect(r.status).not.toBe(0);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/SIGNET_KEY_PASSPHRASE.*signet init/);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('runs on a new data directory with the development passphrase', async () => {
    const server = await startServer();
    try {
      expect(server.adminToken).toMatch(/^signet_adm_/);
      expect((await call(server, 'GET', '/readyz')).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
