import type { RandomSource } from '../ports';

/**
 * Verification codes: 16 symbols from 30 that cannot be mistaken for one another when read off
 * paper (no 0, O, 1, I or L; no U, as in Crockford's base 32), about 78 random bits, printed in four groups:
 * "7KQD-M2XF-9TWA-H4PC". Symbols are drawn by rejection sampling, so each is equally likely.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 16;
const GROUP = 4;

export function newVerificationCode(random: RandomSource): string {
  const symbols: string[] = [];
  const limit = 256 - (256 % CODE_ALPHABET.length);
  while (symbols.length < LENGTH) {
    for (const byte of random.bytes(LENGTH * 2)) {
      if (byte < limit && symbols.length < LENGTH)
        symbols.push(CODE_ALPHABET[byte % CODE_ALPHABET.length] ?? '');
    }
  }
  return symbols.join('');
}

/** The printed form, grouped by dashes. */
export function formatVerificationCode(code: string): string {
  return (code.match(new RegExp(`.{1,${GROUP}}`, 'g')) ?? []).join('-');
}

/**
 * The canonical form of what a person typed (dashes, spaces and case ignored), or undefined when it
 * cannot be a code.
 */
export function normalizeVerificationCode(input: string): string | undefined {
  const cleaned = input.replace(/[\s-]/g, '').toUpperCase();
  if (cleaned.length !== LENGTH) return undefined;
  for (const c of cleaned) if (!CODE_ALPHABET.includes(c)) return undefined;
  return cleaned;
}
