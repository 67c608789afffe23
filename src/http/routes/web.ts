import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Router, type Request, type Response } from 'express';
import QRCode from 'qrcode';
import {
  DocumentError,
  documentByCode,
  type DocumentRegistry,
  type DocumentViewDeps,
  type PublicDocumentView,
} from '../../documents';
import { tableRoutes } from '../route';
import { escapeHtml, toHtml, type Element } from '../../verification/page/markup';
import { notFoundMessage, registryArticle } from '../../verification/page/registry';
import { fill, type Words } from '../../verification/page/view';

/** The page's languages, the first being the default when the browser names neither. */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Where the build puts src/web (dist/web), seen from this file in src/ or dist/. */
const WEB_DIR = join(__dirname, '..', '..', 'web');

/** China Standard Time, as on the seal (core/pades/seal/seal-text.ts). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** The zone if the runtime knows it; a wrong SIGNET_TIME_ZONE stops the start, not a page view. */
function checkedTimeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new Error(`SIGNET_TIME_ZONE "${zone}" is not an IANA time zone (e.g. Asia/Shanghai).`);
  }
  return zone;
}

export interface WebRouterDeps {
  /** The register of documents, read by verification code. */
  documents: DocumentViewDeps & { documents: Pick<DocumentRegistry, 'byCode'> };
  /** SIGNET_PUBLIC_URL, read on each request (the server learns its port only once listening). */
  publicUrl: () => string;
  /** The IANA time zone the page shows times in; the API stays in UTC. */
  timeZone?: string;
  webDir?: string;
}

/**
 * The page's language from an Accept-Language header (RFC 9110 section 12.5.4): the acceptable
 * range of highest weight that is Chinese or English; undefined when the header names neither.
 */
export function negotiateLanguage(header: string | undefined): Language | undefined {
  const ranges = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/i.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranges) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return undefined;
}

/** Where index.html holds the result (#result): empty, or the registry verdict of /verify/{code}. */
const RESULT_SLOT = '<!--result-->';

/** index.html with every {{key}} filled from the language's dictionary; a missing key fails fast. */
function renderPage(
  template: string,
  dictionary: Record<string, string>,
  language: string,
): string {
  return template.replace(/\{\{([\w.-]+)\}\}/g, (_, key: string) => {
    const text = dictionary[key];
    if (text === undefined) throw new Error(`web: no "${key}" in the ${language} dictionary`);
    return escapeHtml(text);
  });
}

/**
 * The citizen verification page (GET /verify, GET /verify/{code}): one static page, served in the
 * reader's language, whose script hashes documents in the browser; its static assets; and the QR
 * code of a document's verification link for departments to print.
 */
export function webRouter(deps: WebRouterDeps): Router {
  const dir = deps.webDir ?? WEB_DIR;
  const timeZone = checkedTimeZone(deps.timeZone ?? DEFAULT_TIME_ZONE);
  const template = readFileSync(join(dir, 'index.html'), 'utf8');
  const dictionaries = new Map<Language, Record<string, string>>(
    LANGUAGES.map((language) => [
      language,
      JSON.parse(readFileSync(join(dir, `i18n-${language}.json`), 'utf8')) as Record<
        string,
        string
      >,
    ]),
  );
  const pages = new Map<Language, string>(
    LANGUAGES.map((language) => [
      language,
      renderPage(template, dictionaries.get(language) ?? {}, language),
    ]),
  );
  const wordsIn = (language: Language): Words => ({
    language,
    timeZone,
    t: (key, params) => fill(dictionaries.get(language)?.[key] ?? key, params),
  });

  /**
   * The registry verdict of /verify/{code}, rendered here so that the page says it without
   * JavaScript (issue 13): the same markup the script renders after its own look-up.
   */
  const registryResult = (
    code: string,
    language: Language,
  ): { status: number; result: Element } => {
    let entry: PublicDocumentView;
    try {
      entry = documentByCode(deps.documents, code);
    } catch (error) {
      if (error instanceof DocumentError && error.code === 'UNKNOWN_DOCUMENT')
        return { status: 404, result: notFoundMessage(wordsIn(language), code) };
      throw error;
    }
    return { status: 200, result: registryArticle(wordsIn(language), entry) };
  };
  // Only these files are served: no path from the request ever reaches the file system.
  const assets = new Set(
    readdirSync(dir).filter((f) => f !== 'index.html' && /^[\w.-]+\.(js|css|json|svg)$/.test(f)),
  );

  const sendPage = (req: Request, res: Response): void => {
    const asked = typeof req.query.lang === 'string' ? req.query.lang : undefined;
    const fromQuery = LANGUAGES.find((l) => l.toLowerCase() === asked?.toLowerCase());
    const fromHeader = negotiateLanguage(req.get('accept-language'));
    const language = fromQuery ?? fromHeader ?? LANGUAGES[0];
    const source = fromQuery ? 'query' : fromHeader ? 'accept-language' : 'default';
    const code = typeof req.params.code === 'string' ? req.params.code : undefined;
    const { status, result } = code
      ? registryResult(code, language)
      : { status: 200, result: undefined };
    const html = (pages.get(language) ?? '')
      .replace(
        '<html lang=',
        `<html data-lang-source="${source}" data-time-zone="${escapeHtml(timeZone)}" lang=`,
      )
      // A function, not a string: `$&` or `$'` in a name must not be read as a pattern.
      .replace(RESULT_SLOT, () => (result ? toHtml(result) : ''));
    res
      .status(status)
      .type('html')
      .set({
        'Cache-Control': 'no-cache',
        Vary: 'Accept-Language',
        'Content-Language': language,
      })
      .send(html);
  };

  const r = Router();
  const on = tableRoutes(r, {});
  on('get /verify', sendPage);
  on('get /verify/{code}', sendPage);

  on('get /verify/assets/{file}', (req, res, next) => {
    const file = String(req.params.file);
    if (!assets.has(file)) {
      next();
      return;
    }
    res.sendFile(file, { root: dir, dotfiles: 'deny', headers: { 'Cache-Control': 'no-cache' } });
  });

  // A QR code of the document's verification link (SPEC.md verifyUrl), to print on the document.
  on('get /api/v1/documents/{code}/qr.svg', async (req, res) => {
    const entry = documentByCode(deps.documents, String(req.params.code));
    const url = `${deps.publicUrl().replace(/\/+$/, '')}/verify/${entry.verificationCode}`;
    const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
    const labelled = svg.replace(
      /^<svg([^>]*)>/,
      `<svg$1 role="img" aria-label="${escapeHtml(url)}"><title>${escapeHtml(url)}</title>`,
    );
    res
      .status(200)
      .type('image/svg+xml')
      .set({
        'Cache-Control': 'public, max-age=3600',
        // A public image meant to be embedded in documents and other sites.
        'Cross-Origin-Resource-Policy': 'cross-origin',
      })
      .send(labelled);
  });

  return r;
}
