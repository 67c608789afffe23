/**
 * Markup (verification/page/markup.ts) as DOM nodes: the page's script renders the same views the
 * server writes into the HTML. Text becomes text nodes, never HTML.
 */
import type { Markup } from '../verification/page/markup';

const SVG = 'http://www.w3.org/2000/svg';

export function toDom(markup: Markup, inSvg = false): Node {
  if (typeof markup === 'string') return document.createTextNode(markup);
  const svg = inSvg || markup.tag === 'svg';
  const node = svg ? document.createElementNS(SVG, markup.tag) : document.createElement(markup.tag);
  for (const [name, value] of Object.entries(markup.attrs)) {
    if (value !== undefined) node.setAttribute(name, value);
  }
  for (const child of markup.children) node.append(toDom(child, svg));
  return node;
}
