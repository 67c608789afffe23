/**
 * Load (issue 14, done-when 1): the hostile verification requests of issue 14 (16 copies of one
 * SignerInfo with 600 CA certificates named like the signer's issuer, on 3000-bit RSA exponents;
 * the same crowd on honest keys; 16 different signers under 255 such CAs, which the request's
 * work budget bounds) are each answered within 2 s while /healthz, probed from its own process,
 * answers within 100 ms throughout: the budget bounds the work, the worker pool keeps it off the
 * thread that signs and answers OCSP, the TSA and health checks.
 *
 * Run with `npm run test:load` (alone on the machine, so that the times are the server's).
 */
import { eventLoopDelayMaxMs, probeHealth, SLOWEST_PROBE_MS } from '../helpers/health-probe';
import { hostileRequest, type HostileRequestOptions } from '../helpers/hostile-cms';
import { startServer, type RunningServer } from '../helpers/server';

const MAX_ANSWER_MS = 2000;
const MAX_HEALTH_MS = 100;

describe('load: hostile verification requests beside /healthz', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.stop());

  it.each<[string, HostileRequestOptions]>([
    ['16 signers, 600 CAs, 3000-bit exponents', { signers: 16, cas: 600, hostileExponents: true }],
    ['16 signers, 600 CAs, honest keys', { signers: 16, cas: 600, hostileExponents: false }],
    [
      '16 different signers, 255 CAs (bounded by the budget)',
      { signers: 16, cas: 255, hostileExponents: false, distinctSigners: true },
    ],
  ])('%s: answered within 2 s, the main thread never held 100 ms', async (_name, options) => {
    const { document, signature } = await hostileRequest(options);
    const form = new FormData();
    form.append('document', new Blob([document]), 'notice.txt');
    form.append('signature', new Blob([signature]), 'notice.p7s');
    await eventLoopDelayMaxMs(server); // a fresh window
    const probe = probeHealth(server.url, 10);
    await probe.started;
    const started = performance.now();
    const response = await fetch(`${server.url}/api/v1/verify`, { method: 'POST', body: form });
    const report = (await response.json()) as { indication: string };
    const took = performance.now() - started;
    const health = await probe.stop();
    const delay = await eventLoopDelayMaxMs(server);
    console.log(
      `${_name}: ${signature.length} bytes answered in ${Math.round(took)} ms; /healthz ${health.length} probes, slowest ${Math.round(Math.max(...health))} ms; event-loop delay max ${Math.round(delay)} ms`,
    );
    expect(response.status).toBe(200);
    expect(report.indication).not.toBe('TOTAL_PASSED');
    expect(took).toBeLessThan(MAX_ANSWER_MS);
    expect(health.length).toBeGreaterThanOrEqual(1);
    expect(delay).toBeLessThan(MAX_HEALTH_MS);
    expect(Math.max(...health)).toBeLessThan(SLOWEST_PROBE_MS);
  });
});
