/**
 * The citizen page's words and the pieces its results are made of, shared by the server (the
 * registry verdict rendered into GET /verify/{code}, for readers without JavaScript) and the page's
 * script: one wording, one time format, one layout. Page chrome comes from the page's dictionaries
 * (`t`), every verdict sentence from the reason catalogues.
 */
import type { Language, Reason } from '../reasons';
import { renderReason } from '../reasons';
import { icon, VERDICT_ICONS } from './icons';
import { el, type Attrs, type Child, type Element } from './markup';

export type Params = Record<string, string | number | undefined>;

/** What a view needs to say things: the reader's language, the time zone, the dictionary. */
export interface Words {
  language: Language;
  /** The IANA zone times are shown in (SIGNET_TIME_ZONE). */
  timeZone: string;
  /** A page dictionary entry with its {placeholders} filled. */
  t(key: string, params?: Params): string;
}

/** A dictionary text with each {name} replaced by its parameter (nothing when it has none). */
export function fill(text: string, params: Params = {}): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) =>
    params[name] === undefined ? '' : String(params[name]),
  );
}

/** A time in the reader's zone, long form ("2025年1月2日 CST 11:04:05"); a date alone if asked. */
export function formatTime(words: Words, iso: string | null | undefined, withTime = true): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return new Intl.DateTimeFormat(
    words.language,
    withTime
      ? { dateStyle: 'long', timeStyle: 'long', timeZone: words.timeZone }
      : { dateStyle: 'long', timeZone: words.timeZone },
  ).format(date);
}

/** The zone times are shown in, in the reader's language: "China Standard Time (Asia/Shanghai)". */
export function timeZoneLabel(words: Words): string {
  const name = new Intl.DateTimeFormat(words.language, {
    timeZone: words.timeZone,
    timeZoneName: 'long',
  })
    .formatToParts(new Date())
    .find((p) => p.type === 'timeZoneName')?.value;
  return name ? `${name} (${words.timeZone})` : words.timeZone;
}

/** A reason of a report or verdict in the reader's language, its times in the reader's zone. */
export function reasonText(words: Words, reason: Reason): string {
  return renderReason(words.language, reason, { time: (iso) => formatTime(words, iso) });
}

export function banner(
  verdict: string,
  { label, title, lines }: { label: string; title: string; lines: (string | null)[] },
): Element {
  return el(
    'div',
    { class: 'verdict-banner' },
    icon(VERDICT_ICONS[verdict] ?? 'info', 'verdict-icon'),
    el(
      'div',
      { class: 'verdict-words' },
      el('p', { class: 'verdict-label' }, label),
      el('h2', { class: 'verdict-title', id: 'verdict-title' }, title),
      lines.filter(Boolean).map((line) => el('p', { class: 'verdict-text' }, line)),
    ),
  );
}

/** A result: its verdict's banner under `label`, titled `title`, then what supports it. */
export function verdictArticle(
  verdict: string,
  heading: { label: string; title: string; lines: (string | null)[] },
  ...children: Child[]
): Element {
  return el(
    'article',
    {
      class: `verdict verdict--${verdict}`,
      'data-verdict': verdict,
      'aria-labelledby': 'verdict-title',
    },
    banner(verdict, heading),
    children,
  );
}

/** An error or a hint instead of a verdict; `key` names its dictionary entry for tests. */
export function messageBox(
  kind: 'error' | 'info',
  key: string,
  title: string,
  text: string,
): Element {
  return el(
    'div',
    { class: `message message--${kind}`, 'data-message': key },
    icon(kind === 'error' ? 'alert' : 'info', 'message-icon'),
    el('div', {}, el('h2', { class: 'message-title' }, title), el('p', {}, text)),
  );
}

export type Row = [term: string, value: Child, attrs?: Attrs] | null;

export function facts(rows: Row[]): Element {
  return el(
    'dl',
    { class: 'facts' },
    rows
      .filter(
        (row): row is NonNullable<Row> =>
          !!row && row[1] !== undefined && row[1] !== null && row[1] !== '',
      )
      .map(([term, value, attrs]) =>
        el('div', { class: 'fact' }, el('dt', {}, term), el('dd', attrs ?? {}, value)),
      ),
  );
}

/** The last fact of every result with times: the zone they are shown in. */
export function timeZoneRow(words: Words): Row {
  return [words.t('field.timeZone'), timeZoneLabel(words), { 'data-time-zone': words.timeZone }];
}

export const ALGORITHM_NAMES: Record<string, string> = {
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
  sha1: 'SHA-1',
  sm3: 'SM3',
};

export function fingerprintRow(words: Words, algorithm: string, value: string): Row {
  return [
    words.t('field.fingerprint', { algorithm: ALGORITHM_NAMES[algorithm] ?? algorithm }),
    value,
    { class: 'digest' },
  ];
}
