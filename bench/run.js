#!/usr/bin/env node
/**
 * `npm run bench [-- --quick] [-- --profile] [-- --only=1,4] [-- --no-build]`: Signet's speed
 * beside anchors measured in the same run (OpenSSL, plain pkijs), as ratios, each with its target
 * from issue 8 and PASS/MISS. Prints a table and writes bench/out/latest.json. See bench/README.md.
 *
 * Load goes only to 127.0.0.1; every loop is bounded in count and time; every server, responder,
 * worker and temporary file it starts or makes is stopped or removed, also on error or Ctrl-C.
 */
const { setTimeout, clearTimeout } = require('node:timers');
const { performance } = require('node:perf_hooks');
const { Buffer } = require('node:buffer');
const { execFileSync, execSync } = require('node:child_process');
const fs = require('node:fs');
const { request } = require('node:http');
const { cpus, loadavg, totalmem } = require('node:os');
const { join } = require('node:path');
const { randomBytes, createHash } = require('node:crypto');
const procs = require('./lib/procs');
const { startServer, jsonRequest } = require('./lib/server');
const { httpRequest, runLoad } = require('./lib/load');
const { timeStampRequest, issuerHashes, ocspRequest } = require('./lib/der');
const openssl = require('./lib/openssl');

const ROOT = join(__dirname, '..');
const OUT = join(__dirname, 'out');

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const PROFILE = args.includes('--profile');
const NO_BUILD = args.includes('--no-build');
const onlyArg = args.find((a) => a.startsWith('--only='));
const ONLY = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : undefined;
const want = (figure) => !ONLY || ONLY.has(String(figure));

/** --quick keeps the whole run under 90 s on an idle 2-core machine; the full run takes ~6 min. */
const P = QUICK
  ? {
      inproc: 1.2,
      warmupMs: 500,
      loadMs: 2000,
      streamMiB: 256,
      streamRuns: 1,
      issueHttpMs: 1500,
      ocspCerts: 100,
    }
  : {
      inproc: 6,
      warmupMs: 2000,
      loadMs: 10_000,
      streamMiB: 1024,
      streamRuns: 2,
      issueHttpMs: 6000,
      ocspCerts: 500,
    };
const SPEED_SECONDS = 2;
const CONCURRENCY = 32;
const PROFILE_DIR = join(OUT, 'profiles');

const runStarted = Date.now();
const results = [];
/** The pkijs verification anchor, shared by the in-process and HTTP rows of figure 5. */
let pkijsVerifyRate;
const notes = [];
const log = (msg) => process.stderr.write(`${msg}\n`);

// ---------------------------------------------------------------------------------------------
// Rows

/**
 * One row of the table and of latest.json: {name, value, unit, anchor, anchorValue, ratio,
 * p50Ms?, p99Ms?, peakRssMb?, serverCpuMsPerOp?, target, status}. `check` decides PASS/MISS;
 * rows without one are informational (INFO).
 */
function record(entry) {
  const { check, ...row } = entry;
  row.ratio =
    row.anchorValue && Number.isFinite(row.value) ? row.value / row.anchorValue : undefined;
  for (const k of Object.keys(row)) if (row[k] === undefined) delete row[k];
  if (check) {
    const { pass, target } = check(row);
    row.target = target;
    row.status = pass ? 'PASS' : 'MISS';
  } else {
    row.target = row.target ?? '';
    row.status = 'INFO';
  }
  results.push(row);
  const vs = row.ratio === undefined ? '' : ` = ${row.ratio.toFixed(3)} x ${row.anchor}`;
  log(`  ${row.name}: ${fmt(row.value)} ${row.unit}${vs}  ${row.status}`);
  return row;
}

