/**
 * Where verification runs (issue 14 item 1): in worker threads, so that /healthz (and with it
 * signing, OCSP and the TSA on the main thread) keeps answering while a costly verification runs;
 * with a cap (503 VERIFIER_BUSY and Retry-After when every worker and the queue are taken), a
 * time limit (503 VERIFICATION_TIMEOUT, the worker replaced), uploads spooled to 0600 files that
 * are removed afterwards, an idle-body timeout (408) and a rate limit of /ocsp and /tsa of their
 * own. Against the real server (dist/).
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { pdfWithLargeSignature } from '../helpers/heavy-pdf';
import { eventLoopDelayMaxMs, probeHealth, SLOWEST_PROBE_MS } from '../helpers/health-probe';
import { tempDir } from '../helpers/openssl';
import { startServer, type RunningServer } from '../helpers/server';
import { uploadDocument } from '../helpers/upload';

/** About 1.5 s of a verifier's time on the 2-core test machine (heavy-pdf.ts). */
const heavyPdf = join(tempDir('signet-pool-'), 'heavy.pdf');
writeFileSync(heavyPdf, pdfWithLargeSignature(40_000_000));
const SMALL_DIGEST = { digest: { algorithm: 'sha256', value: 'ab'.repeat(32) } };

const verifyPdf = (url: string) => uploadDocument(`${url}/api/v1/verify`, heavyPdf);

