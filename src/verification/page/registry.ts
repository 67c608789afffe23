/**
 * A registered document as the citizen page shows it (GET /verify/{code}): its department's word
 * and its signing certificate's status together (registryVerdict, issue 13 item 2). The server
 * renders it into the page, so that it stands without JavaScript; the script renders the same
 * markup after a look-up. Never green for a certificate revoked before the signature is proven,
 * nor for a rescinded or superseded document.
 */
import type { PublicDocumentView } from '../../documents';
import { badge } from './icons';
import { el, type Child, type Element } from './markup';
import {
  facts,
  fingerprintRow,
  formatTime,
  messageBox,
  reasonText,
  timeZoneRow,
  verdictArticle,
  type Row,
  type Words,
} from './view';

/** A certificate problem under a document its department has not withdrawn. */
export const certificateFails = (entry: PublicDocumentView): boolean =>
  entry.status === 'valid' && !entry.verdict.valid;

/** The verdict's sentence (the reason catalogues') whenever it says more than "valid". */
export function registryLines(words: Words, entry: PublicDocumentView): string[] {
  return entry.verdict.code === 'valid' ? [] : [reasonText(words, entry.verdict.reason)];
}

function statusValue(words: Words, entry: PublicDocumentView): Child {
  const parts: Child[] = [badge(entry.status, words.t(`status.${entry.status}`))];
  if (entry.status !== 'valid' && entry.statusChangedAt)
    parts.push(' ', formatTime(words, entry.statusChangedAt));
  return el('span', {}, parts);
}

const codeLink = (code: string): Element =>
  el('a', { href: `/verify/${code}`, class: 'code' }, code);

/** The register's facts about an entry; the file name unless it is the reader's own. */
export function registryRows(
  words: Words,
  entry: PublicDocumentView | undefined,
  yourFileName?: string,
): Row[] {
  const { t } = words;
  if (!entry) return [[t('field.status'), t('registry.notRegistered')]];
  return [
    [t('field.status'), statusValue(words, entry)],
    entry.status !== 'valid' && entry.statusReason ? [t('field.reason'), entry.statusReason] : null,
    entry.supersededBy
      ? [t('field.replacement'), codeLink(entry.supersededBy.verificationCode)]
      : null,
    [t('field.code'), codeLink(entry.verificationCode)],
    entry.fileName !== yourFileName ? [t('field.fileName'), entry.fileName] : null,
  ];
}

/** The verdict on a verification code: what the register says, never green when it should not. */
export function registryArticle(words: Words, entry: PublicDocumentView): Element {
  const { t } = words;
  const failing = certificateFails(entry);
  const verdict = failing ? 'unknown' : `registry-${entry.status}`;
  const department = entry.department.name || entry.department.id;
  const lines: string[] = [
    t('registry.text', { department, date: formatTime(words, entry.signedAt, false) }),
    ...registryLines(words, entry),
  ];
  if (entry.status !== 'valid' && entry.statusReason)
    lines.push(t('verdict.reason', { reason: entry.statusReason }));
  return verdictArticle(
    verdict,
    {
      label: t('registry.heading'),
      title: failing ? t('verdict.unknown') : t(`status.${entry.status}`),
      lines,
    },
    facts([
      [t('field.department'), department],
      [t('field.signedAt'), formatTime(words, entry.signedAt)],
      ...registryRows(words, entry),
      fingerprintRow(words, entry.digest.algorithm, entry.digest.value),
      timeZoneRow(words),
    ]),
    el('p', { class: 'registry-hint' }, t('registry.checkFile')),
  );
}

/** An unknown code: "not found", and not to be relied on. */
export function notFoundMessage(words: Words, code: string): Element {
  const shown = /^[0-9A-Z]{16}$/i.test(code)
    ? (code.toUpperCase().match(/.{1,4}/g) ?? []).join('-')
    : code;
  return messageBox(
    'error',
    'error.notFound.text',
    words.t('error.notFound.title'),
    words.t('error.notFound.text', { code: shown }),
  );
}