function fmt(n, digits) {
  if (n === undefined || n === null || Number.isNaN(n)) return '-';
  if (digits !== undefined) return n.toFixed(digits);
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

const loadNote = (when) => {
  const [one] = loadavg();
  return `${when}: load average ${one.toFixed(1)} on ${cpus().length} CPUs`;
};

// ---------------------------------------------------------------------------------------------
// Build

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when it is missing or older than src/ (`npm run bench` works on a fresh clone). */
function ensureBuilt() {
  const main = join(ROOT, 'dist', 'main.js');
  const stale = !fs.existsSync(main) || newestMtime(join(ROOT, 'src')) > fs.statSync(main).mtimeMs;
  if (!stale || NO_BUILD) return { built: false, stale };
  log('bench: dist/ is missing or older than src/: npm run build');
  try {
    execSync('npm run build', { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    return { built: true, stale: false };
  } catch (error) {
    if (!fs.existsSync(main)) throw error;
    notes.push('npm run build failed: the figures are of the previous dist/ build');
    log('bench: BUILD FAILED, measuring the previous dist/ build');
    return { built: false, stale: true };
  }
}

// ---------------------------------------------------------------------------------------------
// In-process tasks, each in its own child (fresh heap; --profile writes one profile per task)

function inproc(task, options) {
  const profileArgs = PROFILE
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${PROFILE_DIR}`,
        `--cpu-prof-name=inproc-${task}-${Date.now()}.cpuprofile`,
      ]
    : [];
  return new Promise((resolve, reject) => {
    const child = procs.spawnTracked(
      process.execPath,
      [...profileArgs, join(__dirname, 'inproc.js'), task, JSON.stringify(options)],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000 + options.seconds * 4000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice('RESULT '.length)));
      else reject(new Error(`inproc ${task} failed (${code}):\n${err.slice(-3000)}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers

async function load(name, o) {
  const r = await runLoad({ warmupMs: P.warmupMs, durationMs: P.loadMs, ...o });
  if (r.errors > 0) {
    const first = r.firstError ? `${r.firstError.status} ${r.firstError.body}` : 'socket error';
    notes.push(`${name}: ${r.errors} failed responses (first: ${first})`);
  }
  if (r.requests === 0) throw new Error(`${name}: no successful response in the measured window`);
  return r;
}

function getBytes(port, path) {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, timeout: 30_000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks)));
    })
      .on('error', reject)
      .end();
  });
}

const toPem = (der) =>
  `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;

function makeFile(dir, mib) {
  const file = join(dir, `document-${mib}MiB.bin`);
  const block = randomBytes(1024 * 1024);
  const fd = fs.openSync(file, 'w');
  try {
    for (let i = 0; i < mib; i += 1) {
      block[0] = i & 0xff;
      fs.writeSync(fd, block);
    }
  } finally {
    fs.closeSync(fd);
  }
  return file;
}

function sha256File(file) {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    fs.createReadStream(file, { highWaterMark: 1024 * 1024 })
      .on('data', (d) => h.update(d))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject);
  });
}

function hasCurl() {
  try {
    execFileSync('curl', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Streams a file to POST /api/v1/sign. With curl (a C client: the sender then takes little of the
 * CPUs the server needs) when there is one, else node:http; resolves with seconds and the JSON.
 */
function streamSign(port, apiKey, file, bytes) {
  const path = '/api/v1/sign?level=B-B&name=bench.bin';
  const t0 = performance.now();
  const done = (status, text, resolve, reject) => {
    const seconds = (performance.now() - t0) / 1000;
    if (status !== 201) reject(new Error(`stream sign: ${status} ${text.slice(0, 300)}`));
    else resolve({ seconds, body: JSON.parse(text) });
  };
  if (hasCurl()) {
    return new Promise((resolve, reject) => {
      const child = procs.spawnTracked(
        'curl',
        [
          '-sS',
          '-X',
          'POST',
          '-T',
          file,
          '-H',
          'Expect:',
          '-H',
          `Authorization: Bearer ${apiKey}`,
          '-H',
          'Content-Type: application/octet-stream',
          '--max-time',
          '300',
          '-w',
          '\n%{http_code}',
          `http://127.0.0.1:${port}${path}`,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      child.on('exit', (code) => {
        if (code !== 0) return reject(new Error(`curl failed (${code}): ${err}`));
        const cut = out.lastIndexOf('\n');
        return done(Number(out.slice(cut + 1)), out.slice(0, cut), resolve, reject);
      });
    });
  }
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        headers: {
          authorization: `Bearer ${apiKey}`,
          'content-type': 'application/octet-stream',
          'content-length': bytes,
        },
        timeout: 300_000,
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          done(res.statusCode, Buffer.concat(chunks).toString('utf8'), resolve, reject),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('stream sign timed out')));
    req.on('error', reject);
    fs.createReadStream(file, { highWaterMark: 1024 * 1024 }).pipe(req);
  });
}

// ---------------------------------------------------------------------------------------------
// Figures

