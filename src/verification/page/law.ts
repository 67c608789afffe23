/**
 * The law section of a report on the citizen page (issue 19): each condition of the Electronic
 * Signature Law Art. 13 in plain words, whether it is met, and why, then the note that this is a
 * technical assessment and not legal advice. Words from the reason catalogues (law.*) and the
 * page's dictionaries (law.title, law.outcome.*), so the page says what the API and the CLI say.
 */
import { reason } from '../reasons';
import type { LawSection } from '../report';
import { el, type Element } from './markup';
import { reasonText, type Words } from './view';

export function lawSection(words: Words, law: LawSection): Element {
  return el(
    'section',
    { class: 'law', 'aria-labelledby': 'law-title' },
    el('h3', { class: 'law-title', id: 'law-title' }, words.t('law.title')),
    el(
      'ul',
      { class: 'law-list' },
      law.conditions.map((c) =>
        el(
          'li',
          {
            class: `law-condition law--${c.outcome}`,
            'data-condition': String(c.condition),
            'data-outcome': c.outcome,
          },
          el('span', { class: 'law-outcome' }, words.t(`law.outcome.${c.outcome}`)),
          ' ',
          el(
            'span',
            { class: 'law-name' },
            reasonText(words, reason(`law.condition_${c.condition}`)),
          ),
          el(
            'p',
            { class: 'law-message', 'data-reason': c.reason.id },
            reasonText(words, c.reason),
          ),
        ),
      ),
    ),
    el('p', { class: 'law-note' }, reasonText(words, law.noteReason)),
  );
}
