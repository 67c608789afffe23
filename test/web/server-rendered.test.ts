/**
 * GET /verify/{code} renders the registry verdict on the server (issue 13 "The page for people"),
 * so that a reader without JavaScript sees it: the same registryVerdict as GET
 * /api/v1/documents/{code}, in the reader's language, times in SIGNET_TIME_ZONE, every name
 * escaped, never green for a certificate revoked before the signature's proven time, a rescinded
 * document or an unknown code. A CA in this process whose clock the test moves (a revocation dated
 * before a signature cannot happen on a real clock), served by the real application over HTTP;
 * Chromium reads it with JavaScript turned off.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import pino from 'pino';
import type { Browser, BrowserContext } from 'playwright-core';
import request from 'supertest';
import { addDepartment } from '../../src/ca/departments';
import { createApp } from '../../src/http/app';
import { appRouters } from '../../src/protocols';
import { renderReason, type Language } from '../../src/verification/reasons';
import { DAY, freshCa, HOUR, type TestCa } from '../verification/fixtures';
import { isGreen, launchChromium, verdict } from './browser';

jest.setTimeout(120_000);

const ZONE = 'Asia/Shanghai';
/**
 * A name with every character HTML gives a meaning to, and the patterns of String.replace: it
 * must reach the reader as text.
 */
const DEPARTMENT = 'Finance <b>Bureau</b> & "Records" $\' $&';
const NOTICE = new Uint8Array(Buffer.from('Decision No. 7: the archive opens on Sundays.\n'));

/** A time as the page writes it: long date and time in the zone. */
const pageTime = (language: Language) => (iso: string) =>
  new Intl.DateTimeFormat(language, {
    dateStyle: 'long',
    timeStyle: 'long',
    timeZone: ZONE,
  }).format(new Date(iso));