/** Runs one figure; a failure becomes an ERROR row and a note, and the other figures still run. */
async function guarded(figure, label, run) {
  try {
    await run();
  } catch (error) {
    const message = String(error instanceof Error ? error.message : error).split('\n')[0];
    log(
      `bench: figure ${figure} (${label}) FAILED: ${error instanceof Error ? error.stack : error}`,
    );
    notes.push(`${figure}. ${label}: FAILED, ${message}`);
    results.push({
      figure,
      name: `${figure}. ${label}`,
      unit: '',
      target: '',
      status: 'ERROR',
      error: message,
    });
  }
}

async function inProcessFigures(ecAnchor, rsaAnchor) {
  if (want(1))
    await guarded(1, 'in-process CAdES-B-B', async () => {
      log('bench: figure 1, in-process CAdES-B-B');
      const ec = await inproc('cades-b', { algorithm: 'ecdsa-p256', seconds: P.inproc });
      const rsa = await inproc('cades-b', { algorithm: 'rsa-2048', seconds: P.inproc });
      const pk = await inproc('pkijs-sign', { seconds: P.inproc });
      record({
        figure: 1,
        name: '1. CAdES-B-B in-process, ECDSA P-256, per CPU s',
        value: ec.perCpuSecond,
        unit: 'sig/s',
        ...ecAnchor,
        wallRate: ec.perWallSecond,
        check: (r) => ({ pass: r.ratio >= 0.25, target: '>= 0.25 x openssl' }),
      });
      record({
        figure: 1,
        name: '1. CAdES-B-B in-process, ECDSA P-256, vs pkijs',
        value: ec.perCpuSecond,
        unit: 'sig/s',
        anchor: 'plain pkijs SignedData.sign P-256, per CPU s',
        anchorValue: pk.perCpuSecond,
        check: (r) => ({ pass: r.ratio >= 15, target: '>= 15 x pkijs' }),
      });
      record({
        figure: 1,
        name: '1. CAdES-B-B in-process, RSA-2048, per CPU s',
        value: rsa.perCpuSecond,
        unit: 'sig/s',
        ...rsaAnchor,
        wallRate: rsa.perWallSecond,
        check: (r) => ({ pass: r.ratio >= 0.8, target: '>= 0.80 x openssl' }),
      });
    });

  if (want(5))
    await guarded(5, 'in-process B-T verification', async () => {
      log('bench: figure 5, in-process B-T verification');
      const v = await inproc('verify-bt', { seconds: P.inproc });
      const pk = await inproc('pkijs-verify', { seconds: P.inproc });
      notes.push(`5. in-process: ${v.how}`);
      pkijsVerifyRate = pk.perCpuSecond;
      record({
        figure: 5,
        name: '5. B-T verification in-process, per CPU s',
        value: v.perCpuSecond,
        unit: 'verif/s',
        anchor: 'pkijs parse + SignedData.verify of the same B-T, per CPU s',
        anchorValue: pk.perCpuSecond,
        wallRate: v.perWallSecond,
        how: v.how,
        check: (r) => ({ pass: r.ratio >= 15, target: '>= 15 x pkijs' }),
      });
    });

  if (want(7))
    await guarded(7, 'in-process issuance', async () => {
      log('bench: figure 7, in-process issuance');
      const kept = await inproc('issue', { seconds: P.inproc, concurrency: 16 });
      const csr = await inproc('issue', { seconds: P.inproc, concurrency: 16, csr: true });
      record({
        figure: 7,
        name: '7. certificates issued in-process, kept P-256 key, 16 concurrent',
        value: kept.perWallSecond,
        unit: 'cert/s',
        ...ecAnchor,
        perCpuSecond: kept.perCpuSecond,
        check: (r) => ({ pass: r.value >= 1000, target: '>= 1,000/s' }),
      });
      record({
        figure: 7,
        name: '7. certificates issued in-process, from a P-256 CSR, 16 concurrent',
        value: csr.perWallSecond,
        unit: 'cert/s',
        ...ecAnchor,
        perCpuSecond: csr.perCpuSecond,
        target: '(no key custody: the CA pipeline alone)',
      });
    });
}

