/**
 * The verification page's server side and its dictionaries, without a browser: language
 * negotiation, the page and asset routes, and the two dictionaries kept in step with each other and
 * with the strings the page uses.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { errorHandler } from '../../src/http/errors';
import { negotiateLanguage, webRouter } from '../../src/http/routes/web';
import type { DocumentRecord, DocumentRegistry } from '../../src/documents';
import { REASON_PARAMS } from '../../src/verification/reasons';

const WEB = join(__dirname, '..', '..', 'src', 'web');
const dictionary = (lang: string): Record<string, string> =>
  JSON.parse(readFileSync(join(WEB, `i18n-${lang}.json`), 'utf8'));
const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

const RECORD: DocumentRecord = {
  id: 'a1',
  verificationCode: '7KQDM2XF9TWAH4PC',
  departmentId: 'finance',
  certificateSerial: '01',
  format: 'cades',
  level: 'B-T',
  digestAlgorithm: 'sha256',
  digest: '00'.repeat(32),
  signedAt: '2025-01-02T03:04:05.000Z',
  status: 'valid',
};

/** The page as the build makes it (dist/web: `npm run build` bundles its TypeScript). */
const BUILT = join(__dirname, '..', '..', 'dist', 'web');

function app(timeZone?: string) {
  const documents = {
    byCode: (code: string) => (code === RECORD.verificationCode ? RECORD : undefined),
    byId: () => undefined,
  } as unknown as DocumentRegistry;
  const register = {
    departments: {
      department: () => ({ id: 'finance', name: 'Finance', createdAt: '2025-01-01T00:00:00Z' }),
    },
    certificates: { findBySerial: () => [] },
    clock: { now: () => new Date('2025-02-01T00:00:00Z') },
    documents,
  };
  return express()
    .use(
      webRouter({
        documents: register,
        publicUrl: () => 'https://signet.example.gov.cn/',
        webDir: BUILT,
        timeZone,
      }),
    )
    .use(errorHandler(pino({ level: 'silent' })));
}

