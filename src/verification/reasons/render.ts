/**
 * Rendering a reason in a language: the template of its id with each {placeholder} replaced by
 * its parameter, nested reasons rendered the same way. Times and counts are written as the data
 * gives them (ISO 8601 UTC); a reader that formats them for people (the page) does so from the
 * parameters, whose kinds ids.ts declares.
 */
import type { CheckId } from '../report';
import { LANGUAGES, type Catalogue, type Language } from './catalogue';
import { en } from './en';
import { REASON_PARAMS, type ParamKind, type Reason } from './ids';
import { zhCN } from './zh-CN';

export const CATALOGUES: Record<Language, Catalogue> = { en, 'zh-CN': zhCN };

/** The language a tag names ("zh", "zh-CN", "zh_CN.UTF-8", "en-GB"...), or undefined. */
export function languageOf(tag: string | undefined): Language | undefined {
  const lower = (tag ?? '').trim().toLowerCase().replace('_', '-');
  if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return LANGUAGES.find((l) => l.toLowerCase() === lower);
}

/** How a reader writes parameters for people; by default as the data gives them. */
export interface RenderOptions {
  /** A `time` parameter (ISO 8601 UTC), e.g. in the page's time zone. */
  time?: (iso: string) => string;
}

function renderParam(
  catalogue: Catalogue,
  kind: ParamKind,
  value: unknown,
  options: RenderOptions,
): string {
  const nested = (r: Reason) => render(catalogue, r, options);
  switch (kind) {
    case 'text':
    case 'count':
      return String(value);
    case 'time':
      return options.time ? options.time(String(value)) : String(value);
    case 'reason':
      return nested(value as Reason);
    case 'texts':
      return (value as readonly string[]).join(catalogue.listSeparator);
    case 'list':
      return (value as readonly Reason[]).map(nested).join(catalogue.listSeparator);
    case 'sentences':
      return (value as readonly Reason[]).map(nested).join(catalogue.sentenceSeparator);
    case 'tail':
      return (value as readonly Reason[])
        .map((r) => catalogue.sentenceSeparator + nested(r))
        .join('');
  }
}

function render(catalogue: Catalogue, reason: Reason, options: RenderOptions): string {
  const kinds: Readonly<Record<string, ParamKind>> = REASON_PARAMS[reason.id];
  const params = reason.params as Readonly<Record<string, unknown>>;
  return catalogue.reasons[reason.id].replace(/\{(\w+)\}/g, (_, name: string) => {
    const kind = kinds[name];
    return kind ? renderParam(catalogue, kind, params[name], options) : `{${name}}`;
  });
}

/** The sentence `reason` says, in `language` (times formatted by `options.time` if given). */
export function renderReason(
  language: Language,
  reason: Reason,
  options: RenderOptions = {},
): string {
  return render(CATALOGUES[language], reason, options);
}

/** The name of a check of the report, in `language`. */
export function checkName(language: Language, id: CheckId): string {
  return CATALOGUES[language].checks[id];
}
