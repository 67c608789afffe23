/**
 * The page speaks the report's catalogues (issue 13 "Report as data"): each check's name and
 * sentence on the page are checkName / renderReason of the report's reason, with times in the
 * page's time zone, in Chinese and in English, over the same checks. Its own server: the test
 * revokes its department's certificate after signing, which the other page tests must not see.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../helpers/server';
import { checkName, renderReason, type Language } from '../../src/verification/reasons';
import type { Check, VerificationReport } from '../../src/verification/report';
import {
  cspViolations,
  dropFiles,
  launchChromium,
  openPage,
  verdict,
  type Watched,
} from './browser';

jest.setTimeout(180_000);

/** A time as the page writes it: long date and time in SIGNET_TIME_ZONE (Asia/Shanghai here). */
const pageTime = (language: Language) => (iso: string) =>
  new Intl.DateTimeFormat(language, {
    dateStyle: 'long',
    timeStyle: 'long',
    timeZone: 'Asia/Shanghai',
  }).format(new Date(iso));

interface ShownCheck {
  id: string;
  status: string;
  name: string;
  message: string;
}

async function shownChecks(page: Page): Promise<ShownCheck[]> {
  await page.locator('details.checks summary').click();
  return page.locator('.check').evaluateAll((items) =>
    items.map((li) => ({
      id: li.getAttribute('data-check') ?? '',
      status: /check--(\w+)/.exec(li.className)?.[1] ?? '',
      name: li.querySelector('.check-name')?.textContent ?? '',
      message: li.querySelector('.check-message')?.textContent ?? '',
    })),
  );
}

const expected = (language: Language, checks: Check[]): ShownCheck[] =>
  checks.map((c) => ({
    id: c.id,
    status: c.status,
    name: checkName(language, c.id),
    message: renderReason(language, c.reason, { time: pageTime(language) }),
  }));

describe('the verification page and the report catalogues', () => {
  let server: RunningServer;
  let browser: Browser;
  const open: Watched[] = [];

  const call = async (path: string, token: string, body: unknown, type = 'application/json') => {
    const res = await fetch(server.url + path, {
      method: 'POST',
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': type },
      body: type === 'application/json' ? JSON.stringify(body) : (body as Buffer),
    });
    const json = (await res.json()) as any;
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  });
  afterEach(async () => {
    for (const w of open.splice(0)) {
      expect(w.problems).toEqual([]);
      expect(await cspViolations(w.page)).toEqual([]);
      await w.context.close();
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  describe('when the certificate was revoked after the time-stamp', () => {
    it('says in Chinese what the catalogue says (the signature stays valid), and English shows the same checks', async () => {
      const dep = await call('/api/v1/departments', server.adminToken, {
        id: 'archive',
        name: 'Archive',
      });
      const cert = await call('/api/v1/certificates', server.adminToken, {
        department: 'archive',
      });
      const document = Buffer.concat([Buffer.from('Archive notice\n'), randomBytes(4096)]);
      const signed = await call(
        '/api/v1/sign?format=cades&level=B-T&name=archive.txt',
        dep.apiKey,
        document,
        'application/octet-stream',
      );
      // The revocation comes strictly after the time-stamp's second.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await call(`/api/v1/certificates/${cert.serial}/revoke`, server.adminToken, {
        reason: 'keyCompromise',
      });
      const p7s = Buffer.from(signed.signature, 'base64');
      const report: VerificationReport = await call('/api/v1/verify', '', {
        digest: {
          algorithm: 'sha256',
          value: createHash('sha256').update(document).digest('hex'),
        },
        signature: signed.signature,
      });
      const checks = report.signatures[0]?.checks ?? [];
      const revocation = checks.find((c) => c.id === 'revocation');
      expect(revocation?.reason.id).toBe('revocation.revoked_after_timestamp');

      const shown: Record<Language, ShownCheck[]> = { 'zh-CN': [], en: [] };
      for (const [language, locale] of [
        ['zh-CN', 'zh-CN'],
        ['en', 'en-US'],
      ] as const) {
        const w = await openPage(browser, `${server.url}/verify`, { locale });
        open.push(w);
        await dropFiles(w.page, [
          { name: 'archive.txt', bytes: document, type: 'text/plain' },
          { name: 'archive.txt.p7s', bytes: p7s, type: 'application/pkcs7-signature' },
        ]);
        const banner = await verdict(w.page);
        expect(banner.text).toContain(
          renderReason(language, report.summaryReason, { time: pageTime(language) }),
        );
        shown[language] = await shownChecks(w.page);
        expect(shown[language]).toEqual(expected(language, checks));
      }
      const zhRevocation = shown['zh-CN'].find((c) => c.id === 'revocation');
      expect(zhRevocation?.message).toMatch(/吊销.*之前.*仍然有效/);
      expect(zhRevocation?.message).not.toContain('无法完全确认');
      // The same checks, in the same order with the same outcomes, in both languages.
      const ids = (list: ShownCheck[]) => list.map((c) => [c.id, c.status]);
      expect(ids(shown.en)).toEqual(ids(shown['zh-CN']));
      expect(ids(shown.en)).toEqual(checks.map((c) => [c.id, c.status]));
    });
  });

  describe('a verification code whose signing certificate was revoked', () => {
    it('is never green when nothing proves the signature came first; revoked after a time-stamp says signed before revocation', async () => {
      const dep = await call('/api/v1/departments', server.adminToken, {
        id: 'permits',
        name: 'Permits Office',
      });
      const cert = await call('/api/v1/certificates', server.adminToken, {
        department: 'permits',
      });
      const digest = () => createHash('sha256').update(randomBytes(32)).digest('hex');
      const sign = (level: string) =>
        call(`/api/v1/sign/digest?level=${level}`, dep.apiKey, {
          digestAlgorithm: 'sha256',
          digest: digest(),
        });
      const untimed = await sign('B-B');
      const timed = await sign('B-T');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await call(`/api/v1/certificates/${cert.serial}/revoke`, server.adminToken, {
        reason: 'keyCompromise',
      });
      for (const [signed, code, green] of [
        [untimed, 'revoked_without_proof', false],
        [timed, 'signed_before_revocation', true],
      ] as const) {
        const entry = (await (
          await fetch(`${server.url}/api/v1/documents/${signed.verificationCode}`)
        ).json()) as any;
        expect(entry.verdict.code).toBe(code);
        for (const [language, locale] of [
          ['zh-CN', 'zh-CN'],
          ['en', 'en-US'],
        ] as const) {
          const w = await openPage(browser, `${server.url}/verify/${signed.verificationCode}`, {
            locale,
          });
          open.push(w);
          const shown = await verdict(w.page);
          expect(shown.verdict).toBe(green ? 'registry-valid' : 'unknown');
          expect(shown.text).toContain(
            renderReason(language, entry.verdict.reason, { time: pageTime(language) }),
          );
        }
      }
    });
  });
});
