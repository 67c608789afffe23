/**
 * Markup as data: the citizen page's views are built once, as plain objects, and rendered twice:
 * as escaped HTML by the server (GET /verify/{code} works without JavaScript) and as DOM nodes by
 * the page's script (src/web/dom.ts). Pure TypeScript, no DOM and no Node: the page bundles it.
 */

export type Attrs = Readonly<Record<string, string | undefined>>;

export interface Element {
  tag: string;
  attrs: Attrs;
  children: readonly Markup[];
}

export type Markup = Element | string;

/** What a view may put among children: nothing (skipped), text, markup, or lists of them. */
export type Child = Markup | number | null | undefined | false | readonly Child[];

const flatten = (children: readonly Child[]): Markup[] =>
  children.flatMap((c): Markup[] => {
    if (c === null || c === undefined || c === false) return [];
    if (Array.isArray(c)) return flatten(c as readonly Child[]);
    return [typeof c === 'number' ? String(c) : (c as Markup)];
  });

export function el(tag: string, attrs: Attrs = {}, ...children: Child[]): Element {
  return { tag, attrs, children: flatten(children) };
}

/** HTML 13.1.2: text and attribute values with &, <, >, " and ' written as references. */
export const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** The HTML of markup; every text and attribute value escaped (names are user data). */
export function toHtml(markup: Markup): string {
  if (typeof markup === 'string') return escapeHtml(markup);
  const attrs = Object.entries(markup.attrs)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => (value === '' ? ` ${name}` : ` ${name}="${escapeHtml(value)}"`))
    .join('');
  return `<${markup.tag}${attrs}>${markup.children.map(toHtml).join('')}</${markup.tag}>`;
}
