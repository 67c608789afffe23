/**
 * Load: LOAD_SECONDS (60, after LOAD_WARMUP_SECONDS = 10 of the same) of mixed traffic at
 * LOAD_CONNECTIONS (100) concurrent keep-alive
 * connections against the real server: CAdES signing (digest at B-B and B-T, small streamed
 * documents), OCSP (POST and GET), RFC 3161 timestamps, verification-code look-ups, verification
 * (JSON). Holds: zero errors (every answer the expected 2xx with the expected
 * content type), the resident set grows less than 50 MiB between the first and the last 10 s, and
 * the /metrics counters agree with what the clients counted.
 *
 * Run with `npm run test:load` (not part of `npm test`).
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../helpers/mutator';
import { tempDir } from '../helpers/openssl';
import { startServer, type RunningServer } from '../helpers/server';
import { Client, protocolSeeds, rssMiB, Tally, type Answer } from '../reliability/harness';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 100);
const WINDOW_SECONDS = 10;
const WARMUP_SECONDS = Number(process.env.LOAD_WARMUP_SECONDS ?? 10);
const MAX_RSS_GROWTH_MIB = 50;
const SEED = 0x10ad;

interface Operation {
  name: string;
  weight: number;
  run(rng: Rng): Promise<Answer>;
  /** Why the answer is not the expected success, or undefined. */
  check(a: Answer): string | undefined;
}

const expectType = (status: number, type: string) => (a: Answer) =>
  a.status !== status
    ? `status ${a.status}: ${a.body.toString().slice(0, 200)}`
    : !(a.headers['content-type'] ?? '').startsWith(type)
      ? `content type ${a.headers['content-type']}`
      : undefined;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Sums a counter's samples in the Prometheus text, over the label sets matching `filter`. */
