/**
 * Issue 17 done-when 3: a department whose key lives outside Signet (made by OpenSSL here, as its
 * own HSM would hold it) signs through POST /api/v1/sign/prepare and /complete. Signet never sees
 * the private key; the result verifies in OpenSSL and in Signet; a wrong value is refused.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ecKeyAndCsr, mustOpenssl, openssl, tempDir } from '../helpers/openssl';
import { fetchCaFiles } from '../helpers/pki-files';
import { startServer, type RunningServer } from '../helpers/server';

describe('two-phase signing with a key the department keeps (prepare / complete)', () => {
  let server: RunningServer;
  let files: string;
  let ca: { root: string; issuing: string; chain: string };
  const apiKeys: Record<string, string> = {};
  const f = (n: string): string => join(files, n);
  const post = (path: string, bearer: string, body: unknown) =>
    fetch(server.url + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const document = 'A notice signed in the department, with its own key.\n';
  const digest = createHash('sha256').update(document).digest('hex');
  const prepare = async (department: string, body: Record<string, unknown> = {}) => {
    const r = await post(
      '/api/v1/sign/prepare?level=B-T&name=notice.txt',
      apiKeys[department] ?? '',
      {
        digestAlgorithm: 'sha256',
        digest,
        ...body,
      },
    );
    return { status: r.status, body: (await r.json()) as any };
  };
  /** The department's own signing step: OpenSSL with the key Signet never saw. */
  const signOutside = (key: string, data: Buffer, name: string): string => {
    writeFileSync(f(`${name}.tbs`), data);
    mustOpenssl([
      'pkeyutl',
      '-sign',
      '-inkey',
      key,
      '-rawin',
      '-digest',
      'sha256',
      '-in',
      f(`${name}.tbs`),
      '-out',
      f(`${name}.sig`),
    ]);
    return readFileSync(f(`${name}.sig`)).toString('base64');
  };

  beforeAll(async () => {
    server = await startServer();
    files = tempDir('signet-two-phase-');
    ca = await fetchCaFiles(server.url, files);
    writeFileSync(f('notice.txt'), document);
    ecKeyAndCsr(f('ec.key'), f('ec.csr'), '/CN=Own Key Bureau');
    mustOpenssl([
      'genpkey',
      '-algorithm',
      'RSA',
      '-pkeyopt',
      'rsa_keygen_bits:2048',
      '-out',
      f('rsa.key'),
    ]);
    mustOpenssl([
      'req',
      '-new',
      '-key',
      f('rsa.key'),
      '-subj',
      '/CN=RSA Bureau',
      '-out',
      f('rsa.csr'),
    ]);
    for (const [id, csr] of [
      ['ownkey', 'ec.csr'],
      ['rsakey', 'rsa.csr'],
    ] as const) {
      const dep = await post('/api/v1/departments', server.adminToken, { id, name: id });
      apiKeys[id] = ((await dep.json()) as { apiKey: string }).apiKey;
      const cert = await post('/api/v1/certificates', server.adminToken, {
        department: id,
        csr: readFileSync(f(csr), 'utf8'),
      });
      expect(cert.status).toBe(201);
    }
    apiKeys.demo = server.demoApiKey;
  });
  afterAll(async () => {
    await server.stop();
  });

  it.each([
    ['ownkey', 'ec.key', 'ecdsa'],
    ['rsakey', 'rsa.key', 'rsa-pkcs1'],
  ])(
    'signs for %s: OpenSSL and Signet verify the B-T signature',
    async (department, key, algorithm) => {
      const prepared = await prepare(department);
      expect(prepared.status).toBe(201);
      expect(prepared.body).toMatchObject({
        digestAlgorithm: 'sha256',
        signatureAlgorithm: algorithm,
      });
      const tbs = Buffer.from(prepared.body.dataToBeSigned, 'base64');
      expect(tbs[0]).toBe(0x31); // the signed attributes as a SET OF (RFC 5652 5.4)
      const r = await post('/api/v1/sign/complete', apiKeys[department] ?? '', {
        handle: prepared.body.handle,
        signatureValue: signOutside(f(key), tbs, department),
      });
      expect(r.status).toBe(201);
      const signed = (await r.json()) as any;
      expect(signed).toMatchObject({
        level: 'B-T',
        certificateSerial: prepared.body.certificateSerial,
      });
      expect(signed.signedAt).toBe(prepared.body.signingTime);
      writeFileSync(f(`${department}.p7s`), Buffer.from(signed.signature, 'base64'));
      const verify = (content: string) =>
        openssl([
          'cms',
          '-verify',
          '-binary',
          '-inform',
          'DER',
          '-in',
          f(`${department}.p7s`),
          '-content',
          content,
          '-CAfile',
          ca.root,
          '-purpose',
          'any',
          '-out',
          '/dev/null',
        ]);
      expect(verify(f('notice.txt')).stderr).toContain('CMS Verification successful');
      writeFileSync(f('other.txt'), 'Another text.\n');
      expect(verify(f('other.txt')).stderr).toContain('CMS Verification failure');

      const form = new FormData();
      form.append('document', new Blob([document]), 'notice.txt');
      form.append('signature', new Blob([readFileSync(f(`${department}.p7s`))]), 'notice.p7s');
      const report = (await (
        await fetch(`${server.url}/api/v1/verify`, { method: 'POST', body: form })
      ).json()) as any;
      expect(report.indication).toBe('TOTAL_PASSED');
      const registry = (await (
        await fetch(`${server.url}/api/v1/documents/${signed.verificationCode}`)
      ).json()) as any;
      expect(registry.digest).toEqual({ algorithm: 'sha256', value: digest });
      // The department's own key: Signet does not know where it is held, and does not claim it.
      expect(registry.certificate).not.toHaveProperty('hsmHeld');
      const shown = (await (
        await fetch(`${server.url}/api/v1/certificates/${signed.certificateSerial}`, {
          headers: { authorization: `Bearer ${server.adminToken}` },
        })
      ).json()) as any;
      expect(shown.keyCustody).toBe('external');
    },
  );

  it('refuses a signature value over other data (400), and the handle is used up (404)', async () => {
    const prepared = await prepare('ownkey');
    const wrong = signOutside(f('ec.key'), Buffer.from('not the signed attributes'), 'wrong');
    const r = await post('/api/v1/sign/complete', apiKeys.ownkey ?? '', {
      handle: prepared.body.handle,
      signatureValue: wrong,
    });
    expect(r.status).toBe(400);
    expect(((await r.json()) as any).error.code).toBe('INVALID_SIGNATURE_VALUE');
    const again = await post('/api/v1/sign/complete', apiKeys.ownkey ?? '', {
      handle: prepared.body.handle,
      signatureValue: signOutside(
        f('ec.key'),
        Buffer.from(prepared.body.dataToBeSigned, 'base64'),
        'late',
      ),
    });
    expect(again.status).toBe(404);
    expect(((await again.json()) as any).error.code).toBe('UNKNOWN_HANDLE');
  });

  it("refuses another key's signature, and another department's handle", async () => {
    const prepared = await prepare('ownkey');
    const tbs = Buffer.from(prepared.body.dataToBeSigned, 'base64');
    const byOther = await post('/api/v1/sign/complete', apiKeys.rsakey ?? '', {
      handle: prepared.body.handle,
      signatureValue: signOutside(f('ec.key'), tbs, 'cross'),
    });
    expect(byOther.status).toBe(404);
    const rsaValue = await post('/api/v1/sign/complete', apiKeys.ownkey ?? '', {
      handle: prepared.body.handle,
      signatureValue: signOutside(f('rsa.key'), tbs, 'rsa-over-ec'),
    });
    expect(rsaValue.status).toBe(400);
  });

  it('refuses a department whose only key Signet keeps (409) and malformed requests (400)', async () => {
    // The demo department's key is in Signet's key files here: not HSM-held.
    const demo = (await (
      await fetch(`${server.url}/api/v1/certificates?department=demo`, {
        headers: { authorization: `Bearer ${server.adminToken}` },
      })
    ).json()) as any;
    expect(JSON.stringify(demo)).toContain('"hsmHeld":false');
    const custodial = await prepare('demo');
    expect(custodial.status).toBe(409);
    expect(custodial.body.error.code).toBe('NO_VALID_CERTIFICATE');
    expect((await prepare('ownkey', { digest: 'abcd' })).body.error.code).toBe('INVALID_DIGEST');
    const bad = await post('/api/v1/sign/complete', apiKeys.ownkey ?? '', {
      handle: 'x',
      signatureValue: '!',
    });
    expect(bad.status).toBe(400);
  });
});
