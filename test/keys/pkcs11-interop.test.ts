/**
 * Issue 17, done-when 1 and 2: the whole PKI with every key in SoftHSM (SIGNET_KEYS=pkcs11), checked
 * by OpenSSL and pdfsig exactly as with file keys, and no key file in the data directory.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signet, signetJson } from '../helpers/cli';
import { mustOpenssl, openssl, tempDir } from '../helpers/openssl';
import { fetchCaFiles } from '../helpers/pki-files';
import { samplePdf } from '../helpers/sample-pdf';
import { startServer, type RunningServer } from '../helpers/server';
import { pkcs11Tool, softHsmToken, type SoftHsmToken } from '../helpers/softhsm';
import { nssDbTrustingRoot, pdfsig } from '../core/pades/helpers';

describe('the PKI with its keys in a PKCS#11 token (SoftHSM)', () => {
  let token: SoftHsmToken;
  let server: RunningServer;
  let files: string;
  let ca: { root: string; issuing: string; chain: string };
  let apiKey: string;
  const f = (n: string): string => join(files, n);
  const post = (path: string, bearer: string, body: Buffer | string, type: string) =>
    fetch(server.url + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': type },
      body,
    });

  beforeAll(async () => {
    token = softHsmToken('signet-interop');
    // The development bootstrap (no passphrase) makes the CA in the token, with the URLs written
    // into certificates following the server's port, so pdfsig's OCSP check reaches it.
    server = await startServer(token.env);
    files = tempDir('signet-pkcs11-interop-');
    ca = await fetchCaFiles(server.url, files);
    apiKey = server.demoApiKey;
    writeFileSync(f('doc.txt'), 'An official notice signed by a key in an HSM.\n');
  });
  afterAll(async () => {
    await server.stop();
  });

  it('lists every key (CA, TSA, OCSP, audit, validation, department) in the token with its purpose', () => {
    const { keys } = signetJson<{ keys: any[] }>(
      ['keys', 'list', '--data-dir', server.dataDir],
      token.env,
    );
    expect(keys.flatMap((k) => k.purposes).sort()).toEqual([
      'OCSP responder',
      'audit log anchors',
      'department demo',
      'issuing CA',
      'root CA',
      'time-stamping authority',
      'validation receipts',
    ]);
    for (const k of keys) {
      expect(k).toMatchObject({ custody: 'pkcs11', present: true });
      expect(k.location).toBe(`PKCS#11 token "${token.label}" (${token.module})`);
    }
    // pkcs11-tool sees each of them as a sensitive, never extractable private key.
    for (const k of keys) {
      const listing = pkcs11Tool(token, ['--list-objects', '--type', 'privkey', '--id', k.keyId]);
      expect(listing).toMatch(/Access:\s+sensitive, always sensitive, never extractable/);
    }
  });

  it('says in signet cert show that the department key is kept in the HSM', () => {
    const { certificates } = signetJson<{ certificates: { serial: string; department: string }[] }>(
      ['cert', 'list', '--data-dir', server.dataDir],
      token.env,
    );
    const demo = certificates.find((c) => c.department === 'demo');
    const shown = signet(['cert', 'show', demo?.serial ?? '', '--data-dir', server.dataDir]);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toMatch(/key:\s+kept by Signet in the HSM's PKCS#11 token/);
  });

  it('answers 1,000 concurrent signing requests through the token, each with its own signature', async () => {
    const answers = await Promise.all(
      Array.from({ length: 1000 }, async (_, i) => {
        const digest = createHash('sha256').update(`notice ${i}`).digest('hex');
        const r = await post(
          '/api/v1/sign/digest?level=B-B',
          apiKey,
          JSON.stringify({ digestAlgorithm: 'sha256', digest }),
          'application/json',
        );
        return { status: r.status, body: (await r.json()) as { verificationCode?: string } };
      }),
    );
    expect(answers.filter((a) => a.status !== 201)).toEqual([]);
    expect(new Set(answers.map((a) => a.body.verificationCode)).size).toBe(1000);
  }, 300_000);

  it('issues a department certificate that OpenSSL verifies up to the root', async () => {
    const r = await post(
      '/api/v1/certificates',
      server.adminToken,
      JSON.stringify({ department: 'demo', algorithm: 'rsa-2048' }),
      'application/json',
    );
    expect(r.status).toBe(201);
    const issued = (await r.json()) as { certificate: string; serial: string };
    writeFileSync(f('dept.pem'), issued.certificate);
    const shown = (await (
      await fetch(`${server.url}/api/v1/certificates/${issued.serial}`, {
        headers: { authorization: `Bearer ${server.adminToken}` },
      })
    ).json()) as any;
    expect(shown).toMatchObject({ keyCustody: 'pkcs11', hsmHeld: true });
    const ok = openssl(['verify', '-CAfile', ca.root, '-untrusted', ca.issuing, f('dept.pem')]);
    expect(ok.stdout).toContain('dept.pem: OK');
    // The negative beside it: without the issuing CA there is no path.
    expect(openssl(['verify', '-CAfile', ca.root, f('dept.pem')]).status).not.toBe(0);
  });

  it('makes a CAdES B-T signature that openssl cms -verify accepts, its time-stamp too', async () => {
    const r = await post(
      '/api/v1/sign?format=cades&level=B-T&name=doc.txt',
      apiKey,
      'An official notice signed by a key in an HSM.\n',
      'application/octet-stream',
    );
    expect(r.status).toBe(201);
    const body = (await r.json()) as { signature: string; verificationCode: string };
    // The registry and the verification report say the key was held in an HSM.
    const entry = (await (
      await fetch(`${server.url}/api/v1/documents/${body.verificationCode}`)
    ).json()) as any;
    expect(entry.certificate.hsmHeld).toBe(true);
    writeFileSync(f('doc.p7s'), Buffer.from(body.signature, 'base64'));
    const verify = (content: string) =>
      openssl([
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        f('doc.p7s'),
        '-content',
        content,
        '-CAfile',
        ca.root,
        '-purpose',
        'any',
        '-out',
        '/dev/null',
      ]);
    expect(verify(f('doc.txt')).stderr).toContain('CMS Verification successful');
    writeFileSync(f('changed.txt'), 'An official notice signed by a key in an HSM!\n');
    expect(verify(f('changed.txt')).stderr).toContain('CMS Verification failure');
    const printed = openssl([
      'cms',
      '-cmsout',
      '-print',
      '-inform',
      'DER',
      '-in',
      f('doc.p7s'),
    ]).stdout;
    expect(printed).toContain('id-smime-aa-timeStampToken');
  });

  it('answers an RFC 3161 query with a token that openssl ts -verify accepts', async () => {
    mustOpenssl(['ts', '-query', '-data', f('doc.txt'), '-sha256', '-cert', '-out', f('q.tsq')]);
    const r = await post('/tsa', '', readFileSync(f('q.tsq')), 'application/timestamp-query');
    writeFileSync(f('q.tsr'), Buffer.from(await r.arrayBuffer()));
    const v = openssl([
      'ts',
      '-verify',
      '-in',
      f('q.tsr'),
      '-queryfile',
      f('q.tsq'),
      '-CAfile',
      ca.root,
      '-untrusted',
      ca.issuing,
    ]);
    expect(v.stdout).toContain('Verification: OK');
  });

  it('answers OCSP with a response OpenSSL verifies, and publishes a CRL OpenSSL verifies', async () => {
    const ocsp = openssl([
      'ocsp',
      '-issuer',
      ca.issuing,
      '-cert',
      f('dept.pem'),
      '-url',
      `${server.url}/ocsp`,
      '-CAfile',
      ca.root,
    ]);
    expect(ocsp.stdout + ocsp.stderr).toContain('Response verify OK');
    expect(ocsp.stdout).toContain('dept.pem: good');
    writeFileSync(
      f('issuing.crl'),
      Buffer.from(await (await fetch(`${server.url}/crl/issuing.crl`)).arrayBuffer()),
    );
    const crl = openssl([
      'crl',
      '-inform',
      'DER',
      '-in',
      f('issuing.crl'),
      '-CAfile',
      ca.chain,
      '-noout',
    ]);
    expect(crl.stdout + crl.stderr).toContain('verify OK');
    // The negative beside it: against another root, the CRL's signature does not verify.
    mustOpenssl([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      f('other.key'),
      '-out',
      f('other.pem'),
      '-subj',
      '/CN=Other',
      '-days',
      '1',
    ]);
    const wrong = openssl([
      'crl',
      '-inform',
      'DER',
      '-in',
      f('issuing.crl'),
      '-CAfile',
      f('other.pem'),
      '-noout',
    ]);
    expect(wrong.stdout + wrong.stderr).not.toContain('verify OK');
  });

  it('signs a PAdES PDF that pdfsig finds valid and trusted', async () => {
    const r = await post(
      '/api/v1/sign?format=pades&level=B-T&name=notice.pdf',
      apiKey,
      await samplePdf(),
      'application/pdf',
    );
    expect(r.status).toBe(201);
    const report = pdfsig(nssDbTrustingRoot(ca.root), new Uint8Array(await r.arrayBuffer()));
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain('Certificate Validation: Certificate is Trusted.');
  });
  it('backs up the database alone: the keys stay in the token', () => {
    const target = join(tempDir(), 'backup');
    const r = signetJson<{ files: string[] }>(
      ['backup', target, '--data-dir', server.dataDir],
      token.env,
    );
    expect(r.files).toEqual(['signet.db']);
    expect(readdirSync(target)).toEqual(['signet.db']);
  });

  it('has written no key file into the data directory, after all of the above', () => {
    const all = readdirSync(server.dataDir, { recursive: true }).map(String);
    expect(all).toContain('signet.db');
    expect(all.filter((name) => name.startsWith('keys') || name.endsWith('.key'))).toEqual([]);
  });
});

describe('start-up with SIGNET_KEYS=pkcs11', () => {
  let token: SoftHsmToken;
  beforeAll(() => {
    token = softHsmToken('signet-startup');
  });
  const start = (env: Record<string, string>) => {
    const r = spawnSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'start.js')], {
      env: { PATH: process.env.PATH, PORT: '0', SIGNET_DATA_DIR: tempDir(), ...token.env, ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: r.status, stderr: r.stderr.trim() };
  };

  it.each<[string, () => Record<string, string>, () => string]>([
    [
      'a wrong PIN',
      () => ({ SIGNET_PKCS11_PIN_FILE: pinFile('999999') }),
      () => `The PKCS#11 token "${token.label}" refuses the PIN in SIGNET_PKCS11_PIN_FILE.`,
    ],
    [
      'a missing module',
      () => ({ SIGNET_PKCS11_MODULE: '/nonexistent/libpkcs11.so' }),
      () => 'The PKCS#11 module /nonexistent/libpkcs11.so (SIGNET_PKCS11_MODULE) cannot be loaded.',
    ],
    [
      'a missing token',
      () => ({ SIGNET_PKCS11_TOKEN: 'absent' }),
      () =>
        `No PKCS#11 token labelled "absent" (SIGNET_PKCS11_TOKEN) is present in ${token.module}.`,
    ],
    [
      'no PIN file',
      () => ({ SIGNET_PKCS11_PIN_FILE: '' }),
      () => 'SIGNET_KEYS=pkcs11 needs SIGNET_PKCS11_PIN_FILE to be set as well.',
    ],
  ])('stops with one sentence for %s', (_what, env, sentence) => {
    const r = start(env());
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n').filter((l) => !l.includes('"level":40'))).toEqual([
      `Signet could not start: ${sentence()}`,
    ]);
  });

  function pinFile(pin: string): string {
    const path = join(tempDir(), 'pin');
    writeFileSync(path, `${pin}\n`);
    return path;
  }
});