/** Figure 8 (issue 17): signatures per second through SoftHSM (PKCS#11) beside the file vault. */
async function vaultFigure() {
  await guarded(8, 'key vaults', async () => {
    log('bench: figure 8, file vault and SoftHSM (PKCS#11)');
    for (const algorithm of ['ecdsa-p256', 'rsa-2048']) {
      const file = await inproc('vault-sign', { vault: 'file', algorithm, seconds: P.inproc });
      const hsm = await inproc('vault-sign', { vault: 'pkcs11', algorithm, seconds: P.inproc });
      record({
        figure: 8,
        name: `8. signatures through SoftHSM (PKCS#11), ${algorithm}, 32 in flight`,
        value: hsm.perWallSecond,
        unit: 'sig/s',
        anchor: `file vault, same key type and load`,
        anchorValue: file.perWallSecond,
        perCpuSecond: hsm.perCpuSecond,
        target: '(informational: an HSM is slower and holds the key)',
      });
    }
  });
}

async function httpFigures(ecAnchor, rsaAnchor) {
  log('bench: starting Signet (node bin/start.js)');
  const server = await startServer({ profileDir: PROFILE ? PROFILE_DIR : undefined });
  const work = procs.tempDir('work');
  try {
    const { port, adminToken } = server;
    const serverCpuSeconds = server.cpuSeconds;
    const admin = (method, path, body) => jsonRequest(port, method, path, adminToken, body);
    const keys = {};
    for (const [id, algorithm] of [
      ['bench-ec', 'ecdsa-p256'],
      ['bench-rsa', 'rsa-2048'],
    ]) {
      keys[id] = (await admin('POST', '/api/v1/departments', { id, name: id })).apiKey;
      await admin('POST', '/api/v1/certificates', { department: id, algorithm });
    }
    await admin('POST', '/api/v1/departments', { id: 'bench-issue', name: 'bench-issue' });

    // Figure 6 first, while the server's heap holds nothing of the other loads.
    if (want(6))
      await guarded(6, 'streamed signing', () => streamFigure(server, keys['bench-ec'], work));

    // Figure 7 over the admin API; it also makes the certificates the OCSP figure asks about.
    if (want(7) || want(4))
      await guarded(7, 'issuance over the admin API', async () => {
        log('bench: figure 7, issuance over the admin API');
        const body = JSON.stringify({ department: 'bench-issue', algorithm: 'ecdsa-p256' });
        const headers = {
          Authorization: `Bearer ${adminToken}`,
          'Content-Type': 'application/json',
        };
        const r = await load('7. admin API', {
          port,
          concurrency: 8,
          durationMs: P.issueHttpMs,
          maxRequests: 20_000,
          requests: [httpRequest('POST', '/api/v1/certificates', port, headers, body)],
          serverCpuSeconds,
        });
        if (want(7)) {
          record({
            figure: 7,
            name: '7. certificates issued, admin API, kept P-256 key, 8 concurrent',
            value: r.rate,
            unit: 'cert/s',
            ...ecAnchor,
            p50Ms: r.p50Ms,
            p99Ms: r.p99Ms,
            serverCpuMsPerOp: r.serverCpuMsPerResponse,
            check: (row) => ({ pass: row.value >= 1000, target: '>= 1,000/s' }),
          });
        }
      });

    if (want(4)) await guarded(4, 'HTTP /ocsp', () => ocspFigure(server, work));

    if (want(2))
      await guarded(2, 'HTTP sign/digest', async () => {
        for (const [id, label, anchor] of [
          ['bench-ec', 'ECDSA P-256', ecAnchor],
          ['bench-rsa', 'RSA-2048', rsaAnchor],
        ]) {
          for (const level of ['B-B', 'B-T']) {
            log(`bench: figure 2, sign/digest ${label} ${level}`);
            const headers = {
              Authorization: `Bearer ${keys[id]}`,
              'Content-Type': 'application/json',
            };
            const requests = Array.from({ length: 512 }, () =>
              httpRequest(
                'POST',
                `/api/v1/sign/digest?level=${level}`,
                port,
                headers,
                JSON.stringify({
                  digestAlgorithm: 'sha256',
                  digest: randomBytes(32).toString('hex'),
                }),
              ),
            );
            const r = await load(`2. ${label} ${level}`, {
              port,
              concurrency: CONCURRENCY,
              requests,
              serverCpuSeconds,
            });
            const targeted = id === 'bench-ec' && level === 'B-B';
            record({
              figure: 2,
              name: `2. HTTP sign/digest ${label} ${level}, ${CONCURRENCY} concurrent`,
              value: r.rate,
              unit: 'sig/s',
              ...anchor,
              p50Ms: r.p50Ms,
              p99Ms: r.p99Ms,
              serverCpuMsPerOp: r.serverCpuMsPerResponse,
              check: targeted
                ? (row) => ({
                    pass: row.value >= 4000 && row.p99Ms < 50,
                    target: '>= 4,000/s, p99 < 50 ms',
                  })
                : undefined,
            });
          }
        }
      });

    if (want(3))
      await guarded(3, 'HTTP /tsa', async () => {
        log('bench: figure 3, /tsa');
        const requests = Array.from({ length: 512 }, () =>
          httpRequest(
            'POST',
            '/tsa',
            port,
            { 'Content-Type': 'application/timestamp-query' },
            timeStampRequest(),
          ),
        );
        let granted = true;
        const r = await load('3. /tsa', {
          port,
          concurrency: CONCURRENCY,
          requests,
          serverCpuSeconds,
          // TimeStampResp status PKIStatusInfo { granted (0) }: 30 03 02 01 00 after the outer header.
          onResponse: (status, body) => {
            if (status !== 200 || body.indexOf(Buffer.from('3003020100', 'hex')) < 0)
              granted = false;
          },
        });
        if (!granted) notes.push('3. /tsa: a sampled response was not "granted"');
        record({
          figure: 3,
          name: `3. HTTP /tsa timestamps, ECDSA TSA key, ${CONCURRENCY} concurrent`,
          value: r.rate,
          unit: 'tst/s',
          ...ecAnchor,
          p50Ms: r.p50Ms,
          p99Ms: r.p99Ms,
          serverCpuMsPerOp: r.serverCpuMsPerResponse,
          check: (row) => ({ pass: row.value >= 5000, target: '>= 5,000/s' }),
        });
      });

    if (want(5))
      await guarded(5, 'HTTP verification', () => verifyHttpFigure(server, keys['bench-ec']));
  } finally {
    log('bench: stopping Signet');
    await server.stop();
    procs.removeDir(work);
  }
}

