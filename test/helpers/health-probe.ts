/**
 * Measures GET /healthz again and again while something else runs: the answer times (ms) of the
 * main thread that signing, OCSP and the TSA share, which verification must not hold. The probe
 * is a process of its own, so that what the test process itself does (building and sending
 * uploads) is not counted as the server's time.
 *
 * A probe still measures the scheduler too: on a 2-core machine with the uploader, the server's
 * main thread, a verifier worker and the probe all busy, one probe can wait 150 ms for a core (CI
 * saw it). The promise itself, that the server's main thread is never held, is measured inside
 * the server: its event-loop delay (`eventLoopDelayMaxMs`). Tests bound that at 100 ms and a
 * probe's answer more loosely (SLOWEST_PROBE_MS).
 */
import { spawn } from 'node:child_process';

export interface HealthProbe {
  /** Resolves once the probe has had its first answer (a process takes a while to start). */
  started: Promise<void>;
  /** Stops probing; the time of each answer in ms (a failed probe counts as Infinity). */
  stop(): Promise<number[]>;
}

const PROBE = `
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const [url, interval] = process.argv.slice(1);
const once = () => {
  const started = performance.now();
  http.get(url, { agent }, (res) => {
    res.resume();
    res.on('end', () => {
      process.stdout.write((res.statusCode === 200 ? performance.now() - started : 'Infinity') + '\\n');
      setTimeout(once, Number(interval));
    });
  }).on('error', () => { process.stdout.write('Infinity\\n'); setTimeout(once, Number(interval)); });
};
once();
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
`;

/** The bound of the slowest single /healthz answer seen from outside (see above). */
export const SLOWEST_PROBE_MS = 300;

/**
 * The server main thread's longest event-loop delay (ms) since the last call: prom-client's
 * nodejs_eventloop_lag_max_seconds (perf_hooks.monitorEventLoopDelay, 10 ms resolution), which
 * each scrape of /metrics resets. Call it once before the work to start a fresh window.
 */
export async function eventLoopDelayMaxMs(server: {
  url: string;
  adminToken: string;
}): Promise<number> {
  const res = await fetch(`${server.url}/metrics`, {
    headers: { authorization: `Bearer ${server.adminToken}` },
  });
  const text = await res.text();
  const value = /^nodejs_eventloop_lag_max_seconds(?:\{[^}]*\})? (\S+)$/m.exec(text)?.[1];
  if (res.status !== 200 || value === undefined) {
    throw new Error(`no event-loop delay in /metrics (${res.status})`);
  }
  return Number(value) * 1000;
}

export function probeHealth(baseUrl: string, intervalMs = 50): HealthProbe {
  const child = spawn(process.execPath, ['-e', PROBE, `${baseUrl}/healthz`, String(intervalMs)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString();
    markStarted();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    started,
    stop: async () => {
      child.stdin.end();
      await exited;
      return output.trim().split('\n').filter(Boolean).map(Number);
    },
  };
}
