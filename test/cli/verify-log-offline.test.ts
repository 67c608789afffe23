/**
 * Issue 21 done-when 3: a document signed, its server then stopped, and the log proof inside the
 * signature still confirms inclusion, offline, from the signature alone: through the real CLI from
 * dist/ (`signet verify --trust ROOT --log-key VKEY --offline`, in an empty directory, no data
 * directory) and through verify(), the core function the API and the page's report come from.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSignedData, readTlogProof } from '../../src/core/cms';
import { toPem } from '../../src/core/encoding';
import { parseTlogProof } from '../../src/core/tlog';
import { documentFromBytes, standaloneVerificationDeps, verify } from '../../src/verification';
import { signet, signetJson } from '../helpers/cli';
import { tempDir } from '../helpers/openssl';
import { startServer } from '../helpers/server';

jest.setTimeout(120_000);

type Report = {
  indication: string;
  signatures: { checks: { id: string; status: string; message: string }[] }[];
};
const logCheck = (r: Report) => r.signatures[0]?.checks.find((c) => c.id === 'transparency_log');

describe('signet verify --log-key, after the server stopped', () => {
  const outside = tempDir('signet-log-offline-');
  const f = (name: string) => join(outside, name);
  const content = 'Residence certificate 2026/118 of the Civil Affairs Bureau';
  let vkey: string;
  let signature: Buffer;
  let root: Buffer;

  beforeAll(async () => {
    const server = await startServer();
    try {
      let answer: { signature: string; transparency?: { status: string } } | undefined;
      // Three documents: the last one's audit path then has hashes to tamper with.
      for (const text of ['Notice 1', 'Notice 2', content]) {
        const r = await fetch(`${server.url}/api/v1/sign?level=B-LT`, {
          method: 'POST',
          headers: { authorization: `Bearer ${server.demoApiKey}` },
          body: text,
        });
        expect(r.status).toBe(201);
        answer = (await r.json()) as typeof answer;
      }
      expect(answer?.transparency?.status).toBe('included');
      signature = Buffer.from(answer?.signature ?? '', 'base64');
      root = Buffer.from(await (await fetch(`${server.url}/ca/root.crt`)).arrayBuffer());
      // The operator publishes the log's key as `signet log verify` prints it.
      vkey = signetJson<{ vkey: string }>(['log', 'verify', '--data-dir', server.dataDir]).vkey;
    } finally {
      await server.stop();
    }
    writeFileSync(f('notice.txt'), content);
    writeFileSync(f('notice.p7s'), signature);
    writeFileSync(f('root.pem'), toPem(root, 'CERTIFICATE'));
  });

  const verifyCli = (sig: string, ...keys: string[]) =>
    signet(
      [
        'verify',
        f('notice.txt'),
        '--signature',
        f(sig),
        '--trust',
        f('root.pem'),
        '--offline',
        ...keys.flatMap((k) => ['--log-key', k]),
        '--json',
      ],
      {},
      outside,
    );

  it('confirms inclusion with the log key alone: exit 0, transparency_log passed', () => {
    const before = readdirSync(outside).sort();
    const r = verifyCli('notice.p7s', vkey);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(logCheck(report)?.status).toBe('passed');
    expect(logCheck(report)?.message).toMatch(/logged before \d{4}-/);
    expect(readdirSync(outside).sort()).toEqual(before);
  });

  it('gives the same answer through verify(), the core function', async () => {
    const report = await verify(standaloneVerificationDeps([root], { now: () => new Date() }), {
      signature,
      document: documentFromBytes(new Uint8Array(Buffer.from(content))),
      logKeys: [vkey],
    });
    expect(logCheck(report)?.status).toBe('passed');
  });

  it('warns without a log key (a log not trusted here), and refuses a key that is not a vkey', () => {
    const r = verifyCli('notice.p7s');
    expect(r.status).toBe(0);
    expect(logCheck(JSON.parse(r.stdout) as Report)?.status).toBe('warning');
    const bad = verifyCli('notice.p7s', vkey.replace(/\+[0-9a-f]{8}\+/, '+00000000+'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/log key/);
  });

  it('fails when a byte of the embedded audit path was changed: exit 1', () => {
    const si = parseSignedData(signature).signerInfos[0];
    const proof = readTlogProof(si?.tlogProofs[0] as Uint8Array).proof;
    const hashLine = Buffer.from(parseTlogProof(proof).proof[0] as Uint8Array).toString('base64');
    const at = signature.indexOf(Buffer.from(hashLine));
    expect(at).toBeGreaterThan(0);
    const tampered = Buffer.from(signature);
    // A middle base64 character: the line stays canonical, the hash changes.
    tampered[at + 10] = tampered[at + 10] === 0x41 ? 0x42 : 0x41;
    writeFileSync(f('tampered.p7s'), tampered);
    const r = verifyCli('tampered.p7s', vkey);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(logCheck(report)?.status).toBe('failed');
    expect(report.indication).toBe('INDETERMINATE');
  });
});