describe('the verification page', () => {
  describe('its dictionaries', () => {
    const zh = dictionary('zh-CN');
    const en = dictionary('en');

    it('have the same keys, each with a text and the same placeholders in both languages', () => {
      expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
      for (const key of Object.keys(en)) {
        expect([key, en[key]?.trim()]).not.toEqual([key, '']);
        expect([key, zh[key]?.trim()]).not.toEqual([key, '']);
        expect([key, placeholders(zh[key] ?? '')]).toEqual([key, placeholders(en[key] ?? '')]);
      }
    });

    it('hold every key the page and its script name', () => {
      const html = readFileSync(join(WEB, 'index.html'), 'utf8');
      // The page's script and the views it shares with the server (verification/page).
      const views = join(__dirname, '..', '..', 'src', 'verification', 'page');
      const script = [join(WEB, 'app.ts'), ...readdirSync(views).map((f) => join(views, f))]
        .map((f) => readFileSync(f, 'utf8'))
        .join('\n');
      const used = new Set<string>([
        ...[...html.matchAll(/\{\{([\w.-]+)\}\}/g)].map((m) => m[1] ?? ''),
        ...[...html.matchAll(/data-i18n="([\w.-]+)"/g)].map((m) => m[1] ?? ''),
        ...[...html.matchAll(/data-i18n-attr="([^"]+)"/g)].flatMap((m) =>
          (m[1] ?? '').split(';').map((pair) => pair.split(':')[1] ?? ''),
        ),
        // String literals of the script that look like dictionary keys.
        ...[
          ...script.matchAll(
            /'((?:lang|nav|brand|page|file|code|progress|verdict|registry|field|status|checks|check|sub|error|footer|size|undecided)\.[\w.]+)'/g,
          ),
        ].map((m) => m[1] ?? ''),
      ]);
      // Keys the script builds from report values.
      for (const v of ['authentic', 'failed', 'unknown', 'rescinded', 'superseded']) {
        used.add(`verdict.${v}`);
      }
      for (const s of ['valid', 'rescinded', 'superseded']) used.add(`status.${s}`);
      for (const s of ['passed', 'failed', 'warning', 'not_checked']) used.add(`check.status.${s}`);
      // Reason ids name sentences of the shared catalogues, not of the dictionaries.
      const missing = [...used].filter((key) => !(key in en) && !(key in REASON_PARAMS));
      expect(missing).toEqual([]);
    });

    it('hold no verdict sentence: those come from the reason catalogues the API and CLI use', () => {
      const verdictSentences = Object.keys(en).filter(
        (key) =>
          key in REASON_PARAMS ||
          /^sub\.|^verdict\.\w+\.text$|^verdict\.(pdfChanged|matchesRegistry|differsRegistry)$|^field\.pdfRange\./.test(
            key,
          ),
      );
      expect(verdictSentences).toEqual([]);
    });

    it('are different in every string a reader sees, except the names of the languages', () => {
      const same = Object.keys(en).filter(
        (key) => en[key] === zh[key] && !/^size\.(kb|mb|gb)$/.test(key),
      );
      expect(same).toEqual([]);
    });
  });

  describe('the language of a first visit', () => {
    it.each([
      ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
      ['en-US,en;q=0.9', 'en'],
      ['en-GB;q=0.5, zh-TW', 'zh-CN'],
      ['fr-FR, en;q=0.3, zh;q=0.2', 'en'],
      ['de-DE', undefined],
      ['zh;q=0, en', 'en'],
      ['', undefined],
      [undefined, undefined],
    ])('Accept-Language %p gives %p', (header, language) => {
      expect(negotiateLanguage(header)).toBe(language);
    });
  });

  describe('GET /verify', () => {
    it('serves the page in the language the browser asks for, and says that it varies', async () => {
      const en = await request(app()).get('/verify').set('Accept-Language', 'en-US,en;q=0.8');
      expect(en.status).toBe(200);
      expect(en.type).toBe('text/html');
      expect(en.headers.vary).toMatch(/Accept-Language/);
      expect(en.headers['content-language']).toBe('en');
      expect(en.text).toContain(
        '<html data-lang-source="accept-language" data-time-zone="Asia/Shanghai" lang="en">',
      );
      expect(en.text).toContain('Is this official document authentic?');
      expect(en.text).not.toMatch(/\{\{/);

      const zh = await request(app()).get('/verify/7KQD-M2XF-9TWA-H4PC');
      expect(zh.status).toBe(200);
      expect(zh.text).toContain(
        '<html data-lang-source="default" data-time-zone="Asia/Shanghai" lang="zh-CN">',
      );
      expect(zh.text).toContain('这份公文是真的吗？');

      const asked = await request(app()).get('/verify?lang=en').set('Accept-Language', 'zh-CN');
      expect(asked.text).toContain(
        'data-lang-source="query" data-time-zone="Asia/Shanghai" lang="en"',
      );
    });

    it('names the time zone the page shows times in: SIGNET_TIME_ZONE, else Asia/Shanghai', async () => {
      const page = (await request(app('Europe/Berlin')).get('/verify')).text;
      expect(page).toContain('data-time-zone="Europe/Berlin"');
      expect(() => app('Mars/Olympus_Mons')).toThrow(/SIGNET_TIME_ZONE "Mars\/Olympus_Mons"/);
    });

    it('has no inline script or style and names nothing outside the site', async () => {
      const page = (await request(app()).get('/verify')).text;
      for (const tag of page.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/ src="\/verify/);
      expect(page).not.toMatch(/<style\b| style=| on[a-z]+=/i);
      expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
    });

    it('serves its assets by name only', async () => {
      const js = await request(app()).get('/verify/assets/app.js');
      expect(js.status).toBe(200);
      expect(js.type).toMatch(/javascript/);
      expect((await request(app()).get('/verify/assets/verify.css')).type).toBe('text/css');
      expect((await request(app()).get('/verify/assets/i18n-en.json')).type).toBe(
        'application/json',
      );
      for (const path of [
        '/verify/assets/index.html',
        '/verify/assets/..%2Fpackage.json',
        '/verify/assets/nothing.js',
      ]) {
        expect([path, (await request(app()).get(path)).status]).toEqual([path, 404]);
      }
    });
  });

  describe('GET /api/v1/documents/{code}/qr.svg', () => {
    it('is an SVG naming the verification link, for any spelling of the code', async () => {
      const res = await request(app())
        .get('/api/v1/documents/7kqd-m2xf-9twa-h4pc/qr.svg')
        .buffer(true)
        .parse((r, done) => {
          let text = '';
          r.setEncoding('utf8');
          r.on('data', (chunk: string) => (text += chunk));
          r.on('end', () => done(null, text));
        });
      expect(res.status).toBe(200);
      expect(res.type).toBe('image/svg+xml');
      expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
      const svg = res.body as string;
      expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 \d+ \d+"/);
      expect(svg).toContain(
        '<title>https://signet.example.gov.cn/verify/7KQD-M2XF-9TWA-H4PC</title>',
      );
    });

    it('answers 404 with the JSON error for an unknown code', async () => {
      const res = await request(app()).get('/api/v1/documents/ZZZZ-ZZZZ-ZZZZ-ZZZZ/qr.svg');
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('UNKNOWN_DOCUMENT');
    });
  });
});
