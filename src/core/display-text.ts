/**
 * Text that Signet shows to people as a name (a department's name in its certificates and on the
 * citizen page, a document's file name in the registry): one spelling per name and nothing that
 * changes what a reader sees. Unicode TR #36 (Security Considerations) 3.1 and 3.3: bidirectional
 * controls (UAX #9 explicit embeddings, overrides, isolates and marks) reorder what is displayed,
 * so "gro.enilno" can read as "online.org"; zero-width characters make two names that look the same
 * differ; control characters are not text. Normalization Form C (UAX #15) gives each name one
 * encoding, so uniqueness is about what is read, not how it was typed.
 */

/** C0 and C1 controls and DEL: Unicode general category Cc. */
const CONTROL = /\p{Cc}/u;
/** UAX #9 explicit formatting characters: ALM, LRM, RLM, LRE..RLO, LRI..PDI. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
/** Invisible characters: zero width space, ZWNJ, ZWJ, word joiner, invisible operators, BOM. */
const INVISIBLE = /[\u200b-\u200d\u2060-\u2064\ufeff]/u;

/** The name in NFC, trimmed, or why it cannot be one (a sentence to show the caller). */
export function displayName(
  text: string,
  maxLength: number,
): { name: string } | { problem: string } {
  const name = text.normalize('NFC').trim();
  if (name.length === 0 || [...name].length > maxLength)
    return { problem: `must have 1 to ${maxLength} characters` };
  if (CONTROL.test(name)) return { problem: 'must not contain control characters' };
  if (BIDI.test(name))
    return { problem: 'must not contain bidirectional controls (they change what is displayed)' };
  if (INVISIBLE.test(name)) return { problem: 'must not contain zero-width characters' };
  return { name };
}
