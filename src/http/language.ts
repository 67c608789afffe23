/**
 * The reader's language for what Signet writes to people: the page and the verification report
 * (issue 13). English and Chinese, from `?lang=` or the Accept-Language header.
 */
import type { Request } from 'express';
import { LANGUAGES, type Language } from '../verification';
import { HttpError } from './errors';

/**
 * The language from an Accept-Language header (RFC 9110 section 12.5.4): the acceptable range of
 * highest weight that is Chinese or English; undefined when the header names neither.
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

/**
 * The language of a report: `?lang=` (en or zh-CN; another value is refused, 400), else the
 * Accept-Language header, else English, the language of the API.
 */
export function reportLanguage(req: Request): Language {
  const asked = req.query.lang;
  if (asked === undefined) return negotiateLanguage(req.get('accept-language')) ?? 'en';
  const language = LANGUAGES.find(
    (l) => typeof asked === 'string' && l.toLowerCase() === asked.toLowerCase(),
  );
  if (!language) {
    throw new HttpError(
      400,
      'UNSUPPORTED_LANGUAGE',
      `"lang" must be one of ${LANGUAGES.join(', ')}.`,
    );
  }
  return language;
}
