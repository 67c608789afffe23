/**
 * The shape of a language's catalogue: a template per reason id whose {placeholders} are exactly
 * that reason's parameters, checked by the compiler: a reason left untranslated, a parameter a
 * language forgets or one it invents is a type error, not a sentence missing at run time.
 */
import type { CheckId } from '../report';
import type { ParamsOf, ReasonId } from './ids';

/** The languages of the report (BCP 47 tags): Chinese for the public, English by default. */
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The {names} in a template. */
type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** A template whose placeholders are exactly the parameters of `Id`, else an error naming it. */
type Checked<Id extends ReasonId, S> = S extends string
  ? Same<Placeholders<S>, keyof ParamsOf<Id> & string> extends true
    ? S
    : `the template of ${Id} must use exactly its parameters`
  : never;

export type Templates<T extends Record<ReasonId, string>> = {
  [Id in ReasonId]: Checked<Id, T[Id]>;
};

export interface Catalogue {
  language: Language;
  /** Between the items of a list ("a, b" / "a、b"). */
  listSeparator: string;
  /** Between sentences: a space in English, nothing in Chinese. */
  sentenceSeparator: string;
  /** The check names of the report. */
  checks: Record<CheckId, string>;
  reasons: Record<ReasonId, string>;
}

/** The templates of one language, checked against every reason's parameters. */
export function templates<const T extends Record<ReasonId, string>>(
  reasons: T & Templates<T>,
): Record<ReasonId, string> {
  return reasons;
}
