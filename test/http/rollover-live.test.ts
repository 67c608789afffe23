/**
 * `signet ca rollover issuing` and `signet tsa rollover` run beside a running server (issue 20):
 * the server puts the new issuing CA and TSA in force at its next request, without a restart
 * (certificates, CRL, OCSP responder, time-stamps),
 * and the retired CA's CRL and certificate stay served at the URLs its certificates name (CRL
 * distribution point, caIssuers), for the certificates it issued until they expire. OpenSSL judges
 * the CRLs: each verifies under its own CA only, and lists what that CA revoked.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signetJson } from '../helpers/cli';
import { openssl, tempDir } from '../helpers/openssl';
import { startServer, type RunningServer } from '../helpers/server';

const ENV = { SIGNET_KEY_PASSPHRASE: 'live rollover test passphrase' };

/** The path of the first URI after `label` in OpenSSL's text of a certificate. */
function urlPath(pem: string, label: RegExp): string {
  const text = openssl(['x509', '-noout', '-text'], pem).stdout;
  const after = text.slice(text.search(label));
  const uri = /URI:(\S+)/.exec(after)?.[1];
  if (!uri) throw new Error(`no URI after ${label.source} in:\n${text}`);
  return new URL(uri).pathname;
}

describe('an issuing CA rollover while the server runs', () => {
  let server: RunningServer;
  let files: string;
  const f = (n: string): string => join(files, n);
  const get = async (path: string): Promise<Response> => fetch(server.url + path);
  const bytes = async (path: string): Promise<Buffer> => {
    const r = await get(path);
    expect({ path, status: r.status }).toEqual({ path, status: 200 });
    return Buffer.from(await r.arrayBuffer());
  };
  const admin = (path: string, body: unknown) =>
    fetch(server.url + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const issue = async (): Promise<{ serial: string; certificate: string }> => {
    const r = await admin('/api/v1/certificates', { department: 'demo' });
    expect(r.status).toBe(201);
    return (await r.json()) as { serial: string; certificate: string };
  };
  const pemOf = (der: Buffer, name: string): string => {
    const pem = openssl(['x509', '-inform', 'DER'], der).stdout;
    writeFileSync(f(name), pem);
    return pem;
  };
  /** OpenSSL's verdict on a DER CRL under a CA certificate file, and its revoked serials. */
  const crlUnder = (crl: Buffer, ca: string): { verified: boolean; text: string } => {
    const r = openssl(['crl', '-inform', 'DER', '-CAfile', f(ca), '-noout', '-text'], crl);
    return { verified: /verify OK/.test(r.stderr + r.stdout), text: r.stdout };
  };
  let old: { serial: string; certificate: string };

  beforeAll(async () => {
    files = tempDir('signet-live-rollover-');
    server = await startServer(ENV);
    pemOf(await bytes('/ca/root.crt'), 'root.pem');
    pemOf(await bytes('/ca/issuing.crt'), 'old-issuing.pem');
    old = await issue();
    writeFileSync(f('old-dept.pem'), old.certificate);
    signetJson(['ca', 'rollover', 'issuing', '--data-dir', server.dataDir], ENV);
    signetJson(['tsa', 'rollover', '--data-dir', server.dataDir], ENV);
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('serves the new issuing CA and issues from it, without a restart', async () => {
    const now = pemOf(await bytes('/ca/issuing.crt'), 'new-issuing.pem');
    expect(openssl(['x509', '-noout', '-subject'], now).stdout).toMatch(/Issuing CA G2$/m);
    const fresh = await issue();
    writeFileSync(f('new-dept.pem'), fresh.certificate);
    expect(openssl(['x509', '-noout', '-issuer'], fresh.certificate).stdout).toMatch(
      /Issuing CA G2$/m,
    );
    // Its CRL distribution point is the new CA's own CRL, which OpenSSL verifies under that CA.
    const crl = await bytes(urlPath(fresh.certificate, /CRL Distribution Points/));
    expect(crlUnder(crl, 'new-issuing.pem').verified).toBe(true);
    expect(crlUnder(crl, 'old-issuing.pem').verified).toBe(false);
    expect(crl.equals(await bytes('/crl/issuing.crl'))).toBe(true);
  });

  it("answers OCSP for the new CA's certificates by its new responder, without a restart", () => {
    const r = openssl([
      'ocsp',
      '-issuer',
      f('new-issuing.pem'),
      '-cert',
      f('new-dept.pem'),
      '-url',
      `${server.url}/ocsp`,
      '-CAfile',
      f('root.pem'),
      '-verify_other',
      f('new-issuing.pem'),
      '-resp_text',
    ]);
    expect(r.stderr).toContain('Response verify OK');
    expect(r.stdout).toContain('new-dept.pem: good');
    expect(r.stdout).toMatch(/^\s+Subject: .*OCSP Responder G2$/m);
  });

  it('time-stamps with the new TSA (under the new issuing CA), without a restart', async () => {
    writeFileSync(f('data.txt'), 'live rollover\n');
    const q = f('q.tsq');
    const query = openssl(['ts', '-query', '-data', f('data.txt'), '-sha256', '-cert', '-out', q]);
    expect(query.status).toBe(0);
    const r = await fetch(`${server.url}/tsa`, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: readFileSync(q),
    });
    expect(r.status).toBe(200);
    writeFileSync(f('r.tsr'), Buffer.from(await r.arrayBuffer()));
    const verify = (issuing: string) =>
      openssl([
        'ts',
        '-verify',
        '-in',
        f('r.tsr'),
        '-queryfile',
        q,
        '-CAfile',
        f('root.pem'),
        '-untrusted',
        f(issuing),
      ]);
    expect(verify('new-issuing.pem').stdout).toContain('Verification: OK');
    expect(verify('old-issuing.pem').stdout).not.toContain('Verification: OK');
  });

  it("serves the retired CA's certificate and CRL at the URLs its certificates name; a revocation shows there", async () => {
    const caIssuers = pemOf(await bytes(urlPath(old.certificate, /CA Issuers/)), 'served.pem');
    expect(caIssuers).toBe(openssl(['x509', '-in', f('old-issuing.pem')]).stdout);
    expect(caIssuers).not.toBe(openssl(['x509', '-in', f('new-issuing.pem')]).stdout);
    const crlPath = urlPath(old.certificate, /CRL Distribution Points/);
    const before = await bytes(crlPath);
    expect(crlUnder(before, 'old-issuing.pem').verified).toBe(true);
    expect(crlUnder(before, 'new-issuing.pem').verified).toBe(false);

    const revoke = await admin(`/api/v1/certificates/${old.serial}/revoke`, {
      reason: 'superseded',
    });
    expect(revoke.status).toBe(200);
    const after = crlUnder(await bytes(crlPath), 'old-issuing.pem');
    expect(after.verified).toBe(true);
    expect(after.text).toContain(`Serial Number: ${old.serial.toUpperCase()}`);
    // The CRL of the CA in force does not list it: the two CAs' CRLs are apart.
    expect(crlUnder(await bytes('/crl/issuing.crl'), 'new-issuing.pem').text).not.toContain(
      old.serial.toUpperCase(),
    );
  });
});
