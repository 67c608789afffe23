import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mustOpenssl, openssl, tempDir } from '../helpers/openssl';
import { fetchCaFiles } from '../helpers/pki-files';
import { startServer, type RunningServer } from '../helpers/server';

describe('POST /tsa (RFC 3161)', () => {
  let server: RunningServer;
  let files: string;
  const f = (name: string): string => join(files, name);
  const post = (body: Buffer | string, type = 'application/timestamp-query') =>
    fetch(`${server.url}/tsa`, { method: 'POST', headers: { 'content-type': type }, body });
  const reply = async (query: string, name: string): Promise<string> => {
    const r = await post(readFileSync(f(query)));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/timestamp-reply');
    writeFileSync(f(name), Buffer.from(await r.arrayBuffer()));
    return f(name);
  };

  beforeAll(async () => {
    server = await startServer();
    files = tempDir('signet-tsa-');
    await fetchCaFiles(server.url, files);
    writeFileSync(f('doc.txt'), 'An official document.\n');
  });
  afterAll(async () => {
    await server.stop();
  });

  it.each(['sha256', 'sha384', 'sha512'])(
    'grants a %s query that openssl ts -verify accepts',
    async (hash) => {
      mustOpenssl([
        'ts',
        '-query',
        '-data',
        f('doc.txt'),
        `-${hash}`,
        '-cert',
        '-out',
        f(`${hash}.tsq`),
      ]);
      const tsr = await reply(`${hash}.tsq`, `${hash}.tsr`);
      const text = openssl(['ts', '-reply', '-in', tsr, '-text']).stdout;
      expect(text).toContain('Status: Granted.');
      expect(text).toContain('Policy OID: 1.3.6.1.4.1.99999.1.1');
      expect(text).toMatch(/Nonce: 0x[0-9A-F]+/);
      expect(text).toMatch(/Accuracy: 0x01 seconds/);
      const v = openssl([
        'ts',
        '-verify',
        '-in',
        tsr,
        '-queryfile',
        f(`${hash}.tsq`),
        '-CAfile',
        f('root.pem'),
        '-untrusted',
        f('issuing.pem'),
      ]);
      expect(v.stdout).toContain('Verification: OK');
    },
  );

  it('gives each token its own serial number', async () => {
    mustOpenssl(['ts', '-query', '-data', f('doc.txt'), '-sha256', '-out', f('s.tsq')]);
    const serials = new Set<string>();
    for (let i = 0; i < 5; i += 1) {
      const text = openssl([
        'ts',
        '-reply',
        '-in',
        await reply('s.tsq', `s${i}.tsr`),
        '-text',
      ]).stdout;
      serials.add(/Serial number: (0x[0-9A-F]+)/.exec(text)?.[1] ?? '');
    }
    expect(serials.size).toBe(5);
  });

  it('fails openssl ts -verify for another document or a changed reply', async () => {
    writeFileSync(f('other.txt'), 'Another document.\n');
    const v = openssl([
      'ts',
      '-verify',
      '-in',
      f('sha256.tsr'),
      '-data',
      f('other.txt'),
      '-CAfile',
      f('root.pem'),
      '-untrusted',
      f('issuing.pem'),
    ]);
    expect(v.stdout).not.toContain('Verification: OK');
    const der = readFileSync(f('sha256.tsr'));
    der[der.length - 8] ^= 0x01;
    writeFileSync(f('bad.tsr'), der);
    const w = openssl([
      'ts',
      '-verify',
      '-in',
      f('bad.tsr'),
      '-queryfile',
      f('sha256.tsq'),
      '-CAfile',
      f('root.pem'),
      '-untrusted',
      f('issuing.pem'),
    ]);
    expect(w.stdout).not.toContain('Verification: OK');
  });

  it.each([
    [
      'an MD5 query',
      () => (
        mustOpenssl(['ts', '-query', '-data', f('doc.txt'), '-md5', '-out', f('md5.tsq')]),
        'md5.tsq'
      ),
      /Failure info:\s+unrecognized or unsupported algorithm identifier/,
    ],
    [
      'garbage',
      () => (writeFileSync(f('garbage.tsq'), 'not DER at all'), 'garbage.tsq'),
      /Failure info:\s+the data submitted has the wrong format/,
    ],
  ] as [string, () => string, RegExp][])(
    'answers %s with a rejection reply that openssl reads',
    async (_n, make, failure) => {
      const tsr = await reply(make(), 'rejected.tsr');
      const text = openssl(['ts', '-reply', '-in', tsr, '-text']).stdout;
      expect(text).toContain('Status: Rejected.');
      expect(text).toMatch(failure);
    },
  );

  it('answers a wrong content type 415 and an oversized body 413, as JSON errors', async () => {
    const wrong = await post('x', 'text/plain');
    expect(wrong.status).toBe(415);
    expect(((await wrong.json()) as any).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const huge = await post(Buffer.alloc(100_000));
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as any).error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