async function ocspFigure(server, work) {
  const { port, adminToken } = server;
  const list = await jsonRequest(
    port,
    'GET',
    '/api/v1/certificates?department=bench-issue',
    adminToken,
  );
  const serials = list.certificates.map((c) => c.serial).slice(0, P.ocspCerts);
  if (serials.length === 0) throw new Error('no certificates to ask OCSP about');
  const issuerDer = await getBytes(port, '/ca/issuing.crt');
  const issuer = issuerHashes(issuerDer);
  const bodies = serials.map((s) => ocspRequest(issuer, s));
  const requestsFor = (p) =>
    bodies.map((b) =>
      httpRequest('POST', '/ocsp', p, { 'Content-Type': 'application/ocsp-request' }, b),
    );
  // A "good" SingleResponse holds certStatus good: [0] IMPLICIT NULL, 80 00.
  const isGood = (status, body) => status === 200 && body.indexOf(Buffer.from('8000', 'hex')) >= 0;

  log(`bench: figure 4, Signet /ocsp over ${serials.length} certificates`);
  let signetGood = true;
  const s = await load('4. Signet /ocsp', {
    port,
    concurrency: CONCURRENCY,
    requests: requestsFor(port),
    serverCpuSeconds: server.cpuSeconds,
    onResponse: (status, body) => (signetGood = signetGood && isGood(status, body)),
  });
  const dir = join(work, 'openssl-ocsp');
  fs.mkdirSync(dir);
  const responder = await openssl.startOcspResponder(dir, {
    issuerPem: toPem(issuerDer),
    serials,
  });
  let o;
  let opensslGood = true;
  try {
    log('bench: figure 4, the openssl ocsp -index responder');
    o = await load('4. openssl ocsp', {
      port: responder.port,
      concurrency: CONCURRENCY,
      requests: requestsFor(responder.port),
      serverCpuSeconds: () => openssl.procCpuSeconds(responder.pid),
      onResponse: (status, body) => (opensslGood = opensslGood && isGood(status, body)),
    });
  } finally {
    await responder.stop();
  }
  if (!signetGood) notes.push('4. Signet /ocsp: a sampled response was not "good"');
  if (!opensslGood) notes.push('4. openssl ocsp: a sampled response was not "good"');
  notes.push(
    `4. the OpenSSL responder answers for Signet's issuing CA and the same ${serials.length} ` +
      "serials (its index.txt is built from Signet's certificates), signing every response " +
      'with a P-256 responder key and certificate made by OpenSSL in this run (Signet keeps its ' +
      'OCSP key encrypted in its vault). Both get the same requests (SHA-1 CertID, no nonce); ' +
      'Signet serves pre-signed responses. OpenSSL answers HTTP/1.0 and closes each connection. ' +
      `Anchor: openssl ocsp -index index.txt -port P -rsigner responder.pem -rkey responder.key -CA issuer.pem -nmin 60; ` +
      `its CPU ms per response: ${fmt(o.serverCpuMsPerResponse, 3)}`,
  );
  record({
    figure: 4,
    name: `4. HTTP /ocsp, ${CONCURRENCY} concurrent, no nonce`,
    value: s.rate,
    unit: 'resp/s',
    anchor: 'openssl ocsp -index responder, same requests',
    anchorValue: o.rate,
    p50Ms: s.p50Ms,
    p99Ms: s.p99Ms,
    serverCpuMsPerOp: s.serverCpuMsPerResponse,
    anchorP50Ms: o.p50Ms,
    anchorP99Ms: o.p99Ms,
    anchorCpuMsPerOp: o.serverCpuMsPerResponse,
    check: (row) => ({ pass: row.ratio >= 3, target: '>= 3 x openssl ocsp' }),
  });
}