describe('GET /verify/{code} rendered on the server', () => {
  let ca: TestCa;
  let app: ReturnType<typeof createApp>;
  let server: Server;
  let url: string;
  const codes: Record<'valid' | 'revokedBefore' | 'rescinded', string> = {
    valid: '',
    revokedBefore: '',
    rescinded: '',
  };
  const view = async (code: string) =>
    (await request(app).get(`/api/v1/documents/${code}`)).body as {
      verdict: { code: string; valid: boolean; reason: any };
      signedAt: string;
    };

  beforeAll(async () => {
    ca = await freshCa();
    const deps = ca.services.deps;
    addDepartment(deps, { id: 'finance', name: DEPARTMENT, actor: 'test' });
    const revoked = await ca.department('finance');
    ca.clock.set(ca.at(HOUR));
    const withdrawn = await ca.sign('finance', 'B-T', NOTICE);
    codes.rescinded = withdrawn.verificationCode;
    ca.rescind('finance', withdrawn.id);
    // Signed on day 2 with a certificate whose revocation is recorded as of day 1 (a stolen key).
    ca.clock.set(ca.at(2 * DAY));
    codes.revokedBefore = (await ca.sign('finance', 'B-T', NOTICE)).verificationCode;
    ca.clock.set(ca.at(DAY));
    await ca.revoke(revoked.serial, 'keyCompromise');
    // A new certificate for the department; its document stays valid.
    ca.clock.set(ca.at(3 * DAY));
    await ca.department('finance');
    codes.valid = (await ca.sign('finance', 'B-T', NOTICE)).verificationCode;
    ca.clock.set(ca.at(4 * DAY));

    app = createApp({
      logger: pino({ level: 'silent' }),
      routers: appRouters(ca.services, { maxDocumentBytes: 1024 * 1024, timeZone: ZONE }),
      rateLimitPerMinute: 0,
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    ca?.close();
  });

  describe('as HTML, over plain HTTP', () => {
    it('gives each document the verdict of GET /api/v1/documents/{code}, in Chinese by default', async () => {
      for (const [name, expected] of [
        ['valid', 'registry-valid'],
        ['revokedBefore', 'unknown'],
        ['rescinded', 'registry-rescinded'],
      ] as const) {
        const res = await request(app).get(`/verify/${codes[name]}`);
        expect([name, res.status]).toEqual([name, 200]);
        expect(res.headers['content-language']).toBe('zh-CN');
        const shown = /data-verdict="([^"]+)"/.exec(res.text)?.[1];
        expect([name, shown]).toEqual([name, expected]);
        const entry = await view(codes[name]);
        if (name === 'valid') continue;
        expect(res.text).toContain(
          renderReason('zh-CN', entry.verdict.reason, { time: pageTime('zh-CN') }).replace(
            /"/g,
            '&quot;',
          ),
        );
      }
      const entry = await view(codes.revokedBefore);
      expect(entry.verdict).toMatchObject({ code: 'revoked_before_signing', valid: false });
    });

    it('escapes every name and keeps the strict CSP: no inline script or style', async () => {
      const res = await request(app).get(`/verify/${codes.valid}`);
      expect(res.text).not.toContain('<b>Bureau</b>');
      expect(res.text).toContain(
        'Finance &lt;b&gt;Bureau&lt;/b&gt; &amp; &quot;Records&quot; $&#39; $&',
      );
      for (const tag of res.text.match(/<script\b[^>]*>/g) ?? [])
        expect(tag).toMatch(/ src="\/verify/);
      expect(res.text).not.toMatch(/<style\b| style=| on[a-z]+=/i);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toMatch(/script-src 'self'/);
      expect(csp).not.toContain('unsafe-inline');
    });

    it('shows times in SIGNET_TIME_ZONE and names it; English with ?lang=en', async () => {
      const entry = await view(codes.valid);
      const zh = (await request(app).get(`/verify/${codes.valid}`)).text;
      expect(zh).toContain(pageTime('zh-CN')(entry.signedAt));
      expect(zh).toContain(`data-time-zone="${ZONE}"`);
      expect(zh).toContain(`(${ZONE})`);
      const en = await request(app).get(`/verify/${codes.valid}?lang=en`);
      expect(en.headers['content-language']).toBe('en');
      expect(en.text).toContain(pageTime('en')(entry.signedAt));
      expect(en.text).toContain('Registered document');
    });

    it('an unknown code: 404 with "not found", never a verdict', async () => {
      for (const code of ['ZZZZ-ZZZZ-ZZZZ-ZZZZ', '<script>x</script>']) {
        const res = await request(app).get(`/verify/${encodeURIComponent(code)}`);
        expect(res.status).toBe(404);
        expect(res.type).toBe('text/html');
        expect(res.text).toContain('data-message="error.notFound.text"');
        expect(res.text).not.toMatch(/data-verdict=/);
        expect(res.text).not.toContain('<script>x');
      }
    });

    it('/verify alone has no result', async () => {
      const res = await request(app).get('/verify');
      expect(res.status).toBe(200);
      expect(res.text).toMatch(/<div id="result" class="result" aria-live="polite"><\/div>/);
    });
  });

  describe('in Chromium with JavaScript turned off', () => {
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => {
      for (const c of contexts) await c.close();
      await browser?.close();
    });
    const open = async (path: string, locale = 'zh-CN') => {
      const context = await browser.newContext({
        javaScriptEnabled: false,
        locale,
        timezoneId: 'Europe/London', // the page's times are the server's zone, not the browser's
      });
      contexts.push(context);
      const page = await context.newPage();
      const response = await page.goto(url + path);
      return { page, status: response?.status() };
    };

    it.each([
      ['valid', 'registry-valid', true],
      ['revokedBefore', 'unknown', false],
      ['rescinded', 'registry-rescinded', false],
    ] as const)('%s: the verdict %s, green only when it stands', async (name, expected, green) => {
      const { page } = await open(`/verify/${codes[name]}`);
      const shown = await verdict(page, 10_000);
      expect(shown.verdict).toBe(expected);
      expect(isGreen(shown.background)).toBe(green);
      expect(shown.text).toContain(DEPARTMENT);
      const entry = await view(codes[name]);
      if (name !== 'valid')
        expect(shown.text).toContain(
          renderReason('zh-CN', entry.verdict.reason, { time: pageTime('zh-CN') }),
        );
      expect(shown.text).toContain(pageTime('zh-CN')(entry.signedAt));
      if (name === 'rescinded') expect(shown.text).toContain('Issued in error.');
    });

    it('the language switch works as a link: English, same verdict', async () => {
      const { page } = await open(`/verify/${codes.revokedBefore}`);
      await Promise.all([page.waitForURL(/lang=en/), page.locator('#lang-switch').click()]);
      const shown = await verdict(page, 10_000);
      expect(shown.verdict).toBe('unknown');
      expect(shown.title).toBe('Cannot be confirmed');
      const entry = await view(codes.revokedBefore);
      expect(shown.text).toContain(
        renderReason('en', entry.verdict.reason, { time: pageTime('en') }),
      );
    });

    it('an unknown code says "not found"', async () => {
      const { page, status } = await open('/verify/ZZZZ-ZZZZ-ZZZZ-ZZZZ');
      expect(status).toBe(404);
      const box = page.locator('#result [data-message]');
      expect(await box.getAttribute('data-message')).toBe('error.notFound.text');
      expect(await page.locator('#result [data-verdict]').count()).toBe(0);
    });
  });
});
