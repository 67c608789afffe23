/**
 * The lean path of /ocsp and /tsa (src/http/lean.ts, issue 16): answered ahead of Express, with
 * what Express gave them kept: request ids, security headers, the body limit, the body idle
 * timeout, malformed requests answered the OCSP way, and the request metrics.
 */
import net from 'node:net';
import { startServer, type RunningServer } from '../helpers/server';

const MALFORMED = Buffer.from([0x30, 0x03, 0x0a, 0x01, 0x01]);

describe('the lean path of /ocsp and /tsa', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ SIGNET_BODY_IDLE_TIMEOUT: '1s' });
  });
  afterAll(async () => {
    await server.stop();
  });

  const post = (path: string, type: string, body: Buffer) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });

  it('answers malformedRequest for a wrong type, an oversized body and a path it cannot decode', async () => {
    for (const answer of [
      await post('/ocsp', 'application/json', Buffer.from('{}')),
      await post('/ocsp', 'application/ocsp-request', Buffer.alloc(17 * 1024, 0x30)),
      await fetch(`${server.url}/ocsp/%E0%A4%A`),
      await fetch(`${server.url}/ocsp/not*base64`),
    ]) {
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('application/ocsp-response');
      expect(Buffer.from(await answer.arrayBuffer())).toEqual(MALFORMED);
    }
  });

  it('sends a request id and the security headers', async () => {
    const answer = await post('/ocsp', 'application/ocsp-request', Buffer.from([0x30, 0x00]));
    expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a wrong type 415 and an oversized query 413 on /tsa, as JSON errors with the request id', async () => {
    const wrong = await post('/tsa', 'application/json', Buffer.from('{}'));
    expect(wrong.status).toBe(415);
    const large = await post('/tsa', 'application/timestamp-query', Buffer.alloc(17 * 1024));
    expect(large.status).toBe(413);
    for (const [answer, code] of [
      [wrong, 'UNSUPPORTED_MEDIA_TYPE'],
      [large, 'PAYLOAD_TOO_LARGE'],
    ] as const) {
      const body = (await answer.json()) as { error: { code: string }; requestId: string };
      expect(body.error.code).toBe(code);
      expect(body.requestId).toBe(answer.headers.get('x-request-id'));
    }
  });

  it('cuts off a query whose body stops arriving with 408 BODY_TIMEOUT', async () => {
    const { port, hostname } = new URL(server.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), hostname, () => {
        socket.write(
          'POST /tsa HTTP/1.1\r\nHost: x\r\nContent-Type: application/timestamp-query\r\n' +
            'Content-Length: 100\r\n\r\n0123456789',
        );
      });
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(answer).toContain('"code":"BODY_TIMEOUT"');
  });

  it('counts its requests in /metrics by route pattern', async () => {
    const metrics = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    const text = await metrics.text();
    expect(text).toMatch(
      /signet_http_requests_total\{method="POST",route="\/ocsp",status="200"\} 3/,
    );
    expect(text).toMatch(
      /signet_http_requests_total\{method="GET",route="\/ocsp\/\{request\}",status="200"\} 2/,
    );
    expect(text).toMatch(
      /signet_http_requests_total\{method="POST",route="\/tsa",status="415"\} 1/,
    );
  });
});
