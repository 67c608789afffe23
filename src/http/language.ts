/**
 * The language of a verification report (issue 13): `?lang=en` or `?lang=zh-CN`, English by
 * default. Accept-Language is not consulted: the citizen page renders its own language and shows
 * the server's sentences in its English view, and browsers send Accept-Language with every fetch,
 * so a Chinese browser would get Chinese sentences in an English page. The page asks with ?lang=
 * once it renders the reasons itself; then Accept-Language can be weighed here with web.ts's
 * negotiateLanguage (RFC 9110 12.5.4).
 */
import type { Request } from 'express';
import { LANGUAGES, type Language } from '../verification';
import { HttpError } from './errors';

/** `?lang=` (en or zh-CN, any case; another value is refused, 400), else English. */
export function reportLanguage(req: Request): Language {
  const asked = req.query.lang;
  if (asked === undefined) return 'en';
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
