import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mustOpenssl, openssl, tempDir } from '../helpers/openssl';
import { fetchCaFiles } from '../helpers/pki-files';
import { startServer, type RunningServer } from '../helpers/server';

describe('POST /ocsp and GET /ocsp/{base64}', () => {
  let server: RunningServer;
  let files: string;
  let serial: string;
  const f = (name: string): string => join(files, name);
  const ocsp = (...args: string[]) =>
    openssl([
      'ocsp',
      '-issuer',
      f('issuing.pem'),
      '-cert',
      f('dept.pem'),
      '-CAfile',
      f('root.pem'),
      ...args,
    ]);

  beforeAll(async () => {
    server = await startServer();
    files = tempDir('signet-ocsp-');
    await fetchCaFiles(server.url, files);
    const issued = await fetch(`${server.url}/api/v1/certificates`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ department: 'demo' }),
    });
    const cert = (await issued.json()) as { serial: string; certificate: string };
    serial = cert.serial;
    writeFileSync(f('dept.pem'), cert.certificate);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('says good, then revoked with the reason within one second of a revocation through the API', async () => {
    const good = ocsp('-url', `${server.url}/ocsp`);
    expect(good.stdout + good.stderr).toContain('Response verify OK');
    expect(good.stdout).toContain('dept.pem: good');
    expect(good.stderr).not.toMatch(/nonce/i); // openssl sends a nonce by default and checks the echo

    const revoke = await fetch(`${server.url}/api/v1/certificates/${serial}/revoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'keyCompromise' }),
    });
    expect(revoke.status).toBe(200);
    const started = Date.now();
    const revoked = ocsp('-url', `${server.url}/ocsp`, '-no_nonce');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(revoked.stdout + revoked.stderr).toContain('Response verify OK');
    expect(revoked.stdout).toContain('dept.pem: revoked');
    expect(revoked.stdout).toContain('Reason: keyCompromise');
  });

  it('answers the GET form the same as the POST form', async () => {
    mustOpenssl([
      'ocsp',
      '-issuer',
      f('issuing.pem'),
      '-cert',
      f('dept.pem'),
      '-no_nonce',
      '-reqout',
      f('q.der'),
    ]);
    const b64 = encodeURIComponent(readFileSync(f('q.der')).toString('base64'));
    const r = await fetch(`${server.url}/ocsp/${b64}`);
    expect(r.headers.get('content-type')).toBe('application/ocsp-response');
    writeFileSync(f('get.der'), Buffer.from(await r.arrayBuffer()));
    const read = ocsp('-respin', f('get.der'), '-no_nonce');
    expect(read.stdout + read.stderr).toContain('Response verify OK');
    expect(read.stdout).toContain('dept.pem: revoked');
  });

  it('answers garbage, a wrong content type and a bad GET path with malformedRequest', async () => {
    const answers = [
      await fetch(`${server.url}/ocsp`, {
        method: 'POST',
        headers: { 'content-type': 'application/ocsp-request' },
        body: 'garbage',
      }),
      await fetch(`${server.url}/ocsp`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: '0',
      }),
      await fetch(`${server.url}/ocsp/%%%`),
      await fetch(`${server.url}/ocsp/AAAA`),
    ];
    for (const [i, r] of answers.entries()) {
      expect(r.status).toBe(200);
      writeFileSync(f(`bad${i}.der`), Buffer.from(await r.arrayBuffer()));
      expect(
        openssl(['ocsp', '-respin', f(`bad${i}.der`), '-resp_text']).stdout +
          openssl(['ocsp', '-respin', f(`bad${i}.der`), '-resp_text']).stderr,
      ).toMatch(/malformedrequest/i);
    }
  });

  it('answers unauthorized for a certificate of another issuer', async () => {
    // The issuing CA's own certificate was issued by the root, for which this responder does not speak.
    const r = openssl([
      'ocsp',
      '-issuer',
      f('root.pem'),
      '-cert',
      f('issuing.pem'),
      '-url',
      `${server.url}/ocsp`,
      '-CAfile',
      f('root.pem'),
    ]);
    expect(r.stdout + r.stderr).toMatch(/unauthorized/i);
  });

  it('answers unknown for a serial it never issued', async () => {
    mustOpenssl([
      'ocsp',
      '-issuer',
      f('issuing.pem'),
      '-serial',
      '0x0123456789ABCDEF',
      '-no_nonce',
      '-reqout',
      f('u.der'),
    ]);
    const r = await fetch(`${server.url}/ocsp`, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request' },
      body: readFileSync(f('u.der')),
    });
    writeFileSync(f('u-resp.der'), Buffer.from(await r.arrayBuffer()));
    const text = openssl([
      'ocsp',
      '-respin',
      f('u-resp.der'),
      '-issuer',
      f('issuing.pem'),
      '-serial',
      '0x0123456789ABCDEF',
      '-CAfile',
      f('root.pem'),
      '-no_nonce',
    ]);
    expect(text.stdout + text.stderr).toContain('Response verify OK');
    expect(text.stdout).toMatch(/unknown/);
  });

  it('fails verification of a response with one changed byte', async () => {
    const der = readFileSync(f('get.der'));
    der[der.length - 10] ^= 0x01;
    writeFileSync(f('tampered.der'), der);
    const r = ocsp('-respin', f('tampered.der'), '-no_nonce');
    expect(r.stdout + r.stderr).not.toContain('Response verify OK');
  });
});