async function verifyHttpFigure(server, apiKey) {
  const { port } = server;
  // The verification route is being written: measure it only once it exists.
  const digest = randomBytes(32).toString('hex');
  const signed = await jsonRequest(port, 'POST', '/api/v1/sign/digest?level=B-T', apiKey, {
    digestAlgorithm: 'sha256',
    digest,
  });
  const body = JSON.stringify({
    digest: { algorithm: 'sha256', value: digest },
    signature: signed.signature,
  });
  const verifyRequest = httpRequest(
    'POST',
    '/api/v1/verify',
    port,
    { 'Content-Type': 'application/json' },
    body,
  );
  let probe;
  try {
    probe = await jsonRequest(port, 'POST', '/api/v1/verify', undefined, JSON.parse(body));
  } catch (error) {
    notes.push(
      `5. over HTTP: POST /api/v1/verify did not answer a report (${String(error instanceof Error ? error.message : error).slice(0, 120)}); not measured`,
    );
    return;
  }
  if (probe.indication !== 'TOTAL_PASSED') {
    notes.push(
      `5. over HTTP: the B-T signature was reported ${probe.indication}, not TOTAL_PASSED`,
    );
  }
  log('bench: figure 5, POST /api/v1/verify');
  const r = await load('5. /api/v1/verify', {
    port,
    concurrency: CONCURRENCY,
    requests: [verifyRequest],
    serverCpuSeconds: server.cpuSeconds,
  });
  record({
    figure: 5,
    name: `5. HTTP /api/v1/verify of a B-T signature, ${CONCURRENCY} concurrent`,
    value: r.rate,
    unit: 'verif/s',
    anchor: 'pkijs parse + SignedData.verify of the same B-T, per CPU s',
    anchorValue: pkijsVerifyRate,
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
    serverCpuMsPerOp: r.serverCpuMsPerResponse,
  });
}

async function streamFigure(server, apiKey, work) {
  const mib = P.streamMiB;
  log(`bench: figure 6, writing a ${mib} MiB file`);
  const file = makeFile(work, mib);
  const bytes = mib * 1024 * 1024;
  const dgst = openssl.opensslDgst(file, bytes, P.streamRuns);
  let best = Infinity;
  let bestCpu = Infinity;
  let peak = 0;
  let resetOk = true;
  let body;
  for (let i = 0; i < P.streamRuns; i += 1) {
    resetOk = server.resetPeakRss() && resetOk;
    log(`bench: figure 6, streaming ${mib} MiB to /api/v1/sign (${i + 1}/${P.streamRuns})`);
    const cpu0 = server.cpuSeconds();
    const r = await streamSign(server.port, apiKey, file, bytes);
    bestCpu = Math.min(bestCpu, server.cpuSeconds() - cpu0);
    best = Math.min(best, r.seconds);
    peak = Math.max(peak, server.peakRssMb());
    body = r.body;
  }
  if (body.digest.value !== (await sha256File(file))) {
    notes.push("6. the signed digest is not the file's SHA-256");
  }
  notes.push(
    `6. sent with ${hasCurl() ? 'curl -T' : 'node:http'}, best of ${P.streamRuns}; openssl dgst ` +
      `best of ${P.streamRuns}, wall clock, file in the page cache; peak RSS is the server's ` +
      `VmHWM${resetOk ? ', reset before each upload' : ' since it started (could not reset it)'}. ` +
      `Per CPU second: the server hashes ${fmt(bytes / 1e6 / bestCpu)} MB, openssl dgst ` +
      `${fmt(dgst.mbPerCpuSecond)} MB`,
  );
  record({
    figure: 6,
    name: `6. ${mib} MiB streamed to /api/v1/sign (B-B)`,
    value: bytes / 1e6 / best,
    unit: 'MB/s',
    anchor: 'openssl dgst -sha256, same file',
    anchorValue: dgst.mbPerSecond,
    peakRssMb: peak,
    serverMbPerCpuSecond: bytes / 1e6 / bestCpu,
    anchorMbPerCpuSecond: dgst.mbPerCpuSecond,
    check: (row) => ({
      pass: row.ratio >= 0.7 && row.peakRssMb <= 150,
      target: '>= 0.70 x openssl, RSS <= 150 MB',
    }),
  });
}