function counter(text: string, name: string, filter = ''): number {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .filter((l) => l.includes(filter))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

describe('load: mixed traffic', () => {
  let server: RunningServer;
  let client: Client;

  beforeAll(async () => {
    server = await startServer({
      SIGNET_RATE_LIMIT_PER_MINUTE: '0',
      SIGNET_PKI_RATE_LIMIT_PER_MINUTE: '0',
    });
    client = new Client(server.url, CONNECTIONS);
  });

  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  it(
    `serves ${SECONDS} s at ${CONNECTIONS} connections with zero errors and stable memory`,
    async () => {
      const list = await client.request('GET', '/api/v1/certificates?department=demo', {
        headers: { authorization: `Bearer ${server.adminToken}` },
      });
      const serials = JSON.parse(list.body.toString()).certificates.map(
        (c: { serial: string }) => c.serial,
      );
      const seeds = await protocolSeeds(server.url, serials);
      const key = server.demoApiKey;
      // A few signed documents to look up and verify.
      const signed: { code: string; digest: string; signature: string }[] = [];
      for (let i = 0; i < 5; i += 1) {
        const digest = createHash('sha256').update(`load seed ${i}`).digest('hex');
        const a = await client.json(
          'POST',
          '/api/v1/sign/digest?level=B-T',
          { digestAlgorithm: 'sha256', digest },
          key,
        );
        expect(a.status).toBe(201);
        const body = JSON.parse(a.body.toString());
        signed.push({ code: body.verificationCode, digest, signature: body.signature });
      }
      const setupSignatures = signed.length;

      const operations: Operation[] = [
        {
          name: 'sign digest B-B',
          weight: 10,
          run: (rng) =>
            client.json(
              'POST',
              '/api/v1/sign/digest?level=B-B',
              { digestAlgorithm: 'sha256', digest: rng.bytes(32).toString('hex') },
              key,
            ),
          check: expectType(201, 'application/json'),
        },
        {
          name: 'sign digest B-T',
          weight: 6,
          run: (rng) =>
            client.json(
              'POST',
              '/api/v1/sign/digest?level=B-T',
              { digestAlgorithm: 'sha256', digest: rng.bytes(32).toString('hex') },
              key,
            ),
          check: expectType(201, 'application/json'),
        },
        {
          name: 'sign streamed document B-T',
          weight: 4,
          run: (rng) =>
            client.request('POST', '/api/v1/sign?level=B-T&name=load.bin', {
              headers: {
                authorization: `Bearer ${key}`,
                'content-type': 'application/octet-stream',
              },
              body: rng.bytes(rng.range(1, 256 * 1024)),
            }),
          check: expectType(201, 'application/json'),
        },
        {
          name: 'OCSP POST',
          weight: 20,
          run: (rng) =>
            client.request('POST', '/ocsp', {
              headers: { 'content-type': 'application/ocsp-request' },
              body: rng.pick(seeds.ocsp),
            }),
          check: expectType(200, 'application/ocsp-response'),
        },
        {
          name: 'OCSP GET',
          weight: 10,
          run: (rng) =>
            client.request(
              'GET',
              `/ocsp/${encodeURIComponent(rng.pick(seeds.ocsp).toString('base64'))}`,
            ),
          check: expectType(200, 'application/ocsp-response'),
        },
        {
          name: 'TSA',
          weight: 15,
          run: (rng) =>
            client.request('POST', '/tsa', {
              headers: { 'content-type': 'application/timestamp-query' },
              body: rng.pick(seeds.tsa),
            }),
          check: expectType(200, 'application/timestamp-reply'),
        },
        {
          name: 'code look-up',
          weight: 20,
          run: (rng) => client.request('GET', `/api/v1/documents/${rng.pick(signed).code}`),
          check: expectType(200, 'application/json'),
        },
        {
          name: 'verify (JSON)',
          weight: 8,
          run: (rng: Rng) => {
            const s = rng.pick(signed);
            return client.json('POST', '/api/v1/verify', {
              digest: { algorithm: 'sha256', value: s.digest },
              signature: s.signature,
            });
          },
          check: (a: Answer) => {
            const wrong = expectType(200, 'application/json')(a);
            if (wrong) return wrong;
            const indication = JSON.parse(a.body.toString()).indication;
            return indication === 'TOTAL_PASSED' ? undefined : `indication ${indication}`;
          },
        },
      ];
      const totalWeight = operations.reduce((s, o) => s + o.weight, 0);
      const pick = (rng: Rng): Operation => {
        let r = rng.int(totalWeight);
        for (const o of operations) {
          if (r < o.weight) return o;
          r -= o.weight;
        }
        return operations[0] as Operation;
      };

      const rss: { at: number; mib: number }[] = [];
      // Summed over the cluster's processes when SIGNET_WORKERS is above 1.
      const serverRssMiB = () => server.pids().reduce((sum, p) => sum + rssMiB(p), 0);
      // The measured period starts after a warm-up at full load (JIT, heap sizing, caches), so
      // the memory check compares steady states: a leak, not the heap growing into its size.
      const warmupEnds = Date.now() + WARMUP_SECONDS * 1000;
      const started = warmupEnds;
      const sampler = setInterval(() => {
        if (Date.now() >= started)
          rss.push({ at: (Date.now() - started) / 1000, mib: serverRssMiB() });
      }, 1000);
      const done = new Tally();
      const errors: string[] = [];
      const latencies = new Map<string, number[]>();
      const deadline = started + SECONDS * 1000;
      const worker = async (index: number) => {
        const rng = new Rng(SEED + index);
        while (Date.now() < deadline) {
          const op = pick(rng);
          let answer: Answer;
          try {
            answer = await op.run(rng);
          } catch (error) {
            errors.push(`${op.name}: ${String(error)}`);
            continue;
          }
          const why = op.check(answer);
          if (why) errors.push(`${op.name}: ${why}`);
          done.add(op.name);
          const l = latencies.get(op.name) ?? [];
          l.push(answer.ms);
          latencies.set(op.name, l);
        }
      };
      await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => worker(i)));
      clearInterval(sampler);
      const elapsed = (Date.now() - started) / 1000;
      const wall = WARMUP_SECONDS + elapsed;

      const total = [...latencies.values()].reduce((s, l) => s + l.length, 0);
      const report = [...latencies.entries()].map(([name, l]) => {
        const sorted = [...l].sort((a, b) => a - b);
        return `  ${name}: ${l.length} (${(l.length / wall).toFixed(0)}/s), p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms, max ${(sorted[sorted.length - 1] ?? 0).toFixed(0)} ms`;
      });
      const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
      const first = rss.filter((s) => s.at <= WINDOW_SECONDS).map((s) => s.mib);
      const last = rss.filter((s) => s.at > elapsed - WINDOW_SECONDS).map((s) => s.mib);
      const growth = mean(last) - mean(first);
      const trajectory = Array.from({ length: Math.floor(elapsed / WINDOW_SECONDS) }, (_, i) =>
        mean(
          rss
            .filter((x) => x.at > i * WINDOW_SECONDS && x.at <= (i + 1) * WINDOW_SECONDS)
            .map((x) => x.mib),
        ).toFixed(0),
      );
      console.log(
        `load: ${total} requests in ${WARMUP_SECONDS} s of warm-up and ${elapsed.toFixed(1)} s measured (${(total / wall).toFixed(0)}/s) at ${CONNECTIONS} connections; ` +
          `${errors.length} errors${errors.length ? `:\n  ${errors.slice(0, 10).join('\n  ')}` : ''}\n${report.join('\n')}\n` +
          `  resident set: first ${WINDOW_SECONDS} s mean ${mean(first).toFixed(0)} MiB, last ${WINDOW_SECONDS} s mean ` +
          `${mean(last).toFixed(0)} MiB, growth ${growth.toFixed(1)} MiB (bound ${MAX_RSS_GROWTH_MIB}); peak ` +
          `${Math.max(...rss.map((s) => s.mib)).toFixed(0)} MiB; by ${WINDOW_SECONDS} s: ${trajectory.join(', ')} MiB`,
      );
      const logFile = join(tempDir('signet-load-'), 'server.log');
      writeFileSync(logFile, server.logs());
      const serverMs = server
        .logs()
        .split('\n')
        .map((l) => /"msg":"request"/.test(l) && Number(/"ms":([\d.]+)/.exec(l)?.[1]))
        .filter((x): x is number => typeof x === 'number' && !Number.isNaN(x))
        .sort((a, b) => a - b);
      console.log(
        `  server-side time per request (its log): p50 ${percentile(serverMs, 50)} ms, p99 ` +
          `${percentile(serverMs, 99)} ms, max ${serverMs[serverMs.length - 1]} ms; the log: ${logFile}`,
      );
      expect(errors).toEqual([]);
      expect(growth).toBeLessThan(MAX_RSS_GROWTH_MIB);

      // The service's own counters agree with what the clients counted.
      const metrics = (
        await client.request('GET', '/metrics', {
          headers: { authorization: `Bearer ${server.adminToken}` },
        })
      ).body.toString();
      const signatures =
        done.get('sign digest B-B') +
        done.get('sign digest B-T') +
        done.get('sign streamed document B-T');
      const seen = {
        signatures: counter(metrics, 'signet_signatures_total'),
        ocsp: counter(metrics, 'signet_ocsp_responses_total', 'status="successful"'),
        tsa: counter(metrics, 'signet_timestamps_total', 'source="tsa",status="granted"'),
        inSignatures: counter(metrics, 'signet_timestamps_total', 'source="signature"'),
      };
      console.log(`  /metrics: ${JSON.stringify(seen)}`);
      expect(seen.signatures).toBe(signatures + setupSignatures);
      expect(seen.ocsp).toBe(done.get('OCSP POST') + done.get('OCSP GET'));
      expect(seen.tsa).toBe(done.get('TSA'));
      expect(seen.inSignatures).toBe(
        done.get('sign digest B-T') + done.get('sign streamed document B-T') + setupSignatures,
      );
      expect((await client.request('GET', '/healthz')).status).toBe(200);
    },
    (WARMUP_SECONDS + SECONDS + 120) * 1000,
  );
});
