import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { archiveTimestampInput, atsHashIndexOfToken, parseSignedData } from '../../src/core/cms';
import { mustOpenssl, openssl, tempDir } from '../helpers/openssl';
import { fetchCaFiles } from '../helpers/pki-files';
import { startServer, type RunningServer } from '../helpers/server';

const MAX = 5 * 1024 * 1024;

describe('signing official documents (CAdES)', () => {
  let server: RunningServer;
  let files: string;
  let ca: { root: string; issuing: string; chain: string };
  const keys: Record<string, string> = {};
  const f = (n: string): string => join(files, n);
  const admin = (path: string, body: unknown) =>
    fetch(server.url + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const sign = (
    key: string,
    query: string,
    body: Buffer | string,
    type = 'application/octet-stream',
  ) =>
    fetch(`${server.url}/api/v1/sign?${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': type },
      body,
    });
  const count = (sql: string): number => {
    const db = new Database(join(server.dataDir, 'signet.db'), { readonly: true });
    const n = (db.prepare(sql).get() as { n: number }).n;
    db.close();
    return n;
  };
  const cmsVerify = (sig: string, content: string) =>
    openssl([
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      sig,
      '-content',
      content,
      '-CAfile',
      ca.root,
      '-purpose',
      'any',
      '-out',
      '/dev/null',
    ]);

  beforeAll(async () => {
    server = await startServer({ SIGNET_MAX_DOCUMENT_BYTES: String(MAX) });
    files = tempDir('signet-sign-');
    ca = await fetchCaFiles(server.url, files);
    for (const [id, algorithm] of [
      ['finance', 'ecdsa-p256'],
      ['tax', 'rsa-3072'],
    ]) {
      const dep = (await (
        await admin('/api/v1/departments', { id, name: `${id} bureau` })
      ).json()) as { apiKey: string };
      keys[id] = dep.apiKey;
      expect((await admin('/api/v1/certificates', { department: id, algorithm })).status).toBe(201);
    }
    writeFileSync(f('doc.txt'), 'The official text of a notice.\n');
  });
  afterAll(async () => {
    await server.stop();
  });

  describe.each([
    ['finance', 'ECDSA P-256'],
    ['tax', 'RSA-3072'],
  ])('with the %s department (%s key)', (department) => {
    it.each(['B-B', 'B-T', 'B-LT', 'B-LTA'])(
      'makes a %s signature that openssl cms -verify accepts, and refuses for a changed byte',
      async (level) => {
        const r = await sign(
          keys[department] ?? '',
          `format=cades&level=${level}&name=doc.txt`,
          readFileSync(f('doc.txt')),
        );
        expect(r.status).toBe(201);
        const body = (await r.json()) as any;
        expect(body.verificationCode).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}(-[2-9A-HJKMNP-TV-Z]{4}){3}$/);
        expect(body.verifyUrl).toBe(`${server.url}/verify/${body.verificationCode}`);
        expect(body.digest).toEqual({
          algorithm: 'sha256',
          value: createHash('sha256')
            .update(readFileSync(f('doc.txt')))
            .digest('hex'),
        });
        const sig = f(`${department}-${level}.p7s`);
        writeFileSync(sig, Buffer.from(body.signature, 'base64'));
        const ok = cmsVerify(sig, f('doc.txt'));
        expect(ok.stderr).toContain('CMS Verification successful');

        const changed = readFileSync(f('doc.txt'));
        changed[3] ^= 0x01;
        writeFileSync(f('changed.txt'), changed);
        const bad = cmsVerify(sig, f('changed.txt'));
        expect(bad.status).not.toBe(0);
        expect(bad.stderr).toContain('CMS Verification failure');

        const printed = openssl(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', sig]).stdout;
        for (const attribute of [
          'contentType',
          'messageDigest',
          'signingTime',
          'id-smime-aa-signingCertificateV2',
        ]) {
          expect(printed).toContain(`object: ${attribute}`);
        }
        // B-LTA: an archive-time-stamp-v3 (ETSI EN 319 122-1 5.5.3), OpenSSL has no name for it.
        if (level === 'B-LTA') expect(printed).toContain('object: undefined (0.4.0.1733.2.4)');
        const view = parseSignedData(new Uint8Array(readFileSync(sig)));
        const signer = view.signerInfos[0];
        expect(view.certificates.length).toBeGreaterThanOrEqual(level.startsWith('B-LT') ? 3 : 2);
        if (level === 'B-B') expect(signer?.signatureTimestamps).toHaveLength(0);
        if (level !== 'B-B') {
          // The token, taken out of the unsigned attributes, covers the SHA-256 of the signature value.
          expect(signer?.signatureTimestamps).toHaveLength(1);
          const token = signer?.signatureTimestamps[0];
          writeFileSync(f('token.der'), token ?? Buffer.alloc(0));
          const imprint = createHash('sha256')
            .update(signer?.signature ?? Buffer.alloc(0))
            .digest('hex');
          const ts = openssl([
            'ts',
            '-verify',
            '-digest',
            imprint,
            '-in',
            f('token.der'),
            '-token_in',
            '-CAfile',
            ca.root,
            '-untrusted',
            ca.issuing,
          ]);
          expect(ts.stdout).toContain('Verification: OK');
          const wrong = openssl([
            'ts',
            '-verify',
            '-digest',
            '00'.repeat(32),
            '-in',
            f('token.der'),
            '-token_in',
            '-CAfile',
            ca.root,
            '-untrusted',
            ca.issuing,
          ]);
          expect(wrong.stdout).not.toContain('Verification: OK');
        }
        if (level === 'B-LTA' && signer) {
          // OpenSSL checks the archive token over the imprint of ETSI EN 319 122-1 5.5.3 (the
          // document's hash, the signed fields and the token's own ats-hash-index-v3).
          const archive = signer.archiveTimestamps[0] ?? new Uint8Array();
          writeFileSync(f('archive.der'), archive);
          const index = atsHashIndexOfToken(archive) ?? new Uint8Array();
          const docHash = createHash('sha256')
            .update(readFileSync(f('doc.txt')))
            .digest();
          const scope = {
            contentType: view.contentType,
            certificates: view.encoded.certificates,
            crls: view.encoded.crls,
            signerInfoDer: signer.der,
            unsignedAttributes: signer.unsignedAttributes,
          };
          const input = archiveTimestampInput(scope, docHash, index);
          const tsVerify = (imprint: string) =>
            openssl([
              'ts',
              '-verify',
              '-digest',
              imprint,
              '-in',
              f('archive.der'),
              '-token_in',
              '-CAfile',
              ca.root,
              '-untrusted',
              ca.issuing,
            ]).stdout;
          expect(tsVerify(createHash('sha256').update(input).digest('hex'))).toContain(
            'Verification: OK',
          );
          const otherDoc = archiveTimestampInput(scope, Buffer.alloc(32), index);
          expect(tsVerify(createHash('sha256').update(otherDoc).digest('hex'))).not.toContain(
            'Verification: OK',
          );
        }
        if (level === 'B-LT') {
          // The issuing CA's CRL and the root's ARL (issue 20), each signed by its issuer.
          expect(view.crls.length).toBe(2);
          for (const [i, carried] of view.crls.entries()) {
            writeFileSync(f(`carried-${i}.crl`), carried);
            const crl = openssl([
              'crl',
              '-inform',
              'DER',
              '-in',
              f(`carried-${i}.crl`),
              '-CAfile',
              ca.chain,
              '-noout',
            ]);
            expect(crl.stdout + crl.stderr).toContain('verify OK');
          }
        }
      },
    );
  });

  describe('POST /api/v1/sign/digest', () => {
    it('signs a digest; the signature verifies against the original document', async () => {
      const digest = createHash('sha256')
        .update(readFileSync(f('doc.txt')))
        .digest('hex');
      const r = await fetch(`${server.url}/api/v1/sign/digest?level=B-T`, {
        method: 'POST',
        headers: { authorization: `Bearer ${keys.finance}`, 'content-type': 'application/json' },
        body: JSON.stringify({ digestAlgorithm: 'sha256', digest }),
      });
      expect(r.status).toBe(201);
      writeFileSync(f('digest.p7s'), Buffer.from(((await r.json()) as any).signature, 'base64'));
      expect(cmsVerify(f('digest.p7s'), f('doc.txt')).stderr).toContain(
        'CMS Verification successful',
      );
    });

    it.each([
      [
        'a digest of the wrong length',
        { digestAlgorithm: 'sha256', digest: 'ab'.repeat(20) },
        'INVALID_DIGEST',
      ],
      [
        'an unknown algorithm',
        { digestAlgorithm: 'md5', digest: 'ab'.repeat(16) },
        'INVALID_REQUEST',
      ],
      [
        'a digest that is not hex',
        { digestAlgorithm: 'sha256', digest: 'zz'.repeat(32) },
        'INVALID_REQUEST',
      ],
    ])('answers %s with 400', async (_n, body, code) => {
      const r = await fetch(`${server.url}/api/v1/sign/digest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${keys.finance}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(r.status).toBe(400);
      expect(((await r.json()) as any).error.code).toBe(code);
    });
  });

  describe('the document registry', () => {
    it('resolves a code publicly (with or without dashes, any case), lets only the signer rescind it', async () => {
      const signed = (await (
        await sign(keys.finance ?? '', 'level=B-B&name=notice.txt', 'notice')
      ).json()) as any;
      const code: string = signed.verificationCode;
      const plain = await fetch(
        `${server.url}/api/v1/documents/${code.replace(/-/g, '').toLowerCase()}`,
      );
      expect(plain.status).toBe(200);
      const entry = (await plain.json()) as any;
      expect(entry).toMatchObject({
        id: signed.id,
        status: 'valid',
        fileName: 'notice.txt',
        department: { id: 'finance' },
      });
      expect(JSON.stringify(entry)).not.toContain('notice"'); // metadata only, never the content

      const foreign = await fetch(`${server.url}/api/v1/documents/${signed.id}/rescind`, {
        method: 'POST',
        headers: { authorization: `Bearer ${keys.tax}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'not mine' }),
      });
      expect(foreign.status).toBe(404);

      const replacement = (await (
        await sign(keys.finance ?? '', 'level=B-B', 'notice v2')
      ).json()) as any;
      const rescind = await fetch(`${server.url}/api/v1/documents/${signed.id}/rescind`, {
        method: 'POST',
        headers: { authorization: `Bearer ${keys.finance}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          reason: 'Replaced by a corrected notice',
          supersededBy: replacement.id,
        }),
      });
      expect(rescind.status).toBe(200);
      const after = (await (await fetch(`${server.url}/api/v1/documents/${code}`)).json()) as any;
      expect(after).toMatchObject({
        status: 'superseded',
        statusReason: 'Replaced by a corrected notice',
        supersededBy: { id: replacement.id },
      });
      expect(
        count(
          `SELECT COUNT(*) AS n FROM audit_log WHERE action = 'document.superseded' AND subject = '${signed.id}'`,
        ),
      ).toBe(1);

      const again = await fetch(`${server.url}/api/v1/documents/${signed.id}/rescind`, {
        method: 'POST',
        headers: { authorization: `Bearer ${keys.finance}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'twice' }),
      });
      expect(again.status).toBe(409);
      expect((await fetch(`${server.url}/api/v1/documents/2222-3333-4444-5555`)).status).toBe(404);
    });

    it('refuses to sign with a revoked certificate, and OCSP says revoked', async () => {
      const dep = (await (
        await admin('/api/v1/departments', { id: 'archive', name: 'Archive' })
      ).json()) as { apiKey: string };
      const cert = (await (
        await admin('/api/v1/certificates', { department: 'archive' })
      ).json()) as any;
      expect(
        (await admin(`/api/v1/certificates/${cert.serial}/revoke`, { reason: 'keyCompromise' }))
          .status,
      ).toBe(200);
      const before = count('SELECT COUNT(*) AS n FROM documents');
      const r = await sign(dep.apiKey, 'level=B-T', 'text');
      expect(r.status).toBe(409);
      expect(((await r.json()) as any).error.code).toBe('NO_VALID_CERTIFICATE');
      expect(count('SELECT COUNT(*) AS n FROM documents')).toBe(before);
      writeFileSync(f('archive.pem'), cert.certificate);
      const ocsp = openssl([
        'ocsp',
        '-issuer',
        ca.issuing,
        '-cert',
        f('archive.pem'),
        '-url',
        `${server.url}/ocsp`,
        '-CAfile',
        ca.root,
      ]);
      expect(ocsp.stdout).toContain('archive.pem: revoked');
    });
  });

  describe('bad input', () => {
    it.each([
      ['an empty body', () => sign(keys.finance ?? '', 'level=B-T', ''), 400, 'EMPTY_DOCUMENT'],
      [
        'no token',
        () => fetch(`${server.url}/api/v1/sign`, { method: 'POST', body: 'x' }),
        401,
        'UNAUTHORIZED',
      ],
      [
        'a wrong token',
        () => sign(`signet_dep_${'A'.repeat(43)}`, 'level=B-T', 'x'),
        401,
        'UNAUTHORIZED',
      ],
      ['the admin token', () => sign(server.adminToken, 'level=B-T', 'x'), 403, 'FORBIDDEN'],
      [
        'an unknown format',
        () => sign(keys.finance ?? '', 'format=xades', 'x'),
        400,
        'INVALID_REQUEST',
      ],
      [
        'an unknown level',
        () => sign(keys.finance ?? '', 'level=B-LTX', 'x'),
        400,
        'INVALID_REQUEST',
      ],
      [
        'a body over the limit',
        () => sign(keys.finance ?? '', 'level=B-B', Buffer.alloc(MAX + 1)),
        413,
        'DOCUMENT_TOO_LARGE',
      ],
    ] as [string, () => Promise<Response>, number, string][])(
      'answers %s with a documented 4xx, registering and auditing nothing',
      async (_n, call, status, code) => {
        const documents = count('SELECT COUNT(*) AS n FROM documents');
        const audited = count(
          "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'document.signed'",
        );
        const r = await call();
        expect(r.status).toBe(status);
        expect(((await r.json()) as any).error.code).toBe(code);
        expect(count('SELECT COUNT(*) AS n FROM documents')).toBe(documents);
        expect(count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'document.signed'")).toBe(
          audited,
        );
      },
    );
  });
});

describe('a 2 GiB document streamed to POST /api/v1/sign', () => {
  it('signs correctly with the server staying under 200 MB resident memory', async () => {
    const server = await startServer();
    const files = tempDir('signet-big-');
    const ca = await fetchCaFiles(server.url, files);
    const big = join(files, 'big.bin');
    mustOpenssl(['rand', '-out', join(files, 'seed.bin'), '1048576']);
    // 2 GiB: a sparse file of zeros with 1 MiB of random bytes at its start.
    writeFileSync(big, readFileSync(join(files, 'seed.bin')));
    truncateSync(big, 2 * 1024 ** 3);
    const started = Date.now();
    const r = await fetch(`${server.url}/api/v1/sign?level=B-T`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${server.demoApiKey}`,
        'content-type': 'application/octet-stream',
      },
      body: Readable.toWeb(createReadStream(big, { highWaterMark: 1024 * 1024 })) as any,
      duplex: 'half',
    } as RequestInit);
    expect(r.status).toBe(201);
    const seconds = (Date.now() - started) / 1000;
    // The largest peak among the server's processes (a cluster's worker took the upload).
    const peakKb = Math.max(
      ...server
        .pids()
        .map((pid) =>
          Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]),
        ),
    );
    console.log(
      `2 GiB signed in ${seconds.toFixed(1)} s (${Math.round(2048 / seconds)} MB/s); server peak RSS ${Math.round(peakKb / 1024)} MB`,
    );
    expect(peakKb / 1024).toBeLessThan(200);
    writeFileSync(
      join(files, 'big.p7s'),
      Buffer.from(((await r.json()) as any).signature, 'base64'),
    );
    const v = openssl([
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      join(files, 'big.p7s'),
      '-content',
      big,
      '-CAfile',
      ca.root,
      '-purpose',
      'any',
      '-out',
      '/dev/null',
    ]);
    expect(v.stderr).toContain('CMS Verification successful');
    await server.stop();
  }, 300_000);
});
