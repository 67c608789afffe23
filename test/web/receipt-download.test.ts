/**
 * The citizen page (issue 19): a verified document shows the law section (Electronic Signature Law
 * Art. 13) in plain words, and offers the signed validation receipt as a download; the file
 * Chromium saves verifies with `openssl cms -verify` against the root Signet serves, and its
 * time-stamp with `openssl ts -verify`.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { parseSignedData } from '../../src/core/cms';
import { openssl, tempDir } from '../helpers/openssl';
import { startServer, type RunningServer } from '../helpers/server';
import { cspViolations, dropFiles, launchChromium, openPage, verdict } from './browser';

let server: RunningServer;
let browser: Browser;
const dir = tempDir('signet-page-receipt-');

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it('shows the law section and downloads a receipt that OpenSSL verifies', async () => {
  const bytes = Buffer.concat([Buffer.from('Notice 2026-19\n'), randomBytes(4096)]);
  const signed = await fetch(`${server.url}/api/v1/sign?format=cades&level=B-T&name=notice.txt`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${server.demoApiKey}`,
      'content-type': 'application/octet-stream',
    },
    body: bytes,
  });
  const p7s = Buffer.from(((await signed.json()) as { signature: string }).signature, 'base64');
  const root = Buffer.from(await (await fetch(`${server.url}/ca/root.crt`)).arrayBuffer());
  const issuing = Buffer.from(await (await fetch(`${server.url}/ca/issuing.crt`)).arrayBuffer());
  for (const [name, der] of [
    ['root', root],
    ['issuing', issuing],
  ] as const) {
    writeFileSync(join(dir, `${name}.der`), der);
    openssl([
      'x509',
      '-inform',
      'DER',
      '-in',
      join(dir, `${name}.der`),
      '-out',
      join(dir, `${name}.pem`),
    ]);
  }

  const w = await openPage(browser, `${server.url}/verify`);
  try {
    await dropFiles(w.page, [
      { name: 'notice.txt', bytes, type: 'text/plain' },
      { name: 'notice.txt.p7s', bytes: p7s, type: 'application/pkcs7-signature' },
    ]);
    expect((await verdict(w.page)).verdict).toBe('authentic');
    // The law section, in the page's language (zh-CN), one line per condition.
    const conditions = await w.page.$$eval('.law-condition', (items) =>
      items.map((i) => [i.getAttribute('data-condition'), i.getAttribute('data-outcome')]),
    );
    expect(conditions).toEqual([
      ['1', 'SATISFIED'],
      ['2', 'CANNOT_BE_DETERMINED'],
      ['3', 'SATISFIED'],
      ['4', 'SATISFIED'],
    ]);
    expect(await w.page.textContent('.law')).toContain('不构成法律意见');

    const [download] = await Promise.all([
      w.page.waitForEvent('download'),
      w.page.click('[data-receipt]'),
    ]);
    const saved = join(dir, 'receipt.p7m');
    await download.saveAs(saved);
    const cms = openssl([
      'cms',
      '-verify',
      '-inform',
      'DER',
      '-in',
      saved,
      '-CAfile',
      join(dir, 'root.pem'),
    ]);
    expect(cms.stderr).toContain('Verification successful');
    const report = JSON.parse(cms.stdout) as { indication: string; law: { conditions: unknown[] } };
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.law.conditions).toHaveLength(4);

    const signerInfo = parseSignedData(readFileSync(saved)).signerInfos[0];
    const token = signerInfo?.signatureTimestamps[0];
    if (!signerInfo || !token) throw new Error('no signature time-stamp');
    writeFileSync(join(dir, 'token.der'), token);
    writeFileSync(join(dir, 'value.bin'), signerInfo.signature);
    const ts = openssl([
      'ts',
      '-verify',
      '-in',
      join(dir, 'token.der'),
      '-token_in',
      '-data',
      join(dir, 'value.bin'),
      '-CAfile',
      join(dir, 'root.pem'),
      '-untrusted',
      join(dir, 'issuing.pem'),
    ]);
    expect(ts.stdout).toContain('Verification: OK');
    expect(w.problems).toEqual([]);
    expect(await cspViolations(w.page)).toEqual([]);
  } finally {
    await w.context.close();
  }
}, 180_000);