const verifyDigest = (url: string): Promise<Response> =>
  fetch(`${url}/api/v1/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(SMALL_DIGEST),
  });

/** The spool directories (signet-upload-*) in the server's temporary directory. */
const spools = (tmp: string): string[] =>
  readdirSync(tmp).filter((name) => name.startsWith('signet-upload-'));

describe('verification in worker threads', () => {
  describe('with one worker and no queue', () => {
    let server: RunningServer;
    let tmp: string;

    beforeAll(async () => {
      tmp = tempDir('signet-pool-tmp-');
      server = await startServer({
        SIGNET_VERIFY_WORKERS: '1',
        SIGNET_VERIFY_QUEUE: '0',
        TMPDIR: tmp,
      });
    });
    afterAll(() => server?.stop());

    it('keeps its main thread free (event-loop delay under 100 ms) while a heavy verification runs, and answers its report', async () => {
      await eventLoopDelayMaxMs(server); // a fresh window
      const probe = probeHealth(server.url, 25);
      await probe.started;
      const started = performance.now();
      const answer = await verifyPdf(server.url);
      const took = performance.now() - started;
      const times = await probe.stop();
      const delay = await eventLoopDelayMaxMs(server);
      expect(answer.status).toBe(200);
      const report = JSON.parse(answer.text);
      expect(report.indication).toBe('INDETERMINATE');
      // The measurement means something only if the verification took long.
      expect(took).toBeGreaterThan(500);
      expect(times.length).toBeGreaterThanOrEqual(5);
      expect(delay).toBeLessThan(100);
      expect(Math.max(...times)).toBeLessThan(SLOWEST_PROBE_MS);
    });

    it('spools the upload to a 0600 file while it is verified, and removes it afterwards', async () => {
      const answer = verifyPdf(server.url);
      let seen: { dir: number; file: number } | undefined;
      for (let i = 0; i < 200 && !seen; i += 1) {
        const [dir] = spools(tmp);
        if (dir && readdirSync(join(tmp, dir)).includes('document')) {
          seen = {
            dir: statSync(join(tmp, dir)).mode & 0o777,
            file: statSync(join(tmp, dir, 'document')).mode & 0o777,
          };
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect((await answer).status).toBe(200);
      expect(seen).toEqual({ dir: 0o700, file: 0o600 });
      expect(spools(tmp)).toEqual([]);
    });

    it('answers 503 VERIFIER_BUSY with Retry-After while the worker is taken, and verifies again after', async () => {
      let done = false;
      const heavy = verifyPdf(server.url).finally(() => (done = true));
      // The heavy upload goes to the worker once the server has read (spooled) all of it.
      const size = statSync(heavyPdf).size;
      const spooled = (): boolean =>
        spools(tmp).some((dir) => {
          try {
            return statSync(join(tmp, dir, 'document')).size >= size;
          } catch {
            return false;
          }
        });
      while (!spooled() && !done) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setTimeout(resolve, 50));
      let busy: Response | undefined;
      while (!busy && !done) {
        const r = await verifyDigest(server.url);
        if (r.status === 503) busy = r;
        else expect(r.status).toBe(200);
      }
      expect(busy?.headers.get('retry-after')).toBe('5');
      expect(((await busy?.json()) as any).error.code).toBe('VERIFIER_BUSY');
      expect((await heavy).status).toBe(200);
      expect((await verifyDigest(server.url)).status).toBe(200);
    });
  });

  describe('with short limits', () => {
    let server: RunningServer;

    beforeAll(async () => {
      server = await startServer({
        SIGNET_VERIFY_TIMEOUT: '200ms',
        SIGNET_BODY_IDLE_TIMEOUT: '1s',
        SIGNET_PKI_RATE_LIMIT_PER_MINUTE: '3',
      });
    });
    afterAll(() => server?.stop());

    it('stops a verification past SIGNET_VERIFY_TIMEOUT with 503 VERIFICATION_TIMEOUT, then verifies again', async () => {
      const answer = await verifyPdf(server.url);
      expect(answer.status).toBe(503);
      expect(JSON.parse(answer.text).error.code).toBe('VERIFICATION_TIMEOUT');
      // The worker was terminated and replaced: the next verification is answered.
      const next = await verifyDigest(server.url);
      expect(next.status).toBe(200);
      expect(((await next.json()) as any).subIndication).toBe('FORMAT_FAILURE');
    });

    /** Sends the head and `first` bytes of a body, then more every `everyMs` (or never). */
    const slowPost = (
      body: string,
      first: number,
      everyMs?: number,
    ): Promise<{ status: number; text: string; ms: number }> =>
      new Promise((resolve, reject) => {
        const { port } = new URL(server.url);
        const socket = connect(Number(port), '127.0.0.1');
        const started = performance.now();
        let received = '';
        let sent = first;
        let timer: NodeJS.Timeout | undefined;
        socket.on('connect', () => {
          socket.write(
            `POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, first)}`,
          );
          if (everyMs !== undefined) {
            timer = setInterval(() => {
              if (sent < body.length) socket.write(body.slice(sent, (sent += 8)));
            }, everyMs);
          }
        });
        socket.on('data', (d: Buffer) => (received += d.toString()));
        socket.on('error', reject);
        socket.on('close', () => {
          clearInterval(timer);
          resolve({
            status: Number(/^HTTP\/1\.1 (\d+)/.exec(received)?.[1] ?? 0),
            text: received,
            ms: performance.now() - started,
          });
        });
        // The server closes after a 408; after a normal answer, the test closes.
        socket.on('data', () => {
          if (/\r\n\r\n[\s\S]*\}$/.test(received)) socket.end();
        });
      });

    it('cuts off a body that stops arriving with 408 BODY_TIMEOUT and closes the connection', async () => {
      const body = JSON.stringify(SMALL_DIGEST);
      const answer = await slowPost(body, 10);
      expect(answer.status).toBe(408);
      expect(answer.text).toContain('"code":"BODY_TIMEOUT"');
      expect(answer.ms).toBeGreaterThan(900);
      expect(answer.ms).toBeLessThan(5000);
    });

    it('lets a slow body through while its bytes keep coming', async () => {
      const body = JSON.stringify(SMALL_DIGEST);
      // 8 bytes every 300 ms: over 3 s in all, never 1 s silent.
      const answer = await slowPost(body, 10, 300);
      expect(answer.ms).toBeGreaterThan(2000);
      expect(answer.status).toBe(200);
    });

    it('limits /tsa and /ocsp by a budget of their own', async () => {
      const tsa = () =>
        fetch(`${server.url}/tsa`, {
          method: 'POST',
          headers: { 'content-type': 'application/timestamp-query' },
          body: new Uint8Array([0x30, 0x00]),
        });
      const statuses = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await tsa()).status);
      expect(statuses).not.toContain(429);
      const limited = await tsa();
      expect(limited.status).toBe(429);
      expect(((await limited.json()) as any).error.code).toBe('RATE_LIMITED');
      expect((await fetch(`${server.url}/ocsp/MAA=`)).status).toBe(429);
      // The public API's budget is another one.
      expect((await verifyDigest(server.url)).status).toBe(200);
    });
  });
});
