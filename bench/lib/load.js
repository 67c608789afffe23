/**
 * A small, bounded HTTP/1.1 load generator for 127.0.0.1 only: N keep-alive connections on raw
 * sockets, each sending one pre-serialised request at a time (closed loop, no pipelining) and
 * reading the response by its Content-Length. Raw sockets instead of node:http keep the client's
 * own CPU cost low: client and server share the same two cores.
 *
 * Every run is bounded by a request count and a time limit; sockets are destroyed at the end,
 * on error and on timeout.
 */
const { setTimeout, clearTimeout } = require('node:timers');
const { performance } = require('node:perf_hooks');
const { Buffer } = require('node:buffer');
const net = require('node:net');

const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * A raw HTTP/1.1 request. `body` is a Buffer or string; headers are added as given.
 * @param {Buffer | string} [body]
 * @returns {Buffer}
 */
function httpRequest(method, path, port, headers = {}, body = Buffer.alloc(0)) {
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const lines = [`${method} ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  lines.push(`Content-Length: ${payload.length}`, '', '');
  return Buffer.concat([Buffer.from(lines.join('\r\n')), payload]);
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/**
 * Runs the load. Only responses to requests sent after the warm-up count.
 * @param {object} o
 * @param {number} o.port
 * @param {Buffer[]} o.requests raw requests, sent round-robin
 * @param {number} o.concurrency connections (one request in flight on each)
 * @param {number} o.durationMs measured window; extended (up to `maxDurationMs`, default 4 x) until
 *   `minResponses` (default 50) have come back, so that a slow figure on a busy machine still counts
 * @param {number} [o.minResponses]
 * @param {number} [o.maxDurationMs]
 * @param {number} [o.warmupMs]
 * @param {number} [o.maxRequests] hard cap on measured requests
 * @param {(status: number) => boolean} [o.ok] which statuses count as success
 * @param {number} [o.requestTimeoutMs]
 * @param {(status: number, body: Buffer) => void} [o.onResponse] called for the first few responses
 * @param {() => number} [o.serverCpuSeconds] CPU seconds used so far by the server under load;
 *   read at the start and end of the measured window to give its CPU time per response
 */
function runLoad(o) {
  const concurrency = o.concurrency;
  const warmupMs = o.warmupMs ?? 0;
  const maxRequests = o.maxRequests ?? 2_000_000;
  const ok = o.ok ?? ((s) => s >= 200 && s < 300);
  const requestTimeoutMs = o.requestTimeoutMs ?? 30_000;
  const latencies = new Float64Array(maxRequests);
  let measured = 0;
  let errors = 0;
  let warmupDone = 0;
  let reconnects = 0;
  let rr = 0;
  let sampled = 0;
  const firstError = { status: 0, body: '' };

  return new Promise((resolve, reject) => {
    const started = performance.now();
    const measureFrom = started + warmupMs;
    const minResponses = o.minResponses ?? 50;
    const maxDurationMs = o.maxDurationMs ?? 4 * o.durationMs;
    let stopAt = measureFrom + o.durationMs;
    let measureEnd = 0;
    let stopping = false;
    let open = 0;
    const sockets = new Set();
    let failure;

    let cpuAtStart;
    let cpuAtEnd;
    const readCpu = () => (o.serverCpuSeconds ? o.serverCpuSeconds() : undefined);
    const startTimer = setTimeout(() => (cpuAtStart = readCpu()), warmupMs);
    let endTimer;
    const end = () => {
      const extend = Math.min(o.durationMs / 2, measureFrom + maxDurationMs - stopAt);
      if (measured < minResponses && extend > 0) {
        stopAt += extend;
        endTimer = setTimeout(end, extend);
      } else finish();
    };
    endTimer = setTimeout(end, warmupMs + o.durationMs);
    const hardTimer = setTimeout(
      () => finish(new Error('load run exceeded its time bound')),
      warmupMs + maxDurationMs + requestTimeoutMs + 5_000,
    );

    function finish(error) {
      if (stopping && !error) return;
      if (error && !failure) failure = error;
      stopping = true;
      if (!measureEnd) {
        measureEnd = Math.min(performance.now(), stopAt);
        cpuAtEnd = readCpu();
      }
      for (const s of sockets) s.destroy();
      if (open > 0 && !error) return; // the last close resolves
      done();
    }

    let resolved = false;
    function done() {
      if (resolved) return;
      resolved = true;
      clearTimeout(hardTimer);
      clearTimeout(endTimer);
      clearTimeout(startTimer);
      if (failure) {
        reject(failure);
        return;
      }
      const lat = Array.from(latencies.subarray(0, measured)).sort((a, b) => a - b);
      const seconds = (measureEnd - measureFrom) / 1000;
      resolve({
        requests: measured,
        errors,
        seconds,
        rate: measured / seconds,
        p50Ms: percentile(lat, 50),
        p99Ms: percentile(lat, 99),
        warmupRequests: warmupDone,
        reconnects,
        firstError: errors > 0 ? firstError : undefined,
        serverCpuMsPerResponse:
          cpuAtStart !== undefined && cpuAtEnd !== undefined && measured + errors > 0
            ? ((cpuAtEnd - cpuAtStart) * 1000) / (measured + errors)
            : undefined,
      });
    }

    function connection() {
      if (stopping) return;
      const socket = net.connect({ host: '127.0.0.1', port: o.port, noDelay: true });
      sockets.add(socket);
      open += 1;
      let buf = Buffer.alloc(0);
      let sentAt = 0;
      let expectBody = -1;
      let headerLen = 0;
      let status = 0;
      let closeAfter = false;
      let timer;

      const send = () => {
        if (stopping) return;
        if (measured >= maxRequests) {
          finish();
          return;
        }
        sentAt = performance.now();
        const req = o.requests[rr++ % o.requests.length];
        timer = setTimeout(
          () => finish(new Error(`no response in ${requestTimeoutMs} ms`)),
          requestTimeoutMs,
        );
        socket.write(req);
      };

      socket.on('connect', send);
      socket.on('data', (chunk) => {
        buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
        for (;;) {
          if (expectBody < 0) {
            const end = buf.indexOf(HEADER_END);
            if (end < 0) return;
            const head = buf.subarray(0, end).toString('latin1');
            status = Number(head.slice(9, 12));
            const cl = /\r\ncontent-length:\s*(\d+)/i.exec(head);
            if (!cl) {
              finish(new Error(`response without Content-Length: ${head.slice(0, 200)}`));
              return;
            }
            expectBody = Number(cl[1]);
            headerLen = end + 4;
            closeAfter =
              /\r\nconnection:\s*close/i.test(head) ||
              (head.startsWith('HTTP/1.0') && !/\r\nconnection:\s*keep-alive/i.test(head));
          }
          if (buf.length < headerLen + expectBody) return;
          const body = buf.subarray(headerLen, headerLen + expectBody);
          buf = buf.subarray(headerLen + expectBody);
          expectBody = -1;
          clearTimeout(timer);
          const now = performance.now();
          if (o.onResponse && sampled < 3) {
            sampled += 1;
            o.onResponse(status, Buffer.from(body));
          }
          if (now >= measureFrom && now <= stopAt) {
            if (ok(status)) {
              if (measured < maxRequests) latencies[measured++] = now - sentAt;
            } else {
              if (errors === 0) {
                firstError.status = status;
                firstError.body = body.toString('utf8', 0, Math.min(body.length, 300));
              }
              errors += 1;
            }
          } else if (now < measureFrom) warmupDone += 1;
          if (errors > 100 && errors > measured) {
            finish(new Error(`too many failed responses: ${firstError.status} ${firstError.body}`));
            return;
          }
          if (closeAfter) {
            reconnects += 1;
            socket.destroy();
            return;
          }
          send();
          return;
        }
      });
      socket.on('error', (err) => {
        if (!stopping) {
          errors += 1;
          if (errors > 100) finish(err);
        }
      });
      socket.on('close', () => {
        clearTimeout(timer);
        sockets.delete(socket);
        open -= 1;
        if (!stopping) {
          connection();
          return;
        }
        if (open === 0) done();
      });
    }

    for (let i = 0; i < concurrency; i += 1) connection();
  });
}

module.exports = { httpRequest, runLoad, percentile };
