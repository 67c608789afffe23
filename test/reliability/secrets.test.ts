/**
 * Secrets stay secret: after real traffic (departments, certificates from kept keys and from a
 * CSR, revocation, CAdES signing at every level, OCSP, TSA, registry look-ups, rescission,
 * refusals), no log line and no HTTP answer holds a token, the passphrase or private key material
 * (each key of the vault decrypted here and searched for in raw, hex and base64 forms); tokens in
 * the database are SHA-256 hashes; key files are 0600 and encrypted; and a wrong passphrase stops
 * the start with one clear sentence and a non-zero exit.
 */
import { spawn } from 'node:child_process';
import { createHash, createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { decodeKeyFile } from '../../src/keys/key-file';
import { openMasterKey } from '../../src/keys/vault-header';
import { encodingsOf, markersIn, PKCS8_MARKERS } from '../keys/scan';
import { ecKeyAndCsr, mustOpenssl, tempDir } from '../helpers/openssl';
import { fetchCaFiles } from '../helpers/pki-files';
import { startServer, type RunningServer } from '../helpers/server';
import { Client, type Answer } from './harness';

const PASSPHRASE = `secrets-test-${randomBytes(12).toString('hex')}`;
const SCRAPE_TOKEN = `scrape-${randomBytes(24).toString('hex')}`;
const mode = (path: string) => statSync(path).mode & 0o777;

/** The private values of a key: EC d, RSA d, p, q (JWK), and its whole PKCS#8 DER. */
function privateParts(key: KeyObject): Buffer[] {
  const jwk = key.export({ format: 'jwk' });
  const parts = [jwk.d, jwk.p, jwk.q]
    .filter((v): v is string => typeof v === 'string')
    .map((v) => Buffer.from(v, 'base64url'));
  const pkcs8 = key.export({ format: 'der', type: 'pkcs8' });
  // 32-byte windows: long enough never to occur by chance, short enough to catch a fragment.
  return [...parts, pkcs8].map((b) => b.subarray(0, 32));
}

describe('secrets after real traffic', () => {
  let server: RunningServer;
  let client: Client;
  const answers: { label: string; answer: Answer }[] = [];
  /** The one answer that is meant to show a department key: its creation, to the admin. */
  let departmentCreation: Answer | undefined;
  let financeKey = '';
  let csrKeyPem = '';

  beforeAll(async () => {
    server = await startServer({
      SIGNET_KEY_PASSPHRASE: PASSPHRASE,
      SIGNET_METRICS_TOKEN: SCRAPE_TOKEN,
      SIGNET_RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'debug',
    });
    client = new Client(server.url, 4);
    const admin = server.adminToken;
    const record = async (label: string, p: Promise<Answer>) => {
      const answer = await p;
      answers.push({ label, answer });
      return answer;
    };
    const as =
      (token: string | undefined) =>
      (t: Record<string, string> = {}) => ({
        ...t,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      });

    departmentCreation = await client.json(
      'POST',
      '/api/v1/departments',
      { id: 'finance', name: 'Finance Bureau' },
      admin,
    );
    expect(departmentCreation.status).toBe(201);
    financeKey = JSON.parse(departmentCreation.body.toString()).apiKey;

    const files = tempDir('signet-secrets-');
    ecKeyAndCsr(join(files, 'k.pem'), join(files, 'r.pem'), '/CN=x');
    csrKeyPem = readFileSync(join(files, 'k.pem'), 'utf8');
    const csr = readFileSync(join(files, 'r.pem'), 'utf8');

    const certs: string[] = [];
    for (const body of [
      { department: 'finance' },
      { department: 'finance', algorithm: 'rsa-2048' },
      { department: 'finance', csr },
    ]) {
      const a = await record('issue', client.json('POST', '/api/v1/certificates', body, admin));
      expect(a.status).toBe(201);
      certs.push(JSON.parse(a.body.toString()).serial);
    }
    await record('list', client.request('GET', '/api/v1/certificates', { headers: as(admin)() }));
    await record(
      'show',
      client.request('GET', `/api/v1/certificates/${certs[0]}`, { headers: as(admin)() }),
    );
    await record(
      'revoke',
      client.json(
        'POST',
        `/api/v1/certificates/${certs[2]}/revoke`,
        { reason: 'keyCompromise' },
        admin,
      ),
    );
    const docs: { id: string; verificationCode: string }[] = [];
    for (const level of ['B-B', 'B-T', 'B-LT']) {
      const streamed = await record(
        `sign ${level}`,
        client.request('POST', `/api/v1/sign?level=${level}&name=budget.txt`, {
          headers: as(financeKey)({ 'content-type': 'application/octet-stream' }),
          body: `The budget, signed at ${level}.`,
        }),
      );
      expect(streamed.status).toBe(201);
      docs.push(JSON.parse(streamed.body.toString()));
      const digest = createHash('sha256').update(level).digest('hex');
      const byDigest = await record(
        `sign digest ${level}`,
        client.json(
          'POST',
          `/api/v1/sign/digest?level=${level}`,
          { digestAlgorithm: 'sha256', digest },
          server.demoApiKey,
        ),
      );
      expect(byDigest.status).toBe(201);
    }
    for (const d of docs) {
      await record('look-up', client.request('GET', `/api/v1/documents/${d.verificationCode}`));
    }
    await record(
      'rescind',
      client.json(
        'POST',
        `/api/v1/documents/${docs[0]?.id}/rescind`,
        { reason: 'Replaced.' },
        financeKey,
      ),
    );
    writeFileSync(join(files, 'doc'), 'x');
    mustOpenssl([
      'ts',
      '-query',
      '-data',
      join(files, 'doc'),
      '-sha256',
      '-cert',
      '-out',
      join(files, 'q.tsq'),
    ]);
    await record(
      'tsa',
      client.request('POST', '/tsa', {
        headers: { 'content-type': 'application/timestamp-query' },
        body: readFileSync(join(files, 'q.tsq')),
      }),
    );
    await fetchCaFiles(server.url, files); // writes issuing.pem (and root.pem, chain.pem)
    mustOpenssl([
      'ocsp',
      '-issuer',
      join(files, 'issuing.pem'),
      '-serial',
      `0x${certs[2]}`,
      '-reqout',
      join(files, 'o.der'),
    ]);
    await record(
      'ocsp',
      client.request('POST', '/ocsp', {
        headers: { 'content-type': 'application/ocsp-request' },
        body: readFileSync(join(files, 'o.der')),
      }),
    );
    for (const path of [
      '/crl/issuing.crl',
      '/ca/root.crt',
      '/healthz',
      '/readyz',
      '/api/openapi.json',
    ]) {
      await record(path, client.request('GET', path));
    }
    await record('metrics (admin)', client.request('GET', '/metrics', { headers: as(admin)() }));
    await record(
      'metrics (scrape)',
      client.request('GET', '/metrics', { headers: as(SCRAPE_TOKEN)() }),
    );
    // Refusals: a token one character off, a key where another is needed, a token as a query.
    const almost = `${admin.slice(0, -1)}${admin.endsWith('A') ? 'B' : 'A'}`;
    await record(
      'almost admin',
      client.request('GET', '/api/v1/departments', { headers: as(almost)() }),
    );
    await record(
      'department on admin',
      client.request('GET', '/api/v1/departments', { headers: as(financeKey)() }),
    );
    await record('admin on department', client.json('POST', '/api/v1/sign/digest', {}, admin));
    await record(
      'token in query',
      client.request('GET', `/api/v1/departments?access_token=${admin}`),
    );
    await record(
      'bad JSON',
      client.request('POST', '/api/v1/departments', {
        headers: as(admin)({ 'content-type': 'application/json' }),
        body: `{"id": "${financeKey}`,
      }),
    );
    await record(
      'bad serial',
      client.request('GET', '/api/v1/certificates/ZZ', { headers: as(admin)() }),
    );
  });

  afterAll(async () => {
    client?.close();
    if (server?.process.exitCode === null) await server.stop();
  });

  it('no log line and no HTTP answer holds a token, the passphrase or private key material', async () => {
    // The private keys: every key of the vault, decrypted here, and the CSR's key.
    const keysDir = join(server.dataDir, 'keys');
    const master = await openMasterKey(keysDir, Buffer.from(PASSPHRASE));
    const keyFiles = readdirSync(keysDir).filter((f) => f.endsWith('.key'));
    const keys = keyFiles.map(
      (f) =>
        decodeKeyFile(master, f.replace(/\.key$/, ''), readFileSync(join(keysDir, f))).privateKey,
    );
    keys.push(createPrivateKey(csrKeyPem));
    const secrets: Record<string, Buffer[]> = {
      'admin token': [Buffer.from(server.adminToken)],
      'demo API key': [Buffer.from(server.demoApiKey)],
      'finance API key': [Buffer.from(financeKey)],
      'scrape token': [Buffer.from(SCRAPE_TOKEN)],
      passphrase: [Buffer.from(PASSPHRASE)],
      'private key material': keys.flatMap(privateParts),
    };
    const haystacks: { where: string; content: Buffer }[] = [
      { where: 'server log', content: Buffer.from(server.logs()) },
      ...answers.map(({ label, answer }) => ({
        where: `answer to ${label}`,
        content: Buffer.concat([Buffer.from(JSON.stringify(answer.headers)), answer.body]),
      })),
    ];
    const found: string[] = [];
    for (const { where, content } of haystacks) {
      for (const [name, values] of Object.entries(secrets)) {
        if (values.some((v) => encodingsOf(v).some((form) => content.includes(form))))
          found.push(`${name} in the ${where}`);
      }
      if (content.includes('PRIVATE KEY')) found.push(`a PEM private key in the ${where}`);
    }
    // The department's key appears exactly once: in the answer that created it, to the admin.
    expect(departmentCreation?.body.toString()).toContain(financeKey);
    console.log(
      `secrets: searched ${haystacks.length - 1} HTTP answers and ${server.logs().split('\n').length} log lines ` +
        `for 4 tokens, the passphrase and ${keys.length} private keys (${secrets['private key material']?.length} ` +
        `fragments, raw/hex/base64): ${found.length ? found.join('; ') : 'none found'}`,
    );
    expect(found).toEqual([]);
  });

  it('keeps tokens as SHA-256 hashes and no secret in the database', () => {
    const db = new Database(join(server.dataDir, 'signet.db'), { readonly: true });
    const hashes = db.prepare('SELECT token_hash FROM tokens').pluck().all() as string[];
    db.close();
    expect(hashes.length).toBe(3); // admin, demo, finance
    for (const h of hashes) expect(h).toMatch(/^[0-9a-f]{64}$/);
    const expected = [server.adminToken, server.demoApiKey, financeKey].map((t) =>
      createHash('sha256').update(t).digest('hex'),
    );
    expect(hashes.sort()).toEqual(expected.sort());
    const content = Buffer.concat(
      ['signet.db', 'signet.db-wal']
        .map((f) => join(server.dataDir, f))
        .filter((p) => {
          try {
            return statSync(p).isFile();
          } catch {
            return false;
          }
        })
        .map((p) => readFileSync(p)),
    );
    for (const secret of [server.adminToken, server.demoApiKey, financeKey, PASSPHRASE])
      expect(content.includes(Buffer.from(secret))).toBe(false);
    console.log(
      `secrets: ${hashes.length} tokens stored as 64-hex SHA-256 hashes; no token or passphrase in ${content.length} bytes of database`,
    );
  });

  it('keeps key files 0600 in a 0700 folder, encrypted (no PKCS#8 in any form)', () => {
    const keysDir = join(server.dataDir, 'keys');
    expect(mode(keysDir)).toBe(0o700);
    expect(mode(join(server.dataDir, 'signet.db'))).toBe(0o600);
    const files = readdirSync(keysDir);
    const problems: string[] = [];
    for (const f of files) {
      const path = join(keysDir, f);
      if (mode(path) !== 0o600) problems.push(`${f} has mode ${mode(path).toString(8)}`);
      const content = readFileSync(path);
      const markers = markersIn(content, PKCS8_MARKERS);
      if (markers.length) problems.push(`${f} holds ${markers.join(', ')}`);
      try {
        createPrivateKey({ key: content, format: 'der', type: 'pkcs8' });
        problems.push(`${f} is a plain PKCS#8 key`);
      } catch {
        // encrypted, as it must be
      }
    }
    console.log(
      `secrets: ${files.length} files in keys/ (0700): all 0600, none holds PKCS#8 markers; problems: ${problems.length}`,
    );
    expect(problems).toEqual([]);
  });

  it('refuses to start with a wrong SIGNET_KEY_PASSPHRASE: one sentence, non-zero exit', async () => {
    expect(await server.stop('SIGTERM')).toBe(0);
    const wrong = `wrong-${randomBytes(12).toString('hex')}`;
    const child = spawn(process.execPath, [join(__dirname, '..', '..', 'bin', 'start.js')], {
      env: {
        PATH: process.env.PATH,
        PORT: '0',
        SIGNET_DATA_DIR: server.dataDir,
        SIGNET_KEY_PASSPHRASE: wrong,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    const lines = stderr.split('\n').filter((l) => l.trim() !== '');
    console.log(`secrets: wrong passphrase -> exit ${code}, stderr: ${JSON.stringify(lines)}`);
    expect(code).not.toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/passphrase/i);
    expect(lines[0]).toMatch(/^[^.]*\.$/); // one sentence
    expect(stdout).not.toContain('Signet is serving');
    for (const secret of [wrong, PASSPHRASE]) expect(stdout + stderr).not.toContain(secret);
  });
});
