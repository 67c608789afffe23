/**
 * The public URL is CA data (issue 14): a certificate issued by the CLI beside a running server
 * carries the server's URL, whatever the CLI's own environment says, so pdfsig's online OCSP check
 * reaches the responder and trusts the signature; a server whose SIGNET_PUBLIC_URL differs from the
 * CA's refuses to start; `signet ca set-public-url` changes it, audited.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { nssDbTrustingRoot, pdfsig } from '../core/pades/helpers';
import { signet, signetJson } from '../helpers/cli';
import { mustOpenssl, tempDir } from '../helpers/openssl';
import { fetchCaFiles } from '../helpers/pki-files';
import { startServer, type RunningServer } from '../helpers/server';

jest.setTimeout(180_000);

const START = join(__dirname, '..', '..', 'bin', 'start.js');

/** The OCSP URL in a PEM certificate's Authority Information Access. */
function ocspUrl(pem: string): string {
  const dir = tempDir('signet-url-');
  writeFileSync(join(dir, 'c.pem'), pem);
  return mustOpenssl(['x509', '-in', join(dir, 'c.pem'), '-noout', '-ocsp_uri']).trim();
}

describe('the public URL as CA data', () => {
  let server: RunningServer;
  afterAll(async () => {
    await server?.stop();
  });

  it('a certificate the CLI issues beside a running server carries the server URL; pdfsig trusts it online', async () => {
    server = await startServer();
    // The CLI's environment names another port: the CA's URL wins.
    const issued = signetJson<{ certificate: string }>(
      ['cert', 'issue', '--department', 'demo', '--data-dir', server.dataDir],
      { PORT: '8080', SIGNET_PUBLIC_URL: 'http://127.0.0.1:8080' },
    );
    expect(ocspUrl(issued.certificate)).toBe(`${server.url}/ocsp`);

    const doc = await PDFDocument.create();
    doc.addPage().drawText('A notice signed with a certificate the CLI issued');
    const signed = await fetch(`${server.url}/api/v1/sign?format=pades&level=B-T`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.demoApiKey}`, 'content-type': 'application/pdf' },
      body: Buffer.from(await doc.save()),
    });
    expect(signed.status).toBe(201);
    const ca = await fetchCaFiles(server.url, tempDir('signet-url-ca-'));
    // pdfsig checks revocation online at the certificate's OCSP URL (no -no-ocsp).
    const verdict = pdfsig(nssDbTrustingRoot(ca.root), new Uint8Array(await signed.arrayBuffer()));
    expect(verdict).toContain('Signature is Valid');
    expect(verdict).toContain('Certificate is Trusted');
    const used = signetJson<{ certificates: { serial: string }[] }>([
      'cert',
      'list',
      '--department',
      'demo',
      '--data-dir',
      server.dataDir,
    ]);
    expect(used.certificates.length).toBe(2);
  });

  it('a server whose SIGNET_PUBLIC_URL is not the CA\u2019s refuses to start with one sentence; set-public-url changes it', async () => {
    await server.stop();
    const env = {
      PATH: process.env.PATH,
      PORT: '0',
      SIGNET_DATA_DIR: server.dataDir,
      SIGNET_PUBLIC_URL: 'https://signet.example.gov.cn',
    };
    const refused = spawnSync(process.execPath, [START], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    const lines = refused.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(refused.status).not.toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('signet ca set-public-url https://signet.example.gov.cn');

    const set = signet([
      'ca',
      'set-public-url',
      'https://signet.example.gov.cn/',
      '--data-dir',
      server.dataDir,
    ]);
    expect(set.status).toBe(0);
    const issued = signetJson<{ certificate: string }>([
      'cert',
      'issue',
      '--department',
      'demo',
      '--data-dir',
      server.dataDir,
    ]);
    expect(ocspUrl(issued.certificate)).toBe('https://signet.example.gov.cn/ocsp');
    expect(signet(['ca', 'set-public-url', 'ftp://x', '--data-dir', server.dataDir]).status).toBe(
      1,
    );
    expect(signet(['audit', 'verify', '--data-dir', server.dataDir]).status).toBe(0);
  });

  it('signet init --public-url writes it into the CA', () => {
    const dir = tempDir('signet-init-url-');
    signetJson(['init', '--public-url', 'https://ca.example.gov.cn', '--data-dir', dir]);
    signetJson(['department', 'add', 'tax', '--name', 'Tax Bureau', '--data-dir', dir]);
    const issued = signetJson<{ certificate: string }>([
      'cert',
      'issue',
      '--department',
      'tax',
      '--data-dir',
      dir,
    ]);
    expect(ocspUrl(issued.certificate)).toBe('https://ca.example.gov.cn/ocsp');
  });
});
