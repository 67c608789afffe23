/**
 * The JSON Canonicalization Scheme (RFC 8785): one byte sequence per JSON value, so a signature
 * over it (a validation receipt) can be checked by re-encoding what it carries. Objects have their
 * members sorted by the UTF-16 code units of their names (3.2.3), numbers are written as
 * ECMAScript's Number.prototype.toString writes them (3.2.2.3, the same algorithm JSON.stringify
 * uses), strings with the minimal escapes of 3.2.2.2, no whitespace (3.2.1). Values that I-JSON
 * (RFC 7493) forbids are refused: NaN and the infinities, strings with lone surrogates.
 */
import { FormatError } from './errors';

/** A JSON value as JSON.parse gives it. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** RFC 8785 3.2.2.2: a lone surrogate is not a Unicode string, so it cannot be canonical. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function canonicalString(value: string): string {
  if (LONE_SURROGATE.test(value)) {
    throw new FormatError(
      'INVALID_VALUE',
      'A JSON string holds a lone surrogate (RFC 8785 3.2.2.2).',
    );
  }
  // JSON.stringify escapes exactly ", \ and U+0000..U+001F, the latter as \b \t \n \f \r or
  // \u00xx in lower-case hexadecimal: RFC 8785 3.2.2.2's rules.
  return JSON.stringify(value);
}

function canonicalNumber(value: number): string {
  if (!Number.isFinite(value)) {
    throw new FormatError('INVALID_VALUE', 'JSON has no NaN or Infinity (RFC 8785 3.2.2.3).');
  }
  // ECMA-262 Number::toString, which writes -0 as "0" as RFC 8785 requires.
  return String(value);
}

/** UTF-16 code unit order (RFC 8785 3.2.3): JavaScript's default string comparison. */
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The canonical JSON text of `value` (RFC 8785), undefined members left out as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return canonicalNumber(value);
    case 'string':
      return canonicalString(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => byCodeUnits(a, b));
      return `{${entries.map(([k, v]) => `${canonicalString(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    default:
      throw new FormatError('INVALID_VALUE', `A ${typeof value} is not a JSON value.`);
  }
}