// ---------------------------------------------------------------------------------------------

function printTable(report) {
  const header = [
    'figure',
    'value',
    'unit',
    'anchor',
    'anchor value',
    'ratio',
    'p50/p99 ms',
    'server CPU ms/op',
    'peak RSS',
    'target',
    'result',
  ];
  const rows = report.figures.map((r) => [
    r.name,
    fmt(r.value),
    r.unit,
    r.anchor ?? '',
    fmt(r.anchorValue),
    r.ratio === undefined ? '-' : r.ratio.toFixed(3),
    r.p50Ms === undefined ? '' : `${fmt(r.p50Ms, 1)}/${fmt(r.p99Ms, 1)}`,
    r.serverCpuMsPerOp === undefined ? '' : fmt(r.serverCpuMsPerOp, 3),
    r.peakRssMb === undefined ? '' : `${Math.round(r.peakRssMb)} MB`,
    r.target,
    r.status,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  const out = [
    '',
    `Signet benchmark, ${report.mode} run, ${report.seconds.toFixed(0)} s, ${report.machine.cpus} CPUs, ${report.openssl}, Node ${report.node}`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    ...report.notes.map((n) => `note: ${n}`),
    `written: bench/out/latest.json`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

async function main() {
  procs.installExitHandlers();
  fs.mkdirSync(OUT, { recursive: true });
  if (PROFILE) fs.mkdirSync(PROFILE_DIR, { recursive: true });
  const started = runStarted;
  const build = ensureBuilt();
  const version = openssl.opensslVersion();
  log(
    `bench: ${QUICK ? 'quick' : 'full'} run on ${cpus().length} CPUs, ${version}, Node ${process.version}`,
  );
  notes.push(loadNote('at the start'));

  log(`bench: openssl speed -seconds ${SPEED_SECONDS} ecdsap256 rsa2048`);
  const speed = openssl.opensslSpeed(SPEED_SECONDS);
  const ecAnchor = {
    anchor: 'openssl speed ecdsap256 sign/s per CPU s',
    anchorValue: speed.ecdsaP256Sign,
  };
  const rsaAnchor = {
    anchor: 'openssl speed rsa2048 sign/s per CPU s',
    anchorValue: speed.rsa2048Sign,
  };

  await inProcessFigures(ecAnchor, rsaAnchor);
  if (want(8)) await vaultFigure();
  if ([2, 3, 4, 5, 6, 7].some(want)) await httpFigures(ecAnchor, rsaAnchor);

  writeReport(started, build, version, speed);
}

function writeReport(started, build, version, speed, error) {
  notes.push(loadNote('at the end'));
  const report = {
    date: new Date().toISOString(),
    mode: QUICK ? 'quick' : 'full',
    seconds: (Date.now() - started) / 1000,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: totalmem() / 1024 ** 3 },
    node: process.version,
    openssl: version,
    build,
    anchors: { opensslSpeed: speed },
    ...(error ? { error: String(error && error.stack ? error.stack : error) } : {}),
    notes,
    figures: results,
  };
  fs.writeFileSync(join(OUT, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  printTable(report);
}

main().catch((error) => {
  log(`bench: FAILED: ${error && error.stack ? error.stack : error}`);
  procs.stopAll();
  if (results.length > 0) {
    notes.push('the run FAILED before its end: the figures above are the ones measured');
    writeReport(runStarted, undefined, undefined, undefined, error);
  }
  process.exitCode = 1;
});
