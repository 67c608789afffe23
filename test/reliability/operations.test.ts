/**
 * Operations endpoints: GET /readyz says which dependency is ready, GET /metrics counts what was
 * done (requests by route pattern and status with their latency, signatures, timestamps, OCSP
 * answers, certificates, audit entries) and agrees exactly with a known sequence of requests.
 * (/readyz under storage faults: faults.test.ts; who may read /metrics: authorization.test.ts.)
 */
import { createHash } from 'node:crypto';
import { signetJson } from '../helpers/cli';
import { startServer, type RunningServer } from '../helpers/server';
import { Client, protocolSeeds, type ProtocolSeeds } from './harness';

/** The value of one sample line of the Prometheus text, or undefined when absent. */
function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const line = text
    .split('\n')
    .find(
      (l) =>
        (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) &&
        Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)),
    );
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('GET /readyz and GET /metrics', () => {
  let server: RunningServer;
  let client: Client;
  let seeds: ProtocolSeeds;

  beforeAll(async () => {
    server = await startServer({ SIGNET_RATE_LIMIT_PER_MINUTE: '0' });
    client = new Client(server.url, 2);
    const list = await client.request('GET', '/api/v1/certificates?department=demo', {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    seeds = await protocolSeeds(
      server.url,
      JSON.parse(list.body.toString()).certificates.map((c: { serial: string }) => c.serial),
    );
  });

  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  it('answers /readyz 200 with each check when the database, the key vault and the CA can serve', async () => {
    const a = await client.request('GET', '/readyz');
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body.toString())).toEqual({
      status: 'ready',
      checks: { database: 'ok', keyVault: 'ok', ca: 'ok' },
    });
  });

  it('counts requests, signatures, timestamps, OCSP answers, certificates and audit entries exactly', async () => {
    const admin = server.adminToken;
    const scrape = async () =>
      (
        await client.request('GET', '/metrics', { headers: { authorization: `Bearer ${admin}` } })
      ).body.toString();
    const before = await scrape();
    const signed = await client.json(
      'POST',
      '/api/v1/sign/digest?level=B-T',
      { digestAlgorithm: 'sha256', digest: createHash('sha256').update('metrics').digest('hex') },
      server.demoApiKey,
    );
    expect(signed.status).toBe(201);
    const code = JSON.parse(signed.body.toString()).verificationCode;
    expect(
      (await client.json('POST', '/api/v1/certificates', { department: 'demo' }, admin)).status,
    ).toBe(201);
    const tsa = (body: Buffer) =>
      client.request('POST', '/tsa', {
        headers: { 'content-type': 'application/timestamp-query' },
        body,
      });
    expect((await tsa(seeds.tsa[0] as Buffer)).status).toBe(200); // granted
    expect((await tsa(Buffer.from([0x30, 0x00]))).status).toBe(200); // rejection
    const ocsp = (body: Buffer) =>
      client.request('POST', '/ocsp', {
        headers: { 'content-type': 'application/ocsp-request' },
        body,
      });
    expect((await ocsp(seeds.ocsp[0] as Buffer)).status).toBe(200); // successful
    expect((await ocsp(Buffer.from([0x30, 0x00]))).status).toBe(200); // malformedRequest
    for (let i = 0; i < 3; i += 1) {
      expect((await client.request('GET', `/api/v1/documents/${code}`)).status).toBe(200);
    }
    expect((await client.request('GET', '/api/v1/documents/2222-3333-4444-5555')).status).toBe(404);

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) =>
      (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
    const seen = {
      signatures: delta('signet_signatures_total', { format: 'cades', level: 'B-T' }),
      certificates: delta('signet_certificates_issued_total'),
      tsaGranted: delta('signet_timestamps_total', { source: 'tsa', status: 'granted' }),
      tsaRejected: delta('signet_timestamps_total', { source: 'tsa', status: 'rejection' }),
      inSignatures: delta('signet_timestamps_total', { source: 'signature', status: 'granted' }),
      ocspSuccessful: delta('signet_ocsp_responses_total', { status: 'successful' }),
      ocspMalformed: delta('signet_ocsp_responses_total', { status: 'malformedRequest' }),
      lookUps200: delta('signet_http_requests_total', {
        method: 'GET',
        route: '/api/v1/documents/{code}',
        status: '200',
      }),
      lookUps404: delta('signet_http_requests_total', {
        method: 'GET',
        route: '/api/v1/documents/{code}',
        status: '404',
      }),
      lookUpTimings: delta('signet_http_request_duration_seconds_count', {
        route: '/api/v1/documents/{code}',
        status: '200',
      }),
    };
    const audit = signetJson<{ entries: number }>([
      'audit',
      'verify',
      '--data-dir',
      server.dataDir,
    ]);
    console.log(
      `metrics after a known sequence: ${JSON.stringify(seen)}; audit entries gauge ` +
        `${sample(after, 'signet_audit_entries')} (signet audit verify: ${audit.entries})`,
    );
    expect(seen).toEqual({
      signatures: 1,
      certificates: 1,
      tsaGranted: 1,
      tsaRejected: 1,
      inSignatures: 1,
      ocspSuccessful: 1,
      ocspMalformed: 1,
      lookUps200: 3,
      lookUps404: 1,
      lookUpTimings: 3,
    });
    expect(sample(after, 'signet_audit_entries')).toBe(audit.entries);
    // Labels are route patterns: no verification code, serial or OCSP request ever becomes one.
    expect(after).not.toContain(code);
    expect(after).toMatch(/^process_resident_memory_bytes \d+/m);
  });
});
