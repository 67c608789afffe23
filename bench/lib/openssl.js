/**
 * The OpenSSL anchors, measured in the same run as Signet's figures: `openssl speed` sign rates
 * (per CPU second, OpenSSL's default divisor), `openssl dgst -sha256` on the same file, and the
 * `openssl ocsp -index` responder.
 */
const { setTimeout, clearTimeout } = require('node:timers');
const { performance } = require('node:perf_hooks');
const { execFileSync, spawnSync } = require('node:child_process');
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { spawnTracked, stopChild } = require('./procs');

function opensslVersion() {
  return execFileSync('openssl', ['version'], { encoding: 'utf8' }).trim();
}

/** `openssl speed -seconds N ecdsap256 rsa2048`: sign/s per CPU second of each. */
function opensslSpeed(seconds) {
  const out = execFileSync(
    'openssl',
    ['speed', '-seconds', String(seconds), 'ecdsap256', 'rsa2048'],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    },
  );
  const rsa = /^rsa 2048 bits\s+\S+\s+\S+\s+([\d.]+)\s+([\d.]+)/m.exec(out);
  const ec = /^\s*256 bits ecdsa \(nistp256\)\s+\S+\s+\S+\s+([\d.]+)\s+([\d.]+)/m.exec(out);
  if (!rsa || !ec) throw new Error(`cannot read openssl speed output:\n${out}`);
  return {
    rsa2048Sign: Number(rsa[1]),
    rsa2048Verify: Number(rsa[2]),
    ecdsaP256Sign: Number(ec[1]),
    ecdsaP256Verify: Number(ec[2]),
  };
}

/**
 * `openssl dgst -sha256 file`, best of `runs`: wall-clock MB/s (10^6 bytes), and MB per CPU second
 * of openssl itself (read from the shell's cutime + cstime once it has waited for openssl).
 */
function opensslDgst(file, bytes, runs) {
  let best = Infinity;
  let bestCpu = Infinity;
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    const r = spawnSync(
      'sh',
      ['-c', 'openssl dgst -sha256 "$1" >/dev/null && cat /proc/$$/stat', 'sh', file],
      { encoding: 'utf8', timeout: 120_000 },
    );
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`openssl dgst failed: ${r.stderr}`);
    best = Math.min(best, ms);
    const fields = r.stdout.slice(r.stdout.lastIndexOf(')') + 2).split(' ');
    const cpuSeconds = (Number(fields[13]) + Number(fields[14])) / clockTicks();
    if (cpuSeconds > 0) bestCpu = Math.min(bestCpu, cpuSeconds);
  }
  return {
    mbPerSecond: bytes / 1e6 / (best / 1000),
    mbPerCpuSecond: Number.isFinite(bestCpu) ? bytes / 1e6 / bestCpu : undefined,
    ms: best,
  };
}

let ticks;
/** Clock ticks per second of /proc/PID/stat times. */
function clockTicks() {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

/** User + system CPU seconds of a process, all threads (/proc/PID/stat fields 14 and 15). */
function procCpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks();
}

/**
 * Starts a responder and waits for its "waiting for ... connections" line. Not by connecting to
 * it: `openssl ocsp` (3.0) stops answering after a client that connects and sends nothing. Ports
 * are taken below the kernel's ephemeral range, where the load's own closed connections (in
 * TIME_WAIT) cannot hold them; a port in use gives another try.
 */
async function spawnResponder(makeArgs, cwd) {
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const args = makeArgs(port);
    const child = spawnTracked('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const ready = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), 10_000);
      child.stderr.on('data', (d) => {
        stderr += d.toString();
        if (/waiting for OCSP client connections/.test(stderr)) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (ready) return { child, port, args, stderr: () => stderr };
    await stopChild(child, 1_000);
    if (!/Address already in use/.test(stderr))
      throw new Error(`openssl ocsp did not start: ${stderr}`);
  }
  throw new Error('openssl ocsp found no free port');
}

/**
 * An OpenSSL OCSP responder for the given issuer and serials: index.txt lists every serial as
 * valid, and responses are signed with a P-256 key made by OpenSSL here (Signet's keys stay
 * encrypted in its vault). It signs every response, as `openssl ocsp` always does.
 */
async function startOcspResponder(dir, { issuerPem, serials }) {
  const index = serials
    .map((s) => `V\t491231235959Z\t\t${s.toUpperCase()}\tunknown\t/CN=bench ${s.slice(0, 8)}`)
    .join('\n');
  writeFileSync(join(dir, 'index.txt'), `${index}\n`);
  writeFileSync(join(dir, 'index.txt.attr'), 'unique_subject = no\n');
  writeFileSync(join(dir, 'issuer.pem'), issuerPem);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      join(dir, 'responder.key'),
      '-out',
      join(dir, 'responder.pem'),
      '-subj',
      '/CN=OpenSSL bench OCSP responder',
      '-days',
      '2',
      '-addext',
      'extendedKeyUsage=OCSPSigning',
    ],
    { stdio: 'ignore' },
  );
  const { child, port, args, stderr } = await spawnResponder(
    (p) => [
      'ocsp',
      '-index',
      join(dir, 'index.txt'),
      '-port',
      String(p),
      '-rsigner',
      join(dir, 'responder.pem'),
      '-rkey',
      join(dir, 'responder.key'),
      '-CA',
      join(dir, 'issuer.pem'),
      '-nmin',
      '60',
      '-ignore_err',
    ],
    dir,
  );
  return {
    port,
    args: `openssl ${args.join(' ')}`,
    stderr,
    pid: child.pid,
    stop: () => stopChild(child, 3_000),
  };
}

module.exports = { opensslVersion, opensslSpeed, opensslDgst, startOcspResponder, procCpuSeconds };
