/**
 * Starts the real Signet server (`node bin/start.js`, as `npm start` does) on a free port of
 * 127.0.0.1 with a fresh data directory, its log going to a file (at the default level, as in
 * production, but not through this process), and reads the admin token and the demo API key that
 * the development bootstrap leaves in the data directory.
 */
const { setTimeout, clearTimeout, setInterval, clearInterval } = require('node:timers');
const { Buffer } = require('node:buffer');
const { URL } = require('node:url');
const { openSync, closeSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { request } = require('node:http');
const { spawnTracked, stopChild, tempDir } = require('./procs');
const { procCpuSeconds } = require('./openssl');

const ROOT = join(__dirname, '..', '..');

/** @param {{ profileDir?: string, env?: Record<string, string> }} [options] */
async function startServer({ profileDir, env = {} } = {}) {
  const dataDir = tempDir('data');
  // Beside the data directory, not in it: the development bootstrap runs only in an empty one.
  const logFile = join(tempDir('log'), 'server.log');
  const fd = openSync(logFile, 'w');
  const execArgv = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawnTracked(process.execPath, [...execArgv, join(ROOT, 'bin', 'start.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: '0',
      HOST: '127.0.0.1',
      SIGNET_DATA_DIR: dataDir,
      SIGNET_RATE_LIMIT_PER_MINUTE: '0',
      SIGNET_PKI_RATE_LIMIT_PER_MINUTE: '0',
      ...env,
    },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const log = () => readFileSync(logFile, 'utf8');
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      clearInterval(poll);
      reject(new Error(`Signet did not start in 60 s:\n${log().slice(-2000)}`));
    }, 60_000);
    const poll = setInterval(() => {
      const m = /"url":"(http:\/\/[^"]+)"[^\n]*Signet is serving/.exec(log());
      if (m) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(m[1]);
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`Signet exited with ${code} before serving:\n${log().slice(-2000)}`));
    });
  });
  const read = (f) => readFileSync(join(dataDir, f), 'utf8').trim();
  const port = Number(new URL(url).port);
  return {
    url,
    port,
    pid: child.pid,
    dataDir,
    adminToken: read('admin-token'),
    demoApiKey: read('demo-api-key'),
    log,
    /** Peak resident set size since start or since the last resetPeakRss(), in MB (VmHWM). */
    peakRssMb: () => procStatusMb(child.pid, 'VmHWM'),
    rssMb: () => procStatusMb(child.pid, 'VmRSS'),
    cpuSeconds: () => procCpuSeconds(child.pid),
    /** Linux: writing 5 to clear_refs resets VmHWM to the current RSS. */
    resetPeakRss: () => {
      try {
        require('node:fs').writeFileSync(`/proc/${child.pid}/clear_refs`, '5');
        return true;
      } catch {
        return false;
      }
    },
    stop: () => stopChild(child),
  };
}

function procStatusMb(pid, field) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

/** One JSON request with node:http (set-up calls, not load). */
function jsonRequest(port, method, path, token, body) {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...(payload ? { 'content-length': payload.length } : {}),
        },
        timeout: 60_000,
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          if ((res.statusCode ?? 0) >= 300) {
            reject(new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 300)}`));
          } else resolve(json ?? text);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

module.exports = { startServer, jsonRequest };
