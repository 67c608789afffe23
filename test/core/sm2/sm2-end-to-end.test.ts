/**
 * Issue 19 done-when 1: an SM2 hierarchy from `signet init --algorithm sm2` (root, issuing CA, TSA
 * and OCSP keys all SM2) issues a department certificate, signs CAdES B-T and PAdES over HTTP,
 * answers OCSP and publishes a CRL; Signet's verifier says TOTAL_PASSED and a changed byte fails.
 * OpenSSL 3.0 parses every certificate and checks every SM2 signature with the explicit ID
 * 1234567812345678: certificates with `openssl verify -vfyopt distid:...` (issuer by issuer: the
 * option reaches the leaf only), CRL, OCSP response, CMS and time-stamp signed attributes with
 * `openssl pkeyutl -verify -rawin -digest sm3`, since its crl/ocsp/cms/ts commands take no ID.
 * An SM2 department under an ECDSA hierarchy closes the file.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OID_AA_SIGNATURE_TIME_STAMP_TOKEN } from '../../../src/core/oid';
import { signet, signetJson } from '../../helpers/cli';
import { mustOpenssl, openssl, tempDir } from '../../helpers/openssl';
import { samplePdf } from '../../helpers/sample-pdf';
import { startServer, type RunningServer } from '../../helpers/server';
import {
  cmsSignerParts,
  crlParts,
  ocspParts,
  type SignedPart,
  certificateParts,
  timestampTokenOf,
} from './signed-parts';

// Many CLI runs and a server on a shared 2-core machine: minutes, not the default 60 s.
jest.setTimeout(300_000);

const ID = '1234567812345678';
const FLIPPED_ID = '1234567812345679';
const env = { SIGNET_KEY_PASSPHRASE: 'sm2-end-to-end-passphrase' };

interface Pem {
  certificate: string;
}

describe('an SM2 hierarchy made by signet init --algorithm sm2', () => {
  const dataDir = tempDir('signet-sm2-e2e-');
  const files = tempDir('signet-sm2-files-');
  const f = (n: string): string => join(files, n);
  let server: RunningServer;
  let apiKey: string;

  /** OpenSSL's verdict on one raw SM2 signature over `part.tbs` by the key of certificate `pem`. */
  const rawVerify = (part: SignedPart, pem: string, id: string) => {
    const tag = randomBytes(4).toString('hex');
    writeFileSync(f(`tbs-${tag}`), part.tbs);
    writeFileSync(f(`sig-${tag}`), part.signature);
    mustOpenssl(['x509', '-in', f(pem), '-pubkey', '-noout', '-out', f(`key-${tag}.pem`)]);
    return openssl([
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      f(`key-${tag}.pem`),
      '-rawin',
      '-digest',
      'sm3',
      '-in',
      f(`tbs-${tag}`),
      '-sigfile',
      f(`sig-${tag}`),
      '-pkeyopt',
      `distid:${id}`,
    ]);
  };
  const expectSm2Signature = (part: SignedPart, pem: string) => {
    expect(rawVerify(part, pem, ID).stdout).toContain('Signature Verified Successfully');
    expect(rawVerify(part, pem, FLIPPED_ID).status).not.toBe(0);
  };
  const verifyCli = (args: string[]) =>
    signet(['verify', ...args, '--data-dir', dataDir, '--json', '--lang', 'en'], env);
  const post = (path: string, body: Buffer, type: string) =>
    fetch(server.url + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': type },
      body,
    });

  beforeAll(async () => {
    const dir = ['--data-dir', dataDir];
    const init = signetJson<
      { adminToken: string } & Record<'root' | 'issuing' | 'tsa' | 'ocsp', Pem>
    >(['init', '--algorithm', 'sm2', '--org', 'SM2 Bureau', ...dir], env);
    apiKey = signetJson<{ apiKey: string }>(
      ['department', 'add', 'demo', '--name', 'Demo', ...dir],
      env,
    ).apiKey;
    const dept = signetJson<Pem>(['cert', 'issue', '--department', 'demo', ...dir], env);
    for (const role of ['root', 'issuing', 'tsa', 'ocsp'] as const) {
      writeFileSync(f(`${role}.pem`), init[role].certificate);
    }
    writeFileSync(f('dept.pem'), dept.certificate);
    writeFileSync(join(dataDir, 'admin-token'), `${init.adminToken}\n`, { mode: 0o600 });
    writeFileSync(join(dataDir, 'demo-api-key'), `${apiKey}\n`, { mode: 0o600 });
    server = await startServer({ ...env, SIGNET_DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe('its certificates', () => {
    const issuerOf: Record<string, string> = {
      'issuing.pem': 'root.pem',
      'tsa.pem': 'issuing.pem',
      'ocsp.pem': 'issuing.pem',
      'dept.pem': 'issuing.pem',
    };
    it.each(['root.pem', ...Object.keys(issuerOf)])(
      '%s: OpenSSL reads an SM2 key signed SM2-with-SM3',
      (pem) => {
        const text = mustOpenssl(['x509', '-in', f(pem), '-noout', '-text']);
        expect(text).toMatch(/Signature Algorithm: SM2-with-SM3/);
        expect(text).toMatch(/ASN1 OID: SM2/);
      },
    );

    it.each(Object.entries(issuerOf))(
      '%s: openssl verify accepts it under %s with the explicit ID, refuses it with another',
      (pem, issuer) => {
        const args = ['verify', '-partial_chain', '-CAfile', f(issuer)];
        const ok = openssl([...args, '-vfyopt', `distid:${ID}`, f(pem)]);
        expect(ok.stdout).toContain(`${pem}: OK`);
        expect(openssl([...args, '-vfyopt', `distid:${FLIPPED_ID}`, f(pem)]).status).not.toBe(0);
        // OpenSSL's own default, the empty ID, is not what Signet signs with.
        expect(openssl([...args, f(pem)]).status).not.toBe(0);
      },
    );

    it('checks the raw signature of the department certificate with pkeyutl', () => {
      const der = mustOpenssl([
        'x509',
        '-in',
        f('dept.pem'),
        '-outform',
        'DER',
        '-out',
        f('dept.der'),
      ]);
      expect(der).toBe('');
      expectSm2Signature(
        certificateParts(new Uint8Array(readFileSync(f('dept.der')))),
        'issuing.pem',
      );
    });
  });

  describe('a CAdES B-T signature over HTTP', () => {
    const document = Buffer.from('A notice of the SM2 Bureau.\n');
    let cms: Uint8Array;
    beforeAll(async () => {
      const r = await post(
        '/api/v1/sign?level=B-T&name=notice.txt',
        document,
        'application/octet-stream',
      );
      expect(r.status).toBe(201);
      const answer = (await r.json()) as { signature: string; digest: { algorithm: string } };
      expect(answer.digest.algorithm).toBe('sm3');
      cms = new Uint8Array(Buffer.from(answer.signature, 'base64'));
      writeFileSync(f('notice.txt'), document);
      writeFileSync(f('notice.p7s'), cms);
    });

    it('names SM3 and SM2-with-SM3 (GB/T 35275)', () => {
      const printed = mustOpenssl([
        'cms',
        '-cmsout',
        '-print',
        '-inform',
        'DER',
        '-in',
        f('notice.p7s'),
      ]);
      expect(printed).toMatch(/digestAlgorithm:\s+algorithm: sm3/);
      expect(printed).toMatch(/signatureAlgorithm:\s+algorithm: SM2-with-SM3/);
    });

    it('has signed attributes whose SM2 signature OpenSSL verifies, and a time-stamp signed SM2 by the TSA', () => {
      expectSm2Signature(cmsSignerParts(cms), 'dept.pem');
      const token = timestampTokenOf(cms, OID_AA_SIGNATURE_TIME_STAMP_TOKEN);
      expectSm2Signature(cmsSignerParts(token), 'tsa.pem');
    });

    it('passes Signet verification, and fails when one byte of the document changes', () => {
      const ok = verifyCli([f('notice.txt'), '--signature', f('notice.p7s')]);
      expect(JSON.parse(ok.stdout).indication).toBe('TOTAL_PASSED');
      expect(ok.status).toBe(0);
      const changed = Buffer.from(document);
      changed[0] ^= 1;
      writeFileSync(f('changed.txt'), changed);
      const bad = verifyCli([f('changed.txt'), '--signature', f('notice.p7s')]);
      expect(JSON.parse(bad.stdout).indication).toBe('TOTAL_FAILED');
    });
  });

  describe('a PAdES signature over HTTP', () => {
    it('passes Signet verification, and fails when a signed byte changes', async () => {
      const r = await post(
        '/api/v1/sign?format=pades&level=B-T',
        await samplePdf(),
        'application/pdf',
      );
      expect(r.status).toBe(201);
      const pdf = Buffer.from(await r.arrayBuffer());
      writeFileSync(f('signed.pdf'), pdf);
      const ok = verifyCli([f('signed.pdf')]);
      expect(JSON.parse(ok.stdout).indication).toBe('TOTAL_PASSED');
      // A byte of the first signed range (the PDF header's comment line) changed.
      const changed = Buffer.from(pdf);
      changed[10] ^= 1;
      writeFileSync(f('changed.pdf'), changed);
      const bad = verifyCli([f('changed.pdf')]);
      expect(bad.status).not.toBe(0);
      expect(JSON.parse(bad.stdout).indication).not.toBe('TOTAL_PASSED');
    });
  });

  describe('OCSP and the CRL', () => {
    it('answers OCSP "good" in a response signed SM2 by the responder', () => {
      const r = openssl([
        'ocsp',
        '-issuer',
        f('issuing.pem'),
        '-cert',
        f('dept.pem'),
        '-url',
        `${server.url}/ocsp`,
        '-noverify',
        '-no_nonce',
        '-respout',
        f('ocsp.der'),
      ]);
      expect(r.stdout).toContain('dept.pem: good');
      expectSm2Signature(ocspParts(new Uint8Array(readFileSync(f('ocsp.der')))), 'ocsp.pem');
    });

    it('publishes a CRL signed SM2 by the issuing CA', async () => {
      const crl = Buffer.from(await (await fetch(`${server.url}/crl/issuing.crl`)).arrayBuffer());
      writeFileSync(f('issuing.crl'), crl);
      const text = mustOpenssl([
        'crl',
        '-inform',
        'DER',
        '-in',
        f('issuing.crl'),
        '-noout',
        '-text',
      ]);
      expect(text).toMatch(/Signature Algorithm: SM2-with-SM3/);
      expectSm2Signature(crlParts(new Uint8Array(crl)), 'issuing.pem');
    });
  });
});

describe('an SM2 department certificate under an ECDSA hierarchy', () => {
  it('is issued with --algorithm sm2, verifies with OpenSSL, and signs what Signet verifies', () => {
    const dataDir = tempDir('signet-sm2-mixed-');
    const files = tempDir('signet-sm2-mixed-files-');
    const dir = ['--data-dir', dataDir];
    const init = signetJson<Record<'root' | 'issuing', Pem>>(['init', ...dir], env);
    signetJson(['department', 'add', 'finance', '--name', 'Finance', ...dir], env);
    const dept = signetJson<Pem>(
      ['cert', 'issue', '--department', 'finance', '--algorithm', 'sm2', ...dir],
      env,
    );
    writeFileSync(join(files, 'root.pem'), init.root.certificate);
    writeFileSync(join(files, 'issuing.pem'), init.issuing.certificate);
    writeFileSync(join(files, 'dept.pem'), dept.certificate);
    const text = mustOpenssl(['x509', '-in', join(files, 'dept.pem'), '-noout', '-text']);
    expect(text).toMatch(/ASN1 OID: SM2/);
    expect(text).toMatch(/Signature Algorithm: ecdsa-with-SHA256/);
    const v = openssl([
      'verify',
      '-CAfile',
      join(files, 'root.pem'),
      '-untrusted',
      join(files, 'issuing.pem'),
      join(files, 'dept.pem'),
    ]);
    expect(v.stdout).toContain('dept.pem: OK');

    writeFileSync(join(files, 'doc.txt'), 'Signed by an SM2 key under an ECDSA CA.\n');
    const signed = signet(
      ['sign', join(files, 'doc.txt'), '--department', 'finance', '--level', 'B-T', ...dir],
      env,
    );
    expect(signed.status).toBe(0);
    const ok = signet(
      [
        'verify',
        join(files, 'doc.txt'),
        '--signature',
        join(files, 'doc.txt.p7s'),
        ...dir,
        '--json',
      ],
      env,
    );
    expect(JSON.parse(ok.stdout).indication).toBe('TOTAL_PASSED');
  });
});
