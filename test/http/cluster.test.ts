/**
 * SIGNET_WORKERS=2 (issue 16 "Both cores", done-when 2): two server processes share the port and
 * the database. Each answer names its worker (X-Signet-Worker), so the test holds one keep-alive
 * connection to each worker: a revocation made through one is `revoked` in the other's OCSP
 * answer at once, checked by `openssl ocsp -respin`; writes from both at once keep one audit chain
 * (`signet audit verify`); /metrics sums both workers; SIGTERM stops the primary and both workers with exit code 0.
 */
import http from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signet } from '../helpers/cli';
import { mustOpenssl, openssl, tempDir } from '../helpers/openssl';
import { fetchCaFiles } from '../helpers/pki-files';
import { startServer, type RunningServer } from '../helpers/server';
import { Client, type Answer } from '../reliability/harness';

/** A client whose single keep-alive connection landed on a worker, and that worker's id. */
interface Pinned {
  client: Client;
  worker: string;
}

async function pinned(url: string): Promise<Pinned> {
  const client = new Client(url, 1);
  const answer = await client.request('GET', '/healthz');
  const worker = answer.headers['x-signet-worker'];
  if (typeof worker !== 'string') throw new Error('no X-Signet-Worker header');
  return { client, worker };
}

/** Connections until one lands on a worker other than `other`'s (the primary deals them out). */
async function pinnedElsewhere(url: string, other: string): Promise<Pinned> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const p = await pinned(url);
    if (p.worker !== other) return p;
    p.client.close();
  }
  throw new Error('every connection landed on the same worker');
}

describe('two server processes (SIGNET_WORKERS=2)', () => {
  let server: RunningServer;
  let files: string;
  let a: Pinned;
  let b: Pinned;
  const f = (name: string): string => join(files, name);

  beforeAll(async () => {
    server = await startServer({ SIGNET_WORKERS: '2' });
    files = tempDir('signet-cluster-');
    await fetchCaFiles(server.url, files);
    a = await pinned(server.url);
    b = await pinnedElsewhere(server.url, a.worker);
  });
  afterAll(async () => {
    a?.client.close();
    b?.client.close();
    if (server?.process.exitCode === null) await server.stop('SIGKILL');
  });

  const issue = async (via: Pinned): Promise<{ serial: string; certificate: string }> => {
    const answer = await via.client.json(
      'POST',
      '/api/v1/certificates',
      { department: 'demo' },
      server.adminToken,
    );
    expect(answer.status).toBe(201);
    expect(answer.headers['x-signet-worker']).toBe(via.worker);
    return JSON.parse(answer.body.toString()) as { serial: string; certificate: string };
  };

  /** An OCSP request for dept.pem made by OpenSSL, POSTed through `via`; OpenSSL reads the answer. */
  const ocspVia = async (via: Pinned): Promise<string> => {
    const request = f('req.der');
    const about = ['-issuer', f('issuing.pem'), '-cert', f('dept.pem')];
    mustOpenssl(['ocsp', ...about, '-no_nonce', '-reqout', request]);
    const answer: Answer = await via.client.request('POST', '/ocsp', {
      headers: { 'content-type': 'application/ocsp-request' },
      body: readFileSync(request),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['x-signet-worker']).toBe(via.worker);
    writeFileSync(f('resp.der'), answer.body);
    const read = openssl(['ocsp', '-respin', f('resp.der'), ...about, '-CAfile', f('root.pem')]);
    expect(read.stdout + read.stderr).toContain('Response verify OK');
    return read.stdout;
  };

  it('answers on two workers', () => {
    expect(a.worker).not.toBe(b.worker);
  });

  it("shows a revocation made through one worker as revoked in the other's OCSP at once", async () => {
    const cert = await issue(a);
    writeFileSync(f('dept.pem'), cert.certificate);
    // The other worker answers (and caches a pre-signed response) while the certificate is good.
    expect(await ocspVia(b)).toContain('dept.pem: good');
    expect(await ocspVia(b)).toContain('dept.pem: good');

    const revoked = await a.client.json(
      'POST',
      `/api/v1/certificates/${cert.serial}/revoke`,
      { reason: 'keyCompromise' },
      server.adminToken,
    );
    expect(revoked.status).toBe(200);
    expect(revoked.headers['x-signet-worker']).toBe(a.worker);

    const after = await ocspVia(b);
    expect(after).toContain('dept.pem: revoked');
    expect(after).toContain('Reason: keyCompromise');
  });

  it('answers /metrics in either worker with the sum over both', async () => {
    expect(await ocspVia(a)).toContain('dept.pem: revoked'); // the fourth OCSP answer, through a
    for (const via of [a, b]) {
      const answer = await via.client.request('GET', '/metrics', {
        headers: { authorization: `Bearer ${server.adminToken}` },
      });
      expect(answer.status).toBe(200);
      expect(answer.body.toString()).toMatch(
        /^signet_ocsp_responses_total\{status="successful"\} 4$/m,
      );
    }
  });

  it('keeps one audit chain while both workers write at once', async () => {
    await Promise.all(Array.from({ length: 6 }, (_, i) => issue(i % 2 ? a : b)));
    const verified = signet(['audit', 'verify', '--data-dir', server.dataDir, '--json']);
    expect(verified.status).toBe(0);
  });

  it('counts an address against one budget across the workers', async () => {
    const limited = await startServer({
      SIGNET_WORKERS: '2',
      SIGNET_PKI_RATE_LIMIT_PER_MINUTE: '6',
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 10; i += 1) {
        // A new connection each time, so that the requests are spread over both workers.
        const status = await new Promise<number>((resolve, reject) => {
          const req = http.request(
            `${limited.url}/tsa`,
            { method: 'POST', agent: false },
            (res) => {
              res.resume();
              res.on('end', () => resolve(res.statusCode ?? 0));
            },
          );
          req.on('error', reject);
          req.setHeader('content-type', 'application/json');
          req.end('{}');
        });
        statuses.push(status);
      }
      expect(statuses.slice(0, 6)).toEqual([415, 415, 415, 415, 415, 415]);
      expect(statuses.slice(6)).toEqual([429, 429, 429, 429]);
    } finally {
      await limited.stop();
    }
  });

  it('stops the primary and both workers on SIGTERM with exit code 0', async () => {
    const pids = server.pids();
    expect(pids.length).toBe(3);
    a.client.close();
    b.client.close();
    expect(await server.stop('SIGTERM')).toBe(0);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    expect(server.logs()).toContain('"msg":"stopped"');
  });
});
