/**
 * The signed validation receipt (issue 19) from the real server and CLI, checked by OpenSSL alone:
 * `openssl cms -verify` against the root prints the report, `openssl ts -verify` accepts the
 * signature time-stamp taken out of its unsigned attribute, and a changed byte fails both;
 * `signet receipt verify` says the same, and `signet verify --receipt` writes the same kind of DER.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSignedData } from '../../src/core/cms';
import { canonicalJson } from '../../src/core/jcs';
import { signet } from '../helpers/cli';
import { alterWithin } from '../verification/fixtures';
import { openssl, tempDir } from '../helpers/openssl';
import { startServer, type RunningServer } from '../helpers/server';

const content = Buffer.from('Notice 2026-19 of the demo department\n');

let server: RunningServer;
let dir: string;
let signature: Buffer;
const file = (name: string): string => join(dir, name);

async function verifyWithReceipt(query = 'receipt=1') {
  const res = await fetch(`${server.url}/api/v1/verify?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      signature: signature.toString('base64'),
      digest: { algorithm: 'sha256', value: createHash('sha256').update(content).digest('hex') },
    }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown> & { receipt?: string };
}

/** `openssl cms -verify` of a receipt in the test folder against the root Signet serves. */
const cmsVerify = (name: string) =>
  openssl(['cms', '-verify', '-inform', 'DER', '-in', file(name), '-CAfile', file('root.pem')]);

beforeAll(async () => {
  server = await startServer({ SIGNET_KEY_PASSPHRASE: 'receipt-test-passphrase' });
  dir = tempDir('signet-receipt-');
  for (const name of ['root', 'issuing']) {
    const der = Buffer.from(await (await fetch(`${server.url}/ca/${name}.crt`)).arrayBuffer());
    writeFileSync(file(`${name}.der`), der);
    openssl(['x509', '-inform', 'DER', '-in', file(`${name}.der`), '-out', file(`${name}.pem`)]);
  }
  const res = await fetch(`${server.url}/api/v1/sign/digest?level=B-T`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${server.demoApiKey}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      digestAlgorithm: 'sha256',
      digest: createHash('sha256').update(content).digest('hex'),
    }),
  });
  expect(res.status).toBe(201);
  signature = Buffer.from(((await res.json()) as { signature: string }).signature, 'base64');
}, 120_000);
afterAll(() => server?.stop());

describe('POST /api/v1/verify?receipt=1', () => {
  let answer: Record<string, unknown> & { receipt?: string };
  let receipt: Buffer;
  beforeAll(async () => {
    answer = await verifyWithReceipt();
    receipt = Buffer.from(answer.receipt ?? '', 'base64');
    writeFileSync(file('receipt.der'), receipt);
  });

  it('answers the report with its law section and a receipt', () => {
    expect(answer.indication).toBe('TOTAL_PASSED');
    expect((answer.law as { conditions: unknown[] }).conditions).toHaveLength(4);
    expect(receipt.length).toBeGreaterThan(0);
  });

  it('is accepted by openssl cms -verify against the root, which prints the report as canonical JSON', () => {
    const r = cmsVerify('receipt.der');
    expect(r.stderr).toContain('Verification successful');
    const { receipt: _, ...report } = answer;
    expect(r.stdout).toBe(canonicalJson(report));
    expect(JSON.parse(r.stdout)).toEqual(report);
  });

  it('has a signature time-stamp that openssl ts -verify accepts over the signature value', () => {
    const signerInfo = parseSignedData(receipt).signerInfos[0];
    const token = signerInfo?.signatureTimestamps[0];
    if (!signerInfo || !token) throw new Error('no signature time-stamp');
    writeFileSync(file('token.der'), token);
    writeFileSync(file('signature-value.bin'), signerInfo.signature);
    const args = [
      'ts',
      '-verify',
      '-in',
      file('token.der'),
      '-token_in',
      '-data',
      file('signature-value.bin'),
    ];
    const trust = ['-CAfile', file('root.pem'), '-untrusted', file('issuing.pem')];
    const r = openssl([...args, ...trust]);
    expect(r.stdout).toContain('Verification: OK');
    // A changed byte of the time-stamp token (its TSTInfo's imprint) fails.
    const imprint = createHash('sha256').update(signerInfo.signature).digest();
    writeFileSync(file('token-changed.der'), alterWithin(token, imprint));
    const bad = openssl([
      'ts',
      '-verify',
      '-in',
      file('token-changed.der'),
      '-token_in',
      '-data',
      file('signature-value.bin'),
      ...trust,
    ]);
    expect(bad.stdout).not.toContain('Verification: OK');
  });

  it('fails openssl cms -verify with one byte of the report changed', () => {
    const json = parseSignedData(receipt).content;
    if (!json) throw new Error('no content');
    writeFileSync(file('receipt-changed.der'), alterWithin(receipt, json.subarray(20, 60)));
    const r = cmsVerify('receipt-changed.der');
    expect(r.status).not.toBe(0);
    expect(r.stderr).not.toContain('Verification successful');
  });

  it('is checked by signet receipt verify: valid, and not valid with a byte changed', () => {
    const env = { SIGNET_DATA_DIR: server.dataDir };
    const good = signet(['receipt', 'verify', file('receipt.der')], env);
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('VALID receipt');
    const bad = signet(['receipt', 'verify', file('receipt-changed.der')], env);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('NOT VALID');
  });

  it('signs the report in the language asked (zh-CN)', async () => {
    const zh = await verifyWithReceipt('receipt=1&lang=zh-CN');
    const der = Buffer.from(zh.receipt ?? '', 'base64');
    const json = JSON.parse(Buffer.from(parseSignedData(der).content ?? []).toString()) as {
      law: { note: string };
    };
    expect(json.law.note).toContain('不构成法律意见');
  });

  it('refuses receipt=yes (400) and adds no receipt without it', async () => {
    const res = await fetch(`${server.url}/api/v1/verify?receipt=yes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ signature: signature.toString('base64') }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('INVALID_REQUEST');
    expect(await verifyWithReceipt('')).not.toHaveProperty('receipt');
  });
});

describe('signet verify --receipt OUT', () => {
  it('writes a receipt that openssl cms -verify accepts and that holds the report', () => {
    writeFileSync(file('doc.txt'), content);
    writeFileSync(file('doc.txt.p7s'), signature);
    const env = {
      SIGNET_DATA_DIR: server.dataDir,
      SIGNET_KEY_PASSPHRASE: 'receipt-test-passphrase',
    };
    const r = signet(
      ['verify', file('doc.txt'), '--signature', file('doc.txt.p7s'), '--receipt', file('cli.der')],
      env,
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = cmsVerify('cli.der');
    expect(out.stderr).toContain('Verification successful');
    expect((JSON.parse(out.stdout) as { indication: string }).indication).toBe('TOTAL_PASSED');
    expect(readFileSync(file('cli.der'))[0]).toBe(0x30);
  });

  it('refuses --receipt with --trust (usage, exit 2)', () => {
    const r = signet([
      'verify',
      file('doc.txt'),
      '--trust',
      file('root.pem'),
      '--receipt',
      file('x.der'),
    ]);
    expect(r.status).toBe(2);
  });
});
